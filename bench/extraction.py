"""Extraction speed: articles/s and MB/s on ~1,000 generated articles and on one 5 MB text.

    uv run python bench/extraction.py [--articles 1000] [--repeat 5] [--stages] [--cold]
    uv run python bench/extraction.py --fingerprint   # a hash of the output, to compare before/after

Prints median and p95 over repeats (pure Python, one core, no database), after one call
that compiles the lexicons (timed and printed on its own). `--stages` adds where the time
goes on the article corpus, stage by stage (one extra timed pass).
"""

import argparse
import collections
import hashlib
import importlib
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _setup import machine_line, percentile  # noqa: E402

import newsdesk.extraction as pipeline  # noqa: E402
from newsdesk.extraction import extract  # noqa: E402

# (module, function) pairs that `run` calls once per article: the stages timed by --stages.
STAGES = [
    ("newsdesk.extraction.segment", "paragraphs"),
    ("newsdesk.extraction.segment", "sentences"),
    ("newsdesk.extraction", "embedded_posts"),
    ("newsdesk.extraction", "cross_links"),
    ("newsdesk.extraction", "credits"),
    ("newsdesk.extraction", "pair_marks"),
    ("newsdesk.extraction.quotes", "quotes"),
    ("newsdesk.extraction.quotes", "indirect"),
    ("newsdesk.extraction", "framing_candidates"),
    ("newsdesk.extraction", "figures"),
    ("newsdesk.extraction", "chains"),
]

SEED = (Path(__file__).resolve().parents[1] / "newsdesk" / "demo_data" / "seed.txt").read_text(encoding="utf-8")
FIXTURES = sorted((Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "extraction").glob("*.txt"))


def corpus(n: int, rng: random.Random) -> list[str]:
    """Articles made by shuffling the seed's and the fixtures' paragraphs (wire-copy shaped)."""
    paragraphs = SEED.split("\n") + [p for f in FIXTURES for p in f.read_text(encoding="utf-8").split("\n")]
    return ["\n".join(rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(8, 20)))) for _ in range(n)]


def stage_table(articles: list[str]) -> list[str]:
    """Time each stage by wrapping it where `run` looks it up; the rest is speakers and assembly."""
    spent: collections.Counter[str] = collections.Counter()

    def timed(name: str, function: object) -> object:
        def wrapper(*args: object, **kwargs: object) -> object:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)  # type: ignore[operator]
            finally:
                spent[name] += time.perf_counter() - start

        return wrapper

    originals = []
    for module_name, name in STAGES:
        module = importlib.import_module(module_name)
        originals.append((module, name, getattr(module, name)))
        setattr(module, name, timed(name, getattr(module, name)))
    try:
        pipeline.clear_caches()
        start = time.perf_counter()
        for article in articles:
            pipeline.extract(article)
        total = time.perf_counter() - start
    finally:
        for module, name, function in originals:
            setattr(module, name, function)
    spent["speakers, cue index and assembly"] = total - sum(spent.values())
    lines = ["| stage | time | share |", "| --- | ---: | ---: |"]
    lines += [f"| {name} | {t * 1000:.0f} ms | {100 * t / total:.0f} % |" for name, t in spent.most_common()]
    return lines


def fingerprint(articles: list[str]) -> str:
    """One hash of every value extracted: equal before and after a change means the change
    kept the output as it was (what a speed-up should do)."""
    digest = hashlib.sha256()
    for text in [*articles, SEED, *(f.read_text(encoding="utf-8") for f in FIXTURES)]:
        digest.update(repr(extract(text)).encode())
    return digest.hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--stages", action="store_true", help="also time each stage on the article corpus")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="also time the corpus with the name caches cleared before every article (no reuse across articles)",
    )
    parser.add_argument(
        "--fingerprint",
        action="store_true",
        help="print a hash of everything extracted from the corpus, the seed and the fixtures, and stop",
    )
    args = parser.parse_args()
    if args.fingerprint:
        print(fingerprint(corpus(args.articles, random.Random(1))))
        return
    rng = random.Random(1)
    articles = corpus(args.articles, rng)
    size_mb = sum(len(a.encode()) for a in articles) / 1e6
    big = ("\n".join(articles) * 5)[: 5 * 1024 * 1024]
    big_mb = len(big.encode()) / 1e6

    # The first call compiles the lexicons (once per process, as in the app): timed on its own.
    t = time.perf_counter()
    extract(SEED)
    first_call = time.perf_counter() - t

    corpus_times, big_times, cold_times = [], [], []
    for _ in range(args.repeat):
        pipeline.clear_caches()  # each pass reads its names afresh, as a new process would
        t = time.perf_counter()
        for article in articles:
            extract(article)
        corpus_times.append(time.perf_counter() - t)
        pipeline.clear_caches()
        t = time.perf_counter()
        extract(big)
        big_times.append(time.perf_counter() - t)
        if args.cold:
            t = time.perf_counter()
            for article in articles:
                pipeline.clear_caches()
                extract(article)
            cold_times.append(time.perf_counter() - t)

    def row(name: str, times: list[float], mb: float, n: int) -> str:
        med, p95 = statistics.median(times), percentile(times, 95)
        per_second = f"{n / med:,.0f}" if n > 1 else "—"
        return f"| {name} | {per_second} | {mb / med:.2f} | {med:.2f} s | {p95:.2f} s |"

    print(f"Extraction benchmark · {machine_line()}")
    stages = " --stages" if args.stages else ""
    cold = " --cold" if args.cold else ""
    print(
        f"command: uv run python bench/extraction.py --articles {args.articles} --repeat {args.repeat}{stages}{cold}\n"
    )
    print("| input | articles/s | MB/s | median | p95 |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(row(f"{args.articles} articles ({size_mb:.1f} MB)", corpus_times, size_mb, args.articles))
    print(row(f"one {big_mb:.1f} MB text", big_times, big_mb, 1))
    if args.cold:
        print(row(f"{args.articles} articles, name caches cleared per article", cold_times, size_mb, args.articles))
    print(f"\nFirst call in a process (compiles the lexicons, not in the figures above): {first_call:.2f} s")
    if args.stages:
        print()
        print("\n".join(stage_table(articles)))


if __name__ == "__main__":
    main()
