"""Quote attribution on real coverage: PolNeAR's gold Source/Cue/Content against newsdesk's extraction.

    uv run python bench/attribution.py --polnear <PolNeAR checkout or its data folder> --split dev
    uv run python bench/attribution.py --polnear ... --split train --no-fail --worst 40

Reads PolNeAR's own files (`data/<split>/text/*.txt`, `data/<split>/attributions/*.ann`,
brat standoff; an article with several annotators' .ann files is judged on the first in
sorted order), extracts every article with `newsdesk.extraction.extract`, and prints
direct-quote recall and precision, cue and named-speaker accuracy (overall and per outlet),
the misses by category, the worst misses with their context, then one line per goal.
Exits 1 when a goal is not met (`--no-fail` to always exit 0). How each figure is judged is in
`newsdesk/attribution_score.py`; the figures are those of the shared PolNeAR scorer.

The test split is held back for evaluation: measure on dev, study train, never tune to either
article by article. PolNeAR is third-party data: keep it and this script's output out of the repo.
"""

import argparse
import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _setup import machine_line  # noqa: E402

from newsdesk.attribution_score import (  # noqa: E402
    PRONOUNS,
    DocumentResult,
    Judged,
    Prediction,
    Score,
    judge_document,
    load_split,
    norm,
)
from newsdesk.extraction import extract  # noqa: E402

GOALS = [("recall", 0.95), ("precision", 0.95), ("cue", 0.90), ("speaker", 0.90)]
OUTLET_GOAL = 0.80  # every outlet, on cue and on named speaker
UNSCORED = "pronoun source, no speaker (not scored)"
SPURIOUS = "not a gold quote (precision)"


def predictions(text: str) -> list[Prediction]:
    return [
        Prediction(
            q.start,
            q.end,
            q.text,
            q.kind,
            q.speaker,
            q.cue.text if q.cue else None,
            q.speaker_mention.text if q.speaker_mention else "",
        )
        for q in extract(text).quotes
    ]


def figures(score: Score) -> str:
    return (
        f"recall {score.recall:.3f} ({score.matched}/{score.gold}), "
        f"precision {score.precision:.3f} ({score.correct}/{score.predicted}); "
        f"cue {score.cue:.3f} ({score.cue_ok}/{score.cue_n}); "
        f"named speaker {score.speaker:.3f} ({score.speaker_ok}/{score.speaker_n})"
    )


def one_line(text: str, width: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def categories(
    results: list[DocumentResult],
) -> tuple[collections.Counter[str], list[tuple[str, DocumentResult, Judged]]]:
    counts: collections.Counter[str] = collections.Counter()
    misses = []
    for r in results:
        for j in r.judged:
            for category in j.misses:
                counts[category] += 1
            if j.misses:
                misses.append((j.misses[0], r, j))
            elif j.prediction is not None and not j.prediction.speaker and norm(j.gold.source) in PRONOUNS:
                counts[UNSCORED] += 1
        counts[SPURIOUS] += len(r.spurious)
    return counts, misses


def severity(judged: Judged) -> int:
    """How much of what is judged went wrong: all of it when the quote was not found."""
    return 3 if judged.prediction is None else len(judged.misses)


def worst(misses: list[tuple[str, DocumentResult, Judged]], n: int) -> list[tuple[str, DocumentResult, Judged]]:
    """The n worst: most judged things wrong first (a quote not found loses all), longest quotes
    first among equals, taken in turn from each category so each kind of failure shows."""
    by_category: dict[str, list[tuple[str, DocumentResult, Judged]]] = collections.defaultdict(list)
    for miss in misses:
        by_category[miss[0]].append(miss)
    for found in by_category.values():
        found.sort(key=lambda m: (-severity(m[2]), -len(m[2].gold.text), m[1].doc.doc_id))
    order = sorted(by_category, key=lambda c: -len(by_category[c]))
    picked: list[tuple[str, DocumentResult, Judged]] = []
    while len(picked) < n and any(by_category.values()):
        for category in order:
            if by_category[category] and len(picked) < n:
                picked.append(by_category[category].pop(0))
    return picked


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--polnear", required=True, type=Path, help="a PolNeAR checkout, or its data folder")
    parser.add_argument("--split", choices=["dev", "train"], default="dev", help="the test split is held back")
    parser.add_argument("--worst", type=int, default=20, help="how many of the worst misses to show")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a goal is not met")
    args = parser.parse_args()

    docs = load_split(args.polnear, args.split)
    started = time.perf_counter()
    results = [judge_document(doc, predictions(doc.text)) for doc in docs]
    elapsed = time.perf_counter() - started

    total = Score()
    by_outlet: dict[str, Score] = collections.defaultdict(Score)
    articles: collections.Counter[str] = collections.Counter()
    for r in results:
        total.add(r.score)
        by_outlet[r.doc.outlet].add(r.score)
        articles[r.doc.outlet] += 1

    print(f"Attribution on PolNeAR {args.split} · {machine_line()}")
    print(f"command: uv run python bench/attribution.py --polnear {args.polnear} --split {args.split}\n")
    print(
        f"PolNeAR {args.split} ({len(docs)} articles, extracted in {elapsed:.1f} s): direct quotes {figures(total)}\n"
    )

    print("| outlet | articles | recall | precision | cue | named speaker |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for outlet in sorted(by_outlet):
        s = by_outlet[outlet]
        print(
            f"| {outlet} | {articles[outlet]} | {s.recall:.2f} ({s.matched}/{s.gold}) "
            f"| {s.precision:.2f} ({s.correct}/{s.predicted}) | {s.cue:.2f} ({s.cue_ok}/{s.cue_n}) "
            f"| {s.speaker:.2f} ({s.speaker_ok}/{s.speaker_n}) |"
        )

    counts, misses = categories(results)
    print("\n| miss | count |")
    print("| --- | ---: |")
    for category, n in counts.most_common():
        if n:
            print(f"| {category} | {n} |")

    picked = worst(misses, args.worst)
    print(f"\nThe {len(picked)} worst misses:")
    for k, (_, r, j) in enumerate(picked, 1):
        q = j.prediction
        print(f"\n{k}. {', '.join(j.misses)} · {r.doc.doc_id} ({r.doc.outlet})")
        print(f"   gold: source {j.gold.source!r}, cue {j.gold.cue!r}: {one_line(j.gold.text, 160)!r}")
        if q is not None:
            named = f" (named {q.speaker_text!r})" if q.speaker_text and q.speaker_text != q.speaker else ""
            print(f"   got:  speaker {q.speaker!r}{named}, cue {q.cue!r}, {q.kind} quote")
        print(f"   context: …{one_line(j.context)}…")

    print()
    failed = False
    for name, goal in GOALS:
        value = getattr(total, name)
        failed |= value < goal
        print(f"{'ok' if value >= goal else 'FAIL'}: {name} {value:.3f} (goal ≥ {goal:.2f})")
    for outlet in sorted(by_outlet):
        s = by_outlet[outlet]
        good = s.cue >= OUTLET_GOAL and s.speaker >= OUTLET_GOAL
        failed |= not good
        print(
            f"{'ok' if good else 'FAIL'}: {outlet} cue {s.cue:.2f}, named speaker {s.speaker:.2f} "
            f"(goal ≥ {OUTLET_GOAL:.2f} each)"
        )
    return 1 if failed and not args.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
