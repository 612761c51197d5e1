"""One speaker across a story's articles, however each outlet names them.

Extraction resolves speakers within an article and merges them across the corpus by exact
name or name alias. Across outlets the same person is still often several rows or none:
"Owen Hallett" in one article, "Mr. Hallett" (stored as "Hallett") in another, "the
congressman" with no speaker in a third. Within one story these are one person when:

- their names are equal once titles are dropped ("Rep. Owen Hallett", "Owen Hallett"), or a
  name alias of one is the name of another;
- a short name ("Hallett") ends the full name of exactly one person in the story;
- a descriptor ("the congressman") is the descriptor alias or the title of exactly one
  speaker in the story;
- the quote is aligned with other outlets' versions that all name one speaker.

Ambiguity leaves names apart: two Halletts in a story keep "Mr. Hallett" on its own.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from newsdesk.comparison.align import AlignedGroup, QuoteItem
from newsdesk.extraction import lexicon

DETERMINERS = ("the ", "a ", "an ", "our ", "its ", "their ", "his ", "her ")
DESCRIPTOR_ALIAS = "descriptor"


@dataclass(frozen=True)
class SpeakerInfo:
    """A stored Speaker with the names it goes by (SpeakerAlias rows as (alias, kind))."""

    id: int
    name: str
    kind: str = "person"
    title: str = ""
    affiliation: str = ""
    aliases: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Identity:
    """A speaker as the comparison counts them: one per person in the story."""

    key: str  # "s<id>" of the representative speaker
    name: str
    affiliation: str = ""
    named_as: tuple[str, ...] = field(default=())  # every way the articles name them


def name_key(name: str) -> str:
    """Lower case, no leading titles ("Rep.", "Mr.", "Gov."), no dots: 'Rep. Owen Hallett' → 'owen hallett'."""
    titles = lexicon.people().title_words
    words = name.replace("’", "'").split()
    while len(words) > 1 and (words[0].lower() in titles or words[0].lower().rstrip(".") + "." in titles):
        words = words[1:]
    return " ".join(re.sub(r"[.,]", "", w).lower() for w in words if w.strip(".,"))


def descriptor_key(text: str) -> str:
    """'the congressman' → 'congressman' (what a title or descriptor alias is compared by)."""
    text = " ".join(text.lower().replace("’", "'").split()).strip(" ,.")
    for determiner in DETERMINERS:
        if text.startswith(determiner):
            return text[len(determiner) :]
    return text


def is_descriptor(text: str) -> bool:
    """A lower-case phrase ("the congressman", "a senior official") rather than a name."""
    return bool(text) and text[0].islower()


class Clusters:
    def __init__(self, ids: Iterable[int]) -> None:
        self.parent = {i: i for i in ids}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def unique(found: Iterable[int]) -> int | None:
    distinct = set(found)
    return distinct.pop() if len(distinct) == 1 else None


def speaker_identities(
    speakers: Mapping[int, SpeakerInfo],
    quotes: Sequence[tuple[QuoteItem, int | None]],
    groups: Sequence[AlignedGroup] = (),
) -> dict[int, Identity]:
    """Quote id -> the Identity it counts for; `quotes` are (item, its speaker id), a quote with no one left out."""
    clusters = Clusters(speakers)
    by_name: dict[str, list[int]] = defaultdict(list)
    for s in speakers.values():
        if not is_descriptor(s.name):
            by_name[name_key(s.name)].append(s.id)
        for alias, kind in s.aliases:
            if kind != DESCRIPTOR_ALIAS and not is_descriptor(alias):
                by_name[name_key(alias)].append(s.id)
    for ids in by_name.values():
        for other in ids[1:]:
            clusters.union(ids[0], other)

    # A short name that ends exactly one person's full name: "Hallett" is "Owen Hallett".
    full_names = [
        (s.id, name_key(s.name).split()) for s in speakers.values() if s.kind == "person" and not is_descriptor(s.name)
    ]

    def owner_of_short(short: str) -> int | None:
        words = short.split()
        return unique(
            clusters.find(sid) for sid, full in full_names if len(full) > len(words) and full[-len(words) :] == words
        )

    for s in speakers.values():
        if s.kind == "person" and not is_descriptor(s.name) and len(name_key(s.name).split()) == 1:
            owner = owner_of_short(name_key(s.name))
            if owner is not None:
                clusters.union(owner, s.id)

    # Descriptors: "the congressman" is whoever alone in this story is called or titled so.
    described: dict[str, set[int]] = defaultdict(set)
    for s in speakers.values():
        if s.title:
            described[descriptor_key(s.title)].add(clusters.find(s.id))
        for alias, kind in s.aliases:
            if kind == DESCRIPTOR_ALIAS or is_descriptor(alias):
                described[descriptor_key(alias)].add(clusters.find(s.id))
    for s in speakers.values():
        if is_descriptor(s.name):
            holders = {c for c in described.get(descriptor_key(s.name), set()) if c != clusters.find(s.id)}
            if len(holders) == 1:
                clusters.union(holders.pop(), s.id)

    pronouns = {p.lower() for p in lexicon.people().pronouns}
    resolved: dict[str, int | None] = {}

    def resolve_text(text: str) -> int | None:
        """The cluster a bare name or descriptor in the text stands for, if exactly one."""
        if text not in resolved:
            key = name_key(text)
            if not key or text.lower() in pronouns:
                found = None
            elif is_descriptor(text):
                found = unique(clusters.find(c) for c in described.get(descriptor_key(text), ()))
            else:
                found = unique(clusters.find(i) for i in by_name.get(key, ()))
                if found is None and len(key.split()) == 1:
                    found = owner_of_short(key)
            resolved[text] = found
        return resolved[text]

    root_of: dict[int, int] = {}
    named_elsewise: set[int] = set()  # quotes naming someone this story has no row for
    for item, speaker_id in quotes:
        if item.ref is None:
            continue
        root = clusters.find(speaker_id) if speaker_id is not None and speaker_id in speakers else None
        if root is None:
            root = resolve_text(item.speaker_text)
        if root is not None:
            root_of[item.ref] = root
        elif item.speaker_text and not is_descriptor(item.speaker_text) and item.speaker_text.lower() not in pronouns:
            named_elsewise.add(item.ref)

    # The same words aligned across outlets come from the same mouth: an unattributed version,
    # or one by a pronoun or descriptor nobody resolved, takes the one speaker the others agree on.
    for group in groups:
        refs = [q.ref for q in group.items if q.ref is not None]
        agreed = unique(root_of[r] for r in refs if r in root_of)
        if agreed is None:
            continue
        for r in refs:
            if r not in root_of and r not in named_elsewise:
                root_of[r] = agreed

    named_as: dict[int, set[str]] = defaultdict(set)
    for item, _ in quotes:
        if item.ref in root_of and item.speaker_text:
            named_as[root_of[item.ref]].add(item.speaker_text)
    identities: dict[int, Identity] = {}
    members: dict[int, list[SpeakerInfo]] = defaultdict(list)
    for s in speakers.values():
        members[clusters.find(s.id)].append(s)
    for root, rows in members.items():
        # The fullest proper name stands for the cluster; affiliation from whichever row has one.
        proper = [s for s in rows if not is_descriptor(s.name)] or rows
        best = max(proper, key=lambda s: (len(name_key(s.name).split()), len(s.name), -s.id))
        affiliation = next((s.affiliation for s in sorted(rows, key=lambda s: s.id) if s.affiliation), "")
        identities[root] = Identity(
            key=f"s{root}",
            name=best.name,
            affiliation=affiliation,
            named_as=tuple(sorted(named_as[root] | {s.name for s in rows}, key=str.lower)),
        )
    return {ref: identities[root] for ref, root in root_of.items()}
