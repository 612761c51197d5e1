"""Score quote attribution against gold attributions in brat standoff (PolNeAR's format).

Pure Python, no Django: `bench/attribution.py` reads a PolNeAR checkout with `load_split`,
runs the extraction and judges it with `judge_document`; the figures are the same as those
of the shared PolNeAR scorer, judged the same way:

- **Gold quotes** are the quoted segments (in “…”, "…" or the ''…'' marks of archive text,
  at least two words) of each gold attribution whose content carries quote marks.
- **Recall**: a gold quote is found when a predicted direct or partial quote (at least two
  words) has the same text: equal once normalised, or one inside the other with at least 60 %
  of the other's length, or sharing 70 % of their words. Each prediction matches one gold quote.
- **Precision**: a prediction is right when it matched, lies inside a gold content span, or
  has the same text as some gold quote.
- **Cue**, on found quotes: right when any content word of the gold cue (not has/also/later…)
  is among the predicted cue's words; punctuation-only gold cues (":" "―") are not judged.
  A record whose source is only a speech verb and whose cue is capitalised (the annotator
  swapped them) is swapped back.
- **Named speaker**, on found quotes: judged only when the gold source's head (before the
  first comma) ends in a capitalised word; its last name (titles dropped) must be one of the
  predicted speaker's words. "the CNN host" and "he" are not judged. A head ending in a party
  label ("Sen. Ada Brisk (D-Ore.)") ends in a capitalised word too: the label's last word
  ("ore") is the name to carry, as the shared scorer has it, so such quotes are missed by any
  speaker without the label (the misses list them apart).
"""

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


QUOTE_MARKS = '"“”'
QUOTED = re.compile(r"[“\"]([^“”\"]{3,}?)[”\"]|''([^']{3,}?)''")
TITLES = words(
    "mr mrs ms dr sen senator rep gov governor president gen secretary speaker judge rev prof sir "
    "lord lady chairman chair leader mayor minister"
)
# Words of a gold cue that say nothing about the cue itself ("has also said" is judged by "said").
AUXILIARIES = words(
    "has have had also later then would will was were is are be been once again just previously "
    "recently quickly further and but he she it they in a an the to on of last this week month year"
)
SPEECH_VERBS = words("said says say told tells wrote writes added asked stated noted explained")
NOT_NAMES = words("the a an he she they it we i")
PRONOUNS = words("he she they him her them his it we i you")
CONTEXT = 120  # characters of context kept each side of a gold quote
BESIDE = 40  # a gold cue this close to its quote (characters) is beside it
# "Sen. Ada Brisk (D-Ore.)": the rule above takes the label's last word ("ore") as the name.
PARTY_LABEL = re.compile(r"\([^()]*\)\s*$")
NAME_TOKEN = re.compile(r"[A-Za-z][\w'’.-]*")


# ---- brat standoff -------------------------------------------------------------------------


@dataclass(frozen=True)
class Fragment:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Attribution:
    """One gold attribution: each role holds its mentions, each mention its fragments."""

    id: str
    source: tuple[tuple[Fragment, ...], ...] = ()
    cue: tuple[tuple[Fragment, ...], ...] = ()
    content: tuple[tuple[Fragment, ...], ...] = ()

    @property
    def source_text(self) -> str:
        return joined(self.source)

    @property
    def cue_text(self) -> str:
        return joined(self.cue)

    @property
    def content_text(self) -> str:
        return joined(self.content)

    @property
    def content_has_quote_marks(self) -> bool:
        content = self.content_text.strip()
        return bool(content) and (content[0] in QUOTE_MARKS or content.rstrip(",.")[-1:] in QUOTE_MARKS)


@dataclass(frozen=True)
class Document:
    doc_id: str
    outlet: str
    text: str
    attributions: tuple[Attribution, ...]


def joined(role: Iterable[Sequence[Fragment]]) -> str:
    return " ".join(f.text for mention in role for f in mention)


def read_brat(text: str, ann: str) -> tuple[Attribution, ...]:
    """The attributions of one .ann file: `T` lines are spans ("T3<TAB>Content 10 20;25 30<TAB>…"),
    `E` lines tie them into events ("E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1");
    roles keep their name without a trailing number ("Content2" is a second Content)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[tuple[str, dict[str, list[str]]]] = []
    for line in ann.splitlines():
        if not re.match(r"^[TE]\d+\t", line):
            continue
        parts = line.split("\t")
        if line.startswith("T"):
            offsets = parts[1].split(" ", 1)[1]
            spans[parts[0]] = [(int(a), int(b)) for a, b in (o.split() for o in offsets.split(";"))]
        else:
            roles: dict[str, list[str]] = defaultdict(list)
            for pair in parts[1].split():
                role, target = pair.split(":")
                roles[re.sub(r"\d+$", "", role)].append(target)
            events.append((parts[0], roles))

    def mentions(targets: list[str]) -> tuple[tuple[Fragment, ...], ...]:
        return tuple(tuple(Fragment(s, e, text[s:e]) for s, e in spans[t]) for t in targets)

    return tuple(
        Attribution(
            id=eid,
            source=mentions(roles.get("Source", [])),
            cue=mentions(roles.get("Cue", [])),
            content=mentions(roles.get("Content", [])),
        )
        for eid, roles in events
    )


def split_folder(root: Path, split: str) -> Path:
    """`<root>/data/<split>` for a checkout, `<root>/<split>` for its data folder."""
    for candidate in (root / "data" / split, root / split):
        if (candidate / "attributions").is_dir():
            return candidate
    raise FileNotFoundError(f"no {split}/attributions under {root} (a PolNeAR checkout or its data folder)")


def load_split(root: Path, split: str) -> list[Document]:
    """Every annotated article of a split, in doc-id order. An article several annotators did has
    one .ann each (`<doc>_<annotator>.ann`): the first annotator in sorted order is used. The outlet
    is the publisher in `data/metadata.tsv` when there is one, else the file name's first part."""
    folder = split_folder(root, split)
    publishers: dict[str, str] = {}
    metadata = folder.parent / "metadata.tsv"
    if metadata.is_file():
        with metadata.open(encoding="utf-8", newline="") as f:
            publishers = {r["filename"]: r.get("publisher") or "" for r in csv.DictReader(f, delimiter="\t")}
    by_doc: dict[str, list[tuple[str, Path]]] = defaultdict(list)
    for path in (folder / "attributions").glob("*.ann"):
        doc, annotator = path.stem.rsplit("_", 1)
        by_doc[doc].append((annotator, path))
    documents = []
    for doc in sorted(by_doc):
        _, ann = min(by_doc[doc])
        text = read_exactly(folder / "text" / f"{doc}.txt")
        attributions = read_brat(text, read_exactly(ann))
        documents.append(Document(doc, publishers.get(doc) or doc.split("_", 1)[0], text, attributions))
    return documents


def read_exactly(path: Path) -> str:
    """The file's text with its line ends as they are (the offsets count a \r\n as two)."""
    with path.open(encoding="utf-8", newline="") as f:
        return f.read()


# ---- judging -------------------------------------------------------------------------------


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold().replace("’", "'")
    return re.sub(r"[\W_]+", " ", text).strip()


def same_text(a: str | None, b: str | None) -> bool:
    """Equal once normalised, one inside the other (≥ 60 % of its length), or 70 % shared words."""
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    if a == b:
        return True
    if (a in b or b in a) and min(len(a), len(b)) / max(len(a), len(b)) >= 0.6:
        return True
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) / len(wa | wb) >= 0.7


def surname(source: str) -> str | None:
    """The name a right speaker must carry, or None when the source is not a named one."""
    head = source.split(",")[0]
    tokens = NAME_TOKEN.findall(head)
    if not tokens or not tokens[-1][0].isupper():
        return None
    names = [t for t in tokens if t[0].isupper() and norm(t) not in TITLES and len(norm(t)) > 1]
    names = [t for t in names if norm(t) not in NOT_NAMES]
    return norm(names[-1]).split()[-1] if names else None


def cue_words(cue: str) -> list[str]:
    return [w for w in norm(cue).split() if w not in AUXILIARIES]


@dataclass(frozen=True)
class GoldQuote:
    text: str
    source: str
    cue: str
    start: int  # where the quoted words stand in the article (approximate past a gap in the content)
    end: int
    archive_marks: bool = False  # in the ''…'' of archive text
    cue_at: tuple[int, int] | None = None  # where the gold cue stands (its first fragment)


def gold_quotes(doc: Document) -> list[GoldQuote]:
    out = []
    for at in doc.attributions:
        content = at.content_text
        if not (at.content_has_quote_marks or "''" in content):
            continue
        source, cue = at.source_text, at.cue_text
        if norm(source) in SPEECH_VERBS and cue[:1].isupper():
            source, cue = cue, source
        fragments = [f for mention in at.content for f in mention]
        cue_at = next(((f.start, f.end) for mention in at.cue for f in mention), None)
        if norm(at.source_text) in SPEECH_VERBS and at.cue_text[:1].isupper():
            cue_at = next(((f.start, f.end) for mention in at.source for f in mention), None)
        for m in QUOTED.finditer(content):
            group = 1 if m.group(1) is not None else 2
            text = m.group(group)
            if len(text.split()) >= 2:
                start, end = locate(fragments, m.start(group), m.end(group))
                out.append(GoldQuote(text, source, cue, start, end, archive_marks=group == 2, cue_at=cue_at))
    return out


def locate(fragments: Sequence[Fragment], start: int, end: int) -> tuple[int, int]:
    """Article offsets of [start, end) in the fragments' texts joined by single spaces."""
    positions: list[int] = []
    for f in fragments:
        positions.extend(range(f.start, f.end))
        positions.append(f.end)  # the joining space
    if not positions:
        return 0, 0
    return positions[min(start, len(positions) - 1)], positions[min(max(end - 1, 0), len(positions) - 1)] + 1


@dataclass(frozen=True)
class Prediction:
    """A quote as the extraction gave it (direct and partial ones are judged)."""

    start: int
    end: int
    text: str
    kind: str
    speaker: str | None = None
    cue: str | None = None
    speaker_text: str = ""  # how the article named the speaker for this quote ("he", "Mr. Wren")


@dataclass(frozen=True)
class Judged:
    """One gold quote and what the extraction made of it."""

    gold: GoldQuote
    prediction: Prediction | None
    context: str = ""  # the article's text around the gold quote
    cue_judged: bool = False
    cue_ok: bool = False
    speaker_judged: bool = False
    speaker_ok: bool = False
    other_kind: str = ""  # not found as a direct or partial quote, but as this kind ("scare")

    @property
    def cue_beside(self) -> bool:
        """The gold cue stands within BESIDE characters of the quote (in the same sentence, mostly)."""
        cue = self.gold.cue_at
        return cue is not None and max(cue[0] - self.gold.end, self.gold.start - cue[1]) <= BESIDE

    @property
    def misses(self) -> list[str]:
        """The categories of what went wrong ([] when all that is judged is right)."""
        q = self.prediction
        if q is None:
            if self.other_kind:
                return [f"quote found as {self.other_kind}"]
            return ["quote not found ('' marks)" if self.gold.archive_marks else "quote not found"]
        found = []
        if self.cue_judged and not self.cue_ok:
            if q.cue:
                found.append("wrong cue")
            elif self.cue_beside:
                found.append("no cue (the cue is beside the quote)")
            else:
                found.append("no cue (the cue is further away: a continuation)")
        if self.speaker_judged and not self.speaker_ok:
            if PARTY_LABEL.search(self.gold.source.split(",")[0]):
                found.append("wrong speaker (judged by a party label)")
            elif not q.speaker:
                found.append("no speaker")
            elif norm(q.speaker_text) in PRONOUNS:
                found.append("wrong speaker (pronoun)")
            else:
                found.append("wrong speaker")
        return found


@dataclass
class Score:
    gold: int = 0
    matched: int = 0
    predicted: int = 0
    correct: int = 0
    cue_n: int = 0
    cue_ok: int = 0
    speaker_n: int = 0
    speaker_ok: int = 0

    def add(self, other: "Score") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def recall(self) -> float:
        return self.matched / max(1, self.gold)

    @property
    def precision(self) -> float:
        return self.correct / max(1, self.predicted)

    @property
    def cue(self) -> float:
        return self.cue_ok / max(1, self.cue_n)

    @property
    def speaker(self) -> float:
        return self.speaker_ok / max(1, self.speaker_n)


@dataclass
class DocumentResult:
    doc: Document
    score: Score
    judged: list[Judged] = field(default_factory=list)
    spurious: list[Prediction] = field(default_factory=list)  # predictions counted wrong for precision


def judge_document(doc: Document, predictions: Iterable[Prediction]) -> DocumentResult:
    every = list(predictions)
    preds = [q for q in every if q.kind in ("direct", "partial") and len(norm(q.text).split()) >= 2]
    others = [q for q in every if q.kind not in ("direct", "partial")]
    gold = gold_quotes(doc)
    spans = [(f.start, f.end) for at in doc.attributions for mention in at.content for f in mention]
    score = Score(gold=len(gold), predicted=len(preds))
    result = DocumentResult(doc, score)
    used: set[int] = set()
    for g in gold:
        context = doc.text[max(0, g.start - CONTEXT) : g.end + CONTEXT]
        hit = next((i for i, q in enumerate(preds) if i not in used and same_text(q.text, g.text)), None)
        if hit is None:
            other = next((q.kind for q in others if same_text(q.text, g.text)), "")
            result.judged.append(Judged(g, None, context, other_kind=other))
            continue
        used.add(hit)
        score.matched += 1
        q = preds[hit]
        words = cue_words(g.cue)
        cue_ok = bool(words) and any(w in norm(q.cue).split() for w in words)
        name = surname(g.source)
        speaker_ok = bool(name) and name in norm(q.speaker).split()
        score.cue_n += bool(words)
        score.cue_ok += cue_ok
        score.speaker_n += bool(name)
        score.speaker_ok += speaker_ok
        result.judged.append(Judged(g, q, context, bool(words), cue_ok, bool(name), speaker_ok))
    for i, q in enumerate(preds):
        inside = any(a <= q.start and q.end <= b for a, b in spans)
        if i in used or inside or any(same_text(q.text, g.text) for g in gold):
            score.correct += 1
        else:
            result.spurious.append(q)
    return result
