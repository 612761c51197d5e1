"""Align the same quote across articles: verbatim, trimmed, or a partial quote of a longer one.

Two quotes from different articles are the same when their normalised texts are close
(rapidfuzz ratio) or when the shorter one (at least MIN_PARTIAL_WORDS words) sits almost
verbatim inside the longer (partial ratio). Groups are connected components, best match
per article; a quote nobody else carries is "only in" its article.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

# Tested in tests/unit/comparison/test_align.py: trims and partial quotes score ≥ 90,
# different sentences on the same topic stay below 75.
THRESHOLD = 85.0
MIN_PARTIAL_WORDS = 3
PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class QuoteItem:
    article: int
    text: str
    kind: str = "direct"
    speaker: str = ""  # canonical speaker name
    speaker_text: str = ""  # as this outlet named them
    cue: str = ""
    stance: str = ""
    ref: Any = None  # the Quote row, for views


@dataclass
class AlignedGroup:
    members: dict[int, QuoteItem] = field(default_factory=dict)  # article id -> quote
    score: float = 100.0

    @property
    def articles(self) -> list[int]:
        return sorted(self.members)

    @property
    def is_shared(self) -> bool:
        return len(self.members) > 1

    @property
    def longest(self) -> QuoteItem:
        return max(self.members.values(), key=lambda q: len(q.text))


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    return " ".join(PUNCT.sub(" ", text).split())


def similarity(a: str, b: str) -> float:
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return 0.0
    score = fuzz.ratio(na, nb)
    short = na if len(na) <= len(nb) else nb
    if len(short.split()) >= MIN_PARTIAL_WORDS:
        score = max(score, fuzz.partial_ratio(na, nb))
    return float(score)


def align_quotes(items: list[QuoteItem], *, threshold: float = THRESHOLD) -> list[AlignedGroup]:
    """Groups of the same quote, in the order of their first appearance; unmatched quotes alone."""
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    best: dict[tuple[int, int], float] = {}
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i].article == items[j].article:
                continue
            score = similarity(items[i].text, items[j].text)
            if score >= threshold:
                best[(i, j)] = score
                parent[find(j)] = find(i)
    groups: dict[int, AlignedGroup] = {}
    order: list[int] = []
    for i, item in enumerate(items):
        root = find(i)
        if root not in groups:
            groups[root] = AlignedGroup()
            order.append(root)
        group = groups[root]
        current = group.members.get(item.article)
        # One quote per article in a group: keep the longer one (the fuller version).
        if current is None or len(item.text) > len(current.text):
            group.members[item.article] = item
    for (i, _j), score in best.items():
        group = groups[find(i)]
        group.score = min(group.score, score)
    return [groups[r] for r in order]
