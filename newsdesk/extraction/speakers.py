"""Speaker mentions → canonical speakers: titles split off, pronouns and descriptors resolved.

A `SpeakerBook` is filled in text order: each mention is resolved against what came
before it (he → the last person, "the secretary general" → the speaker with that
title, "Moscow" → the Kremlin), and every surface form is kept as an alias.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from newsdesk.extraction import lexicon, mentions
from newsdesk.extraction.types import Speaker, quick_init

WORD = re.compile(r"[\w.’'-]+", re.UNICODE)
DETERMINERS = ("the ", "a ", "an ")
PLACE_WORDS = frozenset(
    [
        "St",
        "Street",
        "Road",
        "Avenue",
        "Ave",
        "Rd",
        "Square",
        "Sq",
        "Bridge",
        "River",
        "Lake",
        "Square",
        "Oblast",
        "Region",
        "District",
    ]
)


@dataclass
class SpeakerRecord:
    name: str
    kind: str
    title: str = ""
    affiliation: str = ""
    handle: str = ""
    aliases: list[str] = field(default_factory=list)
    descriptors: list[str] = field(default_factory=list)
    spoke: bool = False  # only speakers who are quoted are reported; others help coreference
    gender: str = ""  # "f" / "m" when a title, role word or given name says so; for he/she only

    def add_alias(self, alias: str, *, descriptor: bool = False) -> None:
        if alias.lower() == self.name.lower() or alias.lower() in (a.lower() for a in self.aliases):
            return
        self.aliases.append(alias)
        if descriptor:
            self.descriptors.append(alias)

    def freeze(self) -> Speaker:
        return Speaker(
            name=self.name,
            kind=self.kind,
            title=self.title,
            affiliation=self.affiliation,
            handle=self.handle,
            aliases=tuple(self.aliases),
            descriptors=tuple(self.descriptors),
        )


def is_capitalised(token: str) -> bool:
    return token[:1].isupper() or token[:1].isdigit()


def split_title(tokens: Sequence[str]) -> tuple[Sequence[str], Sequence[str]]:
    """('NATO Secretary General', 'Jens Stoltenberg') from the tokens of a mention.

    After an abbreviated title ('Ms. White', 'Sen. Amy Pope') every capitalised word is the
    name, and a name's last word may be a title word elsewhere ('Amy Pope', 'Ruth King')."""
    people = lexicon.people()
    words, nationalities = people.title_words, people.nationalities
    titles = mentions.abbreviated_titles()
    for k in range(len(tokens) - 2, -1, -1):
        if tokens[k].endswith(".") and tokens[k][:-1].lower() in titles:
            if all(map(is_capitalised, tokens[k + 1 :])):
                return tokens[: k + 1], tokens[k + 1 :]
            break
    i = len(tokens)
    if i >= 2 and is_capitalised(tokens[-1]) and tokens[-1].lower() in words:
        before = tokens[-2]
        if is_capitalised(before) and before.lower() not in words and before.lower() not in nationalities:
            i -= 1
    while i > 0:
        token = tokens[i - 1]
        if not is_capitalised(token):
            break
        lowered = token.lower()
        if lowered in words or lowered in nationalities:
            break
        i -= 1
    return tokens[:i], tokens[i:]


def is_described_name(title: Sequence[str], name: Sequence[str]) -> bool:
    """'an angry Hollande', 'a flabbergasted Noah': a determiner and plain adjectives before a name."""
    words = lexicon.people().title_words
    return (
        len(name) == 1
        and len(title) >= 2
        and all(t[:1].islower() and t.lower() not in words for t in title[1:])
        and name[0].lower() not in words
    )


def affiliation_of(title_tokens: Sequence[str]) -> str:
    nationalities = lexicon.people().nationalities
    for token in title_tokens:
        found = nationalities.get(token.lower().strip(",."))
        if found:
            return found
    return ""


@lru_cache(maxsize=1)
def gender_words() -> tuple[dict[str, str], dict[str, str]]:
    """(given name -> gender, title or role word -> gender)."""
    names = lexicon.load("given_names")
    given = dict.fromkeys(names["female"], "f") | dict.fromkeys(names["male"], "m")
    words = lexicon.load("people")["gendered_words"]
    roles = dict.fromkeys(words["female"], "f") | dict.fromkeys(words["male"], "m")
    return given, roles


def gender_of(title: Sequence[str], name: Sequence[str]) -> str:
    """'f' or 'm' from a title word ('Mrs.', 'spokeswoman') or a given name ('Clara'), else ''."""
    given, roles = gender_words()
    for token in reversed(title):
        found = roles.get(token.lower())
        if found:
            return found
    if len(name) >= 2:
        return given.get(name[0], "")
    return ""


def has_role(title: str) -> bool:
    """A title with a role word in it ('Defence Minister'), not only a nationality ('American')."""
    words = lexicon.people().title_words
    return any(word.lower() in words for word in title.split())


PRONOUN_REACH = 40  # people named since, at most, for 'he' or 'she' to still mean someone
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}


class SpeakerBook:
    def __init__(self) -> None:
        self.records: dict[str, SpeakerRecord] = {}
        self.last_person: str | None = None
        self.last_group: str | None = None
        self.surnames: dict[str, SpeakerRecord] = {}  # last word of a full name -> its latest person
        self.seen: dict[str, None] = {}  # person keys, the last named last (for he/she)

    # Lookups

    def add(self, name: str, kind: str, *, affiliation: str = "", handle: str = "") -> SpeakerRecord:
        """The speaker called `name`, made the first time it is asked for."""
        key = name.lower()
        existing = self.records.get(key)
        if existing:
            return existing
        record = self.records[key] = SpeakerRecord(name, kind, affiliation=affiliation, handle=handle)
        self.index_surname(record)
        return record

    def index_surname(self, record: SpeakerRecord) -> None:
        if record.kind == "person" and " " in record.name:
            self.surnames[record.name.rsplit(" ", 1)[-1].lower()] = record

    def by_surname(self, surname: str) -> SpeakerRecord | None:
        """The person with a full name last made whose last word is `surname`."""
        return self.surnames.get(surname.lower())

    def by_role(self, *, title: str = "", affiliation: str = "") -> SpeakerRecord | None:
        for record in reversed(self.records.values()):
            if record.kind != "person":
                continue
            if title and title not in record.title.lower():
                continue
            if affiliation and affiliation.lower() != record.affiliation.lower():
                continue
            return record
        return None

    def remember(self, record: SpeakerRecord) -> SpeakerRecord:
        if record.kind == "person":
            self.last_person = record.name.lower()
            self.seen.pop(self.last_person, None)
            self.seen[self.last_person] = None
        elif record.kind in ("organisation", "government"):
            self.last_group = record.name.lower()
        return record

    # Resolution

    def resolve(self, surface: str) -> SpeakerRecord | None:
        """The speaker a mention stands for (creating it if new); None if it is not a speaker."""
        mention = read_mention(surface)
        if mention is None:
            return None
        people = lexicon.people()
        text, lower = mention.text, mention.lower
        if lower in people.pronouns:
            if lower in PRONOUN_GENDER:
                return self.by_pronoun(PRONOUN_GENDER[lower])
            key = self.last_person if people.pronouns[lower] == "person" else (self.last_group or self.last_person)
            return self.records.get(key) if key else None
        if lower in people.organisations:
            canonical, kind, affiliation = people.organisations[lower]
            record = self.add(canonical, kind, affiliation=affiliation)
            if text != canonical:
                record.add_alias(text)
            return self.remember(record)
        if lower in people.descriptors:
            rule = people.descriptors[lower]
            found = self.by_role(title=rule.get("title", ""), affiliation=rule.get("affiliation", ""))
            if found:
                found.add_alias(decapitalise(text), descriptor=True)
                return self.remember(found)
            return None
        tokens = mention.tokens
        if not tokens:
            return None
        if mention.anonymous:
            return self.add(anonymous_name(text, tokens), "anonymous")
        title, name = mention.title, mention.name
        organisation = named_organisation(tokens)
        if organisation:
            return self.remember(self.add(organisation, "organisation"))
        if not name or (lower.startswith(DETERMINERS) and len(name) < 2 and not is_described_name(title, name)):
            return self.resolve_descriptor(mention)
        if not mention.capitalised:
            return None
        full = mention.full
        outlets, _ = lexicon.outlets()
        if full in outlets:
            record = self.add(outlets[full], "organisation")
            return self.remember(record)
        if len(name) == 1:
            existing = self.by_surname(full)
            if existing:
                existing.add_alias(full)
                existing.gender = existing.gender or gender_of(title, name)
                return self.remember(existing)
        record = self.add(full, "person")
        if title and not record.title:
            record.title = " ".join(title)
            record.affiliation = record.affiliation or affiliation_of(title)
        record.gender = record.gender or gender_of(title, name)
        return self.remember(record)

    def by_pronoun(self, gender: str) -> SpeakerRecord | None:
        """The person last named whom 'he' or 'she' can mean: of that gender, or of none known
        if quoted before (a name seen only in passing needs a known gender)."""
        fallback: SpeakerRecord | None = None
        for k, key in enumerate(reversed(self.seen)):
            if k == PRONOUN_REACH:
                break
            record = self.records.get(key)
            if record is None or record.kind != "person":
                continue
            if record.gender == gender or (not record.gender and record.spoke):
                return self.remember(record)
            if fallback is None and not record.gender and has_role(record.title):
                fallback = record  # "Defence Minister Tomas Kral": a person, of no gender known
        return self.remember(fallback) if fallback else None

    def resolve_descriptor(self, mention: "Mention") -> SpeakerRecord | None:
        """'the head of the US-led military bloc', 'the Russian leader': match by title words."""
        affiliation, role_words = mention.role_affiliation, mention.role_words
        for record in reversed(self.records.values()):
            if record.kind != "person":
                continue
            title = record.title.lower()
            if affiliation and record.affiliation and affiliation != record.affiliation:
                continue
            if role_words and any(w in title for w in role_words if len(w) > 3):
                record.add_alias(decapitalise(mention.text), descriptor=True)
                return self.remember(record)
        return None

    def register_person(self, text: str) -> None:
        """A titled name seen in the text ('Gen. Ruth Adler met…'): not a speaker yet, but 'she' may mean her."""
        person = read_person(text)
        if person is None:
            return
        full, title, affiliation, gender = person
        record = self.records.get(full.lower())
        if record is None and " " not in full:  # "Mr. Hallett": the Hallett named before, if any
            record = self.by_surname(full)
        if record is None:
            record = SpeakerRecord(full, "person", title=title, affiliation=affiliation)
            self.records[full.lower()] = record
            self.index_surname(record)
        elif title and not record.title:
            record.title = title
            record.affiliation = record.affiliation or affiliation
        record.gender = record.gender or gender
        self.remember(record)

    def social_account(self, author: str, handle: str) -> SpeakerRecord:
        record = self.add(author, "social_account", handle=handle)
        record.handle = record.handle or handle
        record.add_alias(handle)
        return record

    def merge_surnames(self) -> dict[str, str]:
        """A surname-only speaker made before the full name appeared joins the full one."""
        renamed: dict[str, str] = {}
        for key, record in list(self.records.items()):
            if record.kind == "person" and " " not in record.name:
                full = self.by_surname(record.name)
                if full and full is not record:
                    full.add_alias(record.name)
                    for alias in record.aliases:
                        full.add_alias(alias, descriptor=alias in record.descriptors)
                    full.title = full.title or record.title
                    renamed[record.name] = full.name
                    del self.records[key]
        return renamed

    def speakers(self) -> list[Speaker]:
        return [r.freeze() for r in self.records.values() if r.spoke or r.kind == "social_account"]


def is_anonymous(tokens: Sequence[str]) -> bool:
    """'officials', 'a senior official', 'Ukrainian officials', 'a resident of Vell', 'rescue teams'."""
    people = lexicon.people()
    lowered = [t.lower() for t in tokens]
    if people.anonymous_heads.isdisjoint(lowered):
        return False
    head = next(i for i, t in enumerate(lowered) if t in people.anonymous_heads)
    if head + 1 < len(tokens) and lowered[head + 1] not in (
        "of",
        "from",
        "for",
        "in",
        "at",
        "with",
        "close",
        "familiar",
    ):
        return False
    before = tokens[1:head] if head else []
    return not any(
        is_capitalised(t) and t.lower() not in people.nationalities and t.lower() not in people.title_words
        for t in before
    )


@quick_init
@dataclass(frozen=True, slots=True)
class Mention:
    """What a mention's own words say, before the book is asked who it is."""

    text: str  # spaces normalised, edge punctuation stripped
    lower: str
    tokens: tuple[str, ...]
    title: tuple[str, ...]  # ("NATO", "Secretary", "General")
    name: tuple[str, ...]  # ("Jens", "Stoltenberg")
    anonymous: bool
    full: str  # the name without its title: "Jens Stoltenberg"
    capitalised: bool  # every word of the name is
    # As a description ("the head of the US-led military bloc"): its affiliation and title words.
    role_affiliation: str
    role_words: tuple[str, ...]


# The same few surface forms ("he", "officials", "Stoltenberg") come back in article after
# article: reading each once (per process) saves most of the work of resolving mentions.
@lru_cache(maxsize=8192)
def read_mention(surface: str) -> Mention | None:
    text = " ".join(surface.split()).strip(" ,;:")
    if not text or len(text) > 120:
        return None
    lower = text.lower()
    people = lexicon.people()
    if lower in people.pronouns or lower in people.organisations or lower in people.descriptors:
        # The book resolves these by their lower-case form alone; their words are not read.
        return Mention(text, lower, (), (), (), False, "", False, "", ())
    tokens = tuple(WORD.findall(text))
    title, name = split_title(tokens)
    # Read as a description only when the book will resolve it as one (see resolve).
    descriptive = not name or (lower.startswith(DETERMINERS) and len(name) < 2 and not is_described_name(title, name))
    role = (title or tokens) if descriptive else ()
    head = role[-1].lower() if role and len(role[-1]) > 3 else ""  # "the mill owner" → owner
    words = people.title_words
    return Mention(  # text, lower, tokens, title, name, anonymous, full, capitalised, role_…
        text,
        lower,
        tokens,
        tuple(title),
        tuple(name),
        bool(tokens) and is_anonymous(tokens),
        " ".join(name),
        all(map(is_capitalised, name)),
        affiliation_of(role) if role else "",
        tuple(
            dict.fromkeys([*(t.lower() for t in role if t.lower() in words and t.lower() not in ("the", "of")), head])
        )
        if head
        else tuple(t.lower() for t in role if t.lower() in words and t.lower() not in ("the", "of")),
    )


@lru_cache(maxsize=8192)
def read_person(text: str) -> tuple[str, str, str, str] | None:
    """(name, title, affiliation, gender) of a name found in the text, or None if it is not a person's.

    A surname alone counts after a title that says who is meant ('Mr. Hallett', 'Sen. Marsh')."""
    title, name = split_title(WORD.findall(text))
    honorific = bool(title) and title[-1].endswith(".") and title[-1][:-1].lower() in mentions.abbreviated_titles()
    if (len(name) < 2 and not (honorific and name)) or not title and len(name) > 3:
        return None
    full = " ".join(name)
    if name[-1] in PLACE_WORDS or full in lexicon.outlets()[0]:
        return None
    return full, " ".join(title), affiliation_of(title), gender_of(title, name)


# What an organisation puts out, said by the organisation: "the IMF report stated".
DOCUMENTS = frozenset(
    ["report", "statement", "letter", "study", "analysis", "survey", "poll", "memo", "filing", "release"]
    + ["editorial", "complaint", "lawsuit", "website", "ad", "advertisement", "announcement", "account"]
)
PARTY_NAMES = frozenset(["republican", "democrat", "independent", "conservative", "liberal", "progressive"])


def named_organisation(tokens: Sequence[str]) -> str:
    """'the Times', 'the IMF', 'the IMF report': an organisation named by one capitalised word
    after 'the' (not a title, a nationality or a party: 'the Senator', 'the Republican'), else ''."""
    if not 2 <= len(tokens) <= 3 or tokens[0].lower() != "the":
        return ""
    if len(tokens) == 3 and tokens[2].lower() not in DOCUMENTS:
        return ""
    word = tokens[1]
    lowered = word.lower()
    people = lexicon.people()
    if (
        not is_capitalised(word)
        or not word[1:2].isalpha()
        or lowered in people.title_words
        or lowered in people.nationalities
        or lowered.rstrip("s") in PARTY_NAMES
        or lowered in gender_words()[1]
    ):
        return ""
    return word


def anonymous_name(text: str, tokens: Sequence[str]) -> str:
    """Lower-case the first word unless it is a nationality: 'Officials' → 'officials', 'Ukrainian officials' stays."""
    if tokens[0].lower() in lexicon.people().nationalities:
        return text
    return text[:1].lower() + text[1:]


def decapitalise(text: str) -> str:
    """'The head of …' → 'the head of …' (a descriptor at a sentence start)."""
    first, _, rest = text.partition(" ")
    if first in ("The", "A", "An") and rest:
        return first.lower() + " " + rest
    return text
