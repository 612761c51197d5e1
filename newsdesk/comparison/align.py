"""Align the same quote across articles: verbatim, trimmed, a fragment, an ellipsis, or split by "X said".

Two quotes from different articles are the same when their normalised texts are close
(rapidfuzz ratio) or when the shorter one (at least MIN_PARTIAL_WORDS words) sits almost
verbatim inside the longer (partial ratio); a quote with an ellipsis matches when each of its
pieces does; two excerpts of one longer statement match when one's last words are the other's
first (at least OVERLAP_WORDS of them: "A B" in one outlet, "B C" in another). Scoring every pair is quadratic (68 s for ~480 near-identical quotes), so each
quote is normalised once and scored only against a bounded set of candidates: the quotes of
other articles sharing its rarest word pairs. Groups are built from the best matches down;
a group holds one quote per article, or several disjoint pieces of one quote (a quote split
by "he said", carried whole by another outlet). A quote nobody else carries is alone.
"""

import heapq
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from rapidfuzz import fuzz

# Tested in tests/unit/comparison/test_align.py: trims and partial quotes score ≥ 90,
# different sentences on the same topic stay below 75.
THRESHOLD = 85.0
MIN_PARTIAL_WORDS = 3
# Overlapping excerpts: the shared run of words, and how far from the ends it may stop (words).
OVERLAP_WORDS = 8
OVERLAP_SLACK = 1
# A short piece of a split quote is looked for this close (characters) to its other piece.
NEAR_PIECE = 200
PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
ELLIPSIS = re.compile(r"\s*(?:…|\.\s?\.\s?\.)\s*")
# Candidate generation bounds: a quote looks up its RAREST word pairs, reads at most
# POSTINGS quotes for each, and is scored against its CANDIDATES most-overlapping ones.
RAREST = 4
POSTINGS = 32
CANDIDATES = 10


@dataclass(frozen=True)
class QuoteItem:
    article: int
    text: str
    kind: str = "direct"
    speaker: str = ""  # canonical speaker name
    speaker_text: str = ""  # as this outlet named them
    cue: str = ""
    stance: str = ""
    start: int = 0
    end: int = 0
    ref: int | None = None  # the Quote's id


@dataclass
class AlignedGroup:
    members: dict[int, list[QuoteItem]] = field(default_factory=dict)  # article id -> its pieces, in text order
    score: float = 100.0

    @property
    def is_shared(self) -> bool:
        return len(self.members) > 1

    @property
    def items(self) -> list[QuoteItem]:
        return [q for pieces in self.members.values() for q in pieces]


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    return " ".join(PUNCT.sub(" ", text).split())


@dataclass(frozen=True)
class Prepared:
    """A quote normalised once: its text, its word count, past an ellipsis its pieces, and the
    runs of words it may start with where another excerpt of the same statement ends."""

    norm: str
    words: int
    pieces: tuple[str, ...]
    heads: tuple[str, ...] = ()  # its OVERLAP_WORDS words from the start, from one word in, …

    @classmethod
    def of(cls, text: str) -> "Prepared":
        norm = normalise(text)
        words = norm.split()
        pieces = tuple(p for p in (normalise(part) for part in ELLIPSIS.split(text)) if len(p.split()) >= 2)
        heads = tuple(
            " ".join(words[skip : skip + OVERLAP_WORDS])
            for skip in range(OVERLAP_SLACK + 1)
            if len(words) >= skip + OVERLAP_WORDS
        )
        return cls(norm, len(words), pieces if len(pieces) > 1 else (), heads)


def score(a: Prepared, b: Prepared, threshold: float = 0.0) -> float:
    """How alike two prepared quotes are, 0-100 (scores below `threshold` may come back as 0)."""
    if not a.norm or not b.norm:
        return 0.0
    best = fuzz.ratio(a.norm, b.norm, score_cutoff=threshold)
    short, long = (a, b) if a.words <= b.words else (b, a)
    # Containment only where one is clearly shorter; of two near-equal lengths the ratio says it.
    if best < 100 and short.words >= MIN_PARTIAL_WORDS and len(short.norm) < 0.9 * len(long.norm):
        best = max(best, fuzz.partial_ratio(short.norm, long.norm, score_cutoff=threshold))
    for x, y in ((a, b), (b, a)):
        # "We will rebuild … every house": each piece is somewhere in the other quote.
        if best < threshold and x.pieces:
            best = max(best, min(fuzz.partial_ratio(p, y.norm) for p in x.pieces))
    if best < THRESHOLD and short.words >= OVERLAP_WORDS:
        best = max(best, overlap(a, b))
    return float(best)


def overlap(a: Prepared, b: Prepared) -> float:
    """Two excerpts of one statement, cut at different places: the end of one is the start of the
    other ("A B" and "B C"). Scored from THRESHOLD up by the shorter's share in the overlap; 0 for
    anything else (two statements that merely end alike share an end, not an end and a start).
    A substring test on the other's first words first, so a pair that cannot overlap costs little."""
    best = 0
    for x, y in ((a, b), (b, a)):  # x's end is y's start
        for skip, head in enumerate(y.heads):
            at = x.norm.find(head)
            while at != -1:
                if at == 0 or x.norm[at - 1] == " ":
                    xs, ys = x.norm[at:].split(), y.norm.split()[skip:]
                    run = next(
                        (k for k, (p, q) in enumerate(zip(xs, ys, strict=False)) if p != q), min(len(xs), len(ys))
                    )
                    if run >= len(xs) - OVERLAP_SLACK:  # the shared words run to x's end
                        best = max(best, run)
                at = x.norm.find(head, at + 1)
    if best < OVERLAP_WORDS:
        return 0.0
    return THRESHOLD + (100 - THRESHOLD) * best / min(a.words, b.words)


def similarity(a: str, b: str) -> float:
    return score(Prepared.of(a), Prepared.of(b))


def shingles(norm: str) -> set[str]:
    words = norm.split()
    if len(words) < 2:
        return set(words)
    return {f"{x} {y}" for x, y in zip(words, words[1:], strict=False)}


def candidate_pairs(items: Sequence[QuoteItem], prepared: Sequence[Prepared]) -> set[tuple[int, int]]:
    """Pairs (i < j) of quotes from different articles worth scoring, at most CANDIDATES per quote."""
    own = [shingles(p.norm) for p in prepared]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, found in enumerate(own):
        for s in found:
            postings[s].append(i)
    pairs: set[tuple[int, int]] = set()
    # Verbatim copies (the commonest case) pair up by their text alone: each with the first
    # copy of another article, so rare-word sampling below cannot miss them.
    copies: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(prepared):
        copies[p.norm].append(i)
    for same in copies.values():
        for i in same[1:]:
            j = next((k for k in same if items[k].article != items[i].article), None)
            if j is not None:
                pairs.add((min(i, j), max(i, j)))
    for i, found in enumerate(own):
        hits: dict[int, int] = defaultdict(int)
        # The rarest pairs some other quote shares too (a pair only this quote has finds nobody).
        shared = [s for s in found if len(postings[s]) > 1]
        for s in sorted(shared, key=lambda s: (len(postings[s]), s))[:RAREST]:
            posting = postings[s]
            # An even sample of a long posting, so every article has its chance (not only the first ones).
            step = -(-len(posting) // POSTINGS)
            for j in posting[i % step :: step]:
                if items[j].article != items[i].article:
                    hits[j] += 1
        for j, _ in heapq.nlargest(CANDIDATES, hits.items(), key=itemgetter(1)):
            pairs.add((min(i, j), max(i, j)))
    return pairs


def attach_short_pieces(
    items: Sequence[QuoteItem],
    prepared: Sequence[Prepared],
    group_of: list[int],
    members: dict[int, dict[int, list[int]]],
) -> None:
    """The short half of a split quote ('“No,” he said, “we will not sign.”'), too short to be scored
    on its own, joins the group of the piece beside it in its article when another outlet's
    version of that group holds its words. Each short quote looks at its two neighbours only."""
    in_article: dict[int, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        if item.end > 0:
            in_article[item.article].append(i)
    for found in in_article.values():
        found.sort(key=lambda k: items[k].start)
        for n, i in enumerate(found):
            if prepared[i].words >= MIN_PARTIAL_WORDS or not prepared[i].norm or len(members[group_of[i]]) > 1:
                continue
            beside = [found[k] for k in (n - 1, n + 1) if 0 <= k < len(found)]
            for j in beside:
                g, article = group_of[j], items[i].article
                gap = max(items[j].start - items[i].end, items[i].start - items[j].end)
                if len(members[g]) < 2 or not 0 <= gap <= NEAR_PIECE:
                    continue
                words = f" {prepared[i].norm} "
                if any(
                    words in f" {prepared[k].norm} "
                    for other, pieces in members[g].items()
                    if other != article
                    for k in pieces
                ):
                    del members[group_of[i]]
                    members[g][article].append(i)
                    group_of[i] = g
                    break


def align_quotes(items: Sequence[QuoteItem], *, threshold: float = THRESHOLD) -> list[AlignedGroup]:
    """Groups of the same quote, in the order of their first appearance; unmatched quotes alone."""
    prepared = [Prepared.of(item.text) for item in items]
    edges = []
    for i, j in candidate_pairs(items, prepared):
        found = score(prepared[i], prepared[j], threshold)
        if found >= threshold:
            # Best matches first; between equals, the fuller quotes (whole with whole before a fragment).
            edges.append((-found, -min(prepared[i].words, prepared[j].words), i, j))
    edges.sort()

    group_of = list(range(len(items)))  # item -> group id
    members: dict[int, dict[int, list[int]]] = {i: {item.article: [i]} for i, item in enumerate(items)}
    scores: dict[int, float] = {}
    alike: dict[tuple[int, int], bool] = {}

    def same_quote_twice(x: int, y: int) -> bool:
        """Two quotes of one article that overlap or say the same thing cannot both be in a group."""
        key = (min(x, y), max(x, y))
        if key not in alike:
            overlap = items[x].start < items[y].end and items[y].start < items[x].end and items[x].end > 0
            alike[key] = overlap or score(prepared[x], prepared[y], threshold) >= threshold
        return alike[key]

    # Per group and article: the words of its pieces together, and of its longest piece.
    sizes: dict[int, dict[int, tuple[int, int]]] = {
        i: {item.article: (prepared[i].words, prepared[i].words)} for i, item in enumerate(items)
    }

    def pieces_fit(a: dict[int, tuple[int, int]], b: dict[int, tuple[int, int]], both: set[int]) -> bool:
        """Several quotes of one article in a group must be pieces of one quote: together no longer than
        the longest version another article gives (similar statements must not chain into one group)."""
        for article in both:
            pieces = a[article][0] + b[article][0]
            longest = max((v[1] for g in (a, b) for other, v in g.items() if other != article), default=0)
            if pieces > longest * 1.1 + 1:
                return False
        return True

    for negative, _, i, j in edges:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        a, b = members[gi], members[gj]
        both = a.keys() & b.keys()
        if both and not pieces_fit(sizes[gi], sizes[gj], both):
            continue
        if any(same_quote_twice(x, y) for article in both for x in a[article] for y in b[article]):
            continue
        if len(a) < len(b):
            gi, gj, a, b = gj, gi, b, a
        into, sizes_b = sizes[gi], sizes.pop(gj)
        for article, pieces in b.items():
            a.setdefault(article, []).extend(pieces)
            for piece in pieces:
                group_of[piece] = gi
            total, longest = into.get(article, (0, 0))
            into[article] = (total + sizes_b[article][0], max(longest, sizes_b[article][1]))
        del members[gj]
        scores[gi] = min(scores.get(gi, 100.0), scores.pop(gj, 100.0), -negative)

    attach_short_pieces(items, prepared, group_of, members)

    groups: list[AlignedGroup] = []
    seen: set[int] = set()
    for i in range(len(items)):
        g = group_of[i]
        if g in seen:
            continue
        seen.add(g)
        groups.append(
            AlignedGroup(
                members={
                    article: sorted((items[k] for k in pieces), key=lambda q: q.start)
                    for article, pieces in members[g].items()
                },
                score=scores.get(g, 100.0),
            )
        )
    return groups
