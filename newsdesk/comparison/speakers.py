"""One speaker across a story's articles, however each outlet names them.

Extraction resolves speakers within an article and merges them across the corpus by exact
name or name alias. Across outlets the same person is still often several rows or none:
"Owen Hallett" in one article, "Mr. Hallett" (stored as "Hallett") in another, "the
congressman" with no speaker in a third. Within one story these are one person when:

- their names are equal once titles, a party label, a suffix and accents are dropped ("Rep.
  Owen Hallett (R-Ore.)", "Owen Hallett Jr.", "Owen Hallett"), or a name alias of one is the
  name of another;
- one is the other with middle initials ("Owen J. Hallett", "Owen Hallett"), and no other
  person in the story has that first and last name with other initials;
- a short name ("Hallett") ends the full name of exactly one person in the story;
- a descriptor ("the congressman") is the descriptor alias or the title of exactly one
  speaker in the story, a title standing also for the role it abbreviates ("Rep." is the
  congressman, the representative, the lawmaker; "Sen." the senator; "Gov." the governor);
  failing that, the descriptor's head noun ("the Oregon congressman" → congressman) names
  exactly one;
- the quote is aligned with other outlets' versions that all name one speaker.

Ambiguity leaves names apart: two Halletts in a story keep "Mr. Hallett" on its own, and
"the lawmaker" in a story with a senator and a congressman stays unresolved.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from newsdesk.comparison.align import AlignedGroup, QuoteItem
from newsdesk.extraction import lexicon

DETERMINERS = ("the ", "a ", "an ", "our ", "its ", "their ", "his ", "her ")
DESCRIPTOR_ALIAS = "descriptor"
# What a title before a name makes of its holder in a descriptor: "Rep. Owen Hallett" is
# "the congressman". General English, read as lower case without the dot.
TITLE_ROLES: dict[str, tuple[str, ...]] = {
    "rep": ("representative", "congressman", "congresswoman", "lawmaker"),
    "representative": ("congressman", "congresswoman", "lawmaker"),
    "congressman": ("representative", "lawmaker"),
    "congresswoman": ("representative", "lawmaker"),
    "sen": ("senator", "lawmaker"),
    "senator": ("lawmaker",),
    "del": ("delegate", "lawmaker"),
    "mp": ("lawmaker",),
    "gov": ("governor",),
    "lt": ("lieutenant",),
    "gen": ("general",),
    "col": ("colonel",),
    "maj": ("major",),
    "capt": ("captain",),
    "sgt": ("sergeant",),
    "adm": ("admiral",),
    "cmdr": ("commander",),
    "dr": ("doctor",),
    "prof": ("professor",),
    "rev": ("reverend",),
    "amb": ("ambassador",),
    "sec": ("secretary",),
    "pres": ("president",),
    "supt": ("superintendent",),
    "insp": ("inspector",),
    "det": ("detective",),
}
ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "rep", "sen", "del", "gov", "lt", "gen", "col", "maj", "capt", "sgt", "adm", "cmdr"}
    | {"dr", "prof", "rev", "amb", "sec", "pres", "supt", "insp", "det", "atty", "sens", "reps"}
)
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
PARTY_LABEL = re.compile(r"\s*\([^()]*\)\s*$")  # "Owen Hallett (R-Ore.)"
HEAD_CUT = re.compile(r" (?:of|for|at|from|in|on|with|who|whose|to)\b.*$")


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


def plain(text: str) -> str:
    """Without accents, curly apostrophes or doubled spaces: 'José Nuñez’s' → "Jose Nunez's"."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def name_key(name: str) -> str:
    """Lower case, no leading titles ("Rep.", "Mr.", "Gov."), no party label or suffix, no dots or
    accents: 'Rep. Owen Hallett (R-Ore.)' → 'owen hallett', 'José Nuñez Jr.' → 'jose nunez'."""
    titles = lexicon.people().title_words
    words = PARTY_LABEL.sub("", plain(name)).split()
    while len(words) > 1 and (words[0].lower() in titles or words[0].lower().rstrip(".") + "." in titles):
        words = words[1:]
    words = [re.sub(r"[.,]", "", w).lower() for w in words if w.strip(".,")]
    while len(words) > 1 and words[-1] in SUFFIXES:
        words = words[:-1]
    return " ".join(words)


def name_titles(name: str) -> list[str]:
    """The titles a name starts with: 'Sen. Ada Brisk' → ['Sen.']."""
    titles = lexicon.people().title_words
    words = plain(name).split()
    found = []
    while len(words) > 1 and (words[0].lower() in titles or words[0].lower().rstrip(".") + "." in titles):
        found.append(words.pop(0))
    return found


def title_only(name: str) -> bool:
    """'Rep', 'Del.', 'Sen. Gov.': every word an abbreviated title, no name left. Only abbreviations:
    "King", "White" or "Major" alone are surnames as often as titles."""
    words = plain(name).lower().split()
    return bool(words) and all(w.rstrip(".") in ABBREVIATIONS for w in words)


def without_initials(key: str) -> str:
    """'owen j hallett' → 'owen hallett' (the first word kept: 'g k butterfield' stays)."""
    words = key.split()
    return " ".join([words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]) if len(words) > 2 else key


def role_keys(title: str) -> set[str]:
    """The descriptor keys a title gives its holder: 'Rep.' → representative, congressman, …; the
    title itself too ('Secretary of State' → 'secretary of state')."""
    key = descriptor_key(title)
    found = {key} if key else set()
    for word in key.split():
        found.update(TITLE_ROLES.get(word.rstrip("."), ()))
    return found


def head_noun(key: str) -> str:
    """The noun a descriptor key is about: 'oregon congressman' → 'congressman', 'head of the bloc' → 'head'."""
    words = HEAD_CUT.sub("", key).split()
    return words[-1] if words else ""


def descriptor_key(text: str) -> str:
    """'the congressman' → 'congressman' (what a title or descriptor alias is compared by)."""
    text = plain(text).lower().strip(" ,.")
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
    """Quote id -> the Identity it counts for; `quotes` are (item, its speaker id), a quote with no one left out.

    A row named by a title alone ("Rep", "Del.": a name the extraction cut short) is no one: its
    quotes count as unattributed, and may take the speaker of their aligned versions."""
    speakers = {sid: s for sid, s in speakers.items() if not title_only(s.name)}
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
    # "Owen J. Hallett" is "Owen Hallett" when the initials are all that differ, and no one else
    # in the story has that first and last name.
    by_plain_name: dict[str, set[str]] = defaultdict(set)
    for key in by_name:
        by_plain_name[without_initials(key)].add(key)
    for plain_key, keys in by_plain_name.items():
        initialled = keys - {plain_key}
        if plain_key in keys and len(initialled) == 1:
            clusters.union(by_name[plain_key][0], by_name[initialled.pop()][0])

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
        keys = role_keys(s.title) if s.title else set()
        for title in name_titles(s.name):  # "Sen. Ada Brisk" stored with the title in its name
            keys |= role_keys(title)
        for alias, kind in s.aliases:
            if kind == DESCRIPTOR_ALIAS or is_descriptor(alias):
                keys.add(descriptor_key(alias))
        for key in keys:
            described[key].add(clusters.find(s.id))
    # Failing an exact key, the head noun: "the Oregon congressman" is the one congressman.
    headed: dict[str, set[int]] = defaultdict(set)
    for key, holders in described.items():
        headed[head_noun(key)].update(holders)

    def holders_of(text: str, besides: int | None = None) -> int | None:
        key = descriptor_key(text)
        # The head alone only where nothing follows it: "a spokeswoman for the ministry" is not
        # whichever spokeswoman the story has.
        head = head_noun(key) if not HEAD_CUT.search(key) else ""
        for found in (described.get(key, set()), headed.get(head, set()) if head else set()):
            distinct = {clusters.find(c) for c in found} - {besides}
            if distinct:
                return distinct.pop() if len(distinct) == 1 else None
        return None

    for s in speakers.values():
        if is_descriptor(s.name):
            holder = holders_of(s.name, besides=clusters.find(s.id))
            if holder is not None:
                clusters.union(holder, s.id)

    pronouns = {p.lower() for p in lexicon.people().pronouns}
    resolved: dict[str, int | None] = {}

    def resolve_text(text: str) -> int | None:
        """The cluster a bare name or descriptor in the text stands for, if exactly one."""
        if text not in resolved:
            key = name_key(text)
            if not key or text.lower() in pronouns or title_only(text):
                found = None
            elif is_descriptor(text):
                found = holders_of(text)
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
        elif (
            item.speaker_text
            and not is_descriptor(item.speaker_text)
            and item.speaker_text.lower() not in pronouns
            and not title_only(item.speaker_text)
        ):
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
        # (without a party label; with its accents where an outlet kept them).
        best = max(
            proper,
            key=lambda s: (
                len(name_key(s.name).split()),
                not PARTY_LABEL.search(s.name),
                plain(s.name) != s.name,
                len(s.name),
                -s.id,
            ),
        )
        affiliation = next((s.affiliation for s in sorted(rows, key=lambda s: s.id) if s.affiliation), "")
        identities[root] = Identity(
            key=f"s{root}",
            name=best.name,
            affiliation=affiliation,
            named_as=tuple(sorted(named_as[root] | {s.name for s in rows}, key=str.lower)),
        )
    return {ref: identities[root] for ref, root in root_of.items()}
