"""Quotes and indirect speech with their attribution cue and speaker mention.

For every quote span: its kind (direct, partial, scare), then the cue that attributes
it — after the quote (`…,” he claimed`, `…,” said Stoltenberg`) or before it in the
same sentence (`Stoltenberg claimed that while “…”`, `According to X, “…”`) — and the
speaker mention that goes with the cue. Indirect speech is a cue with a subject and a
reported clause but no quote marks (`X said (that) …`, `…, X said on Sunday`,
`According to X, …`). Mentions are resolved to speakers in text order afterwards.
"""

import bisect
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from newsdesk.extraction import lexicon, mentions
from newsdesk.extraction.intervals import Intervals
from newsdesk.extraction.marks import MarkPair
from newsdesk.extraction.types import Cue, Sentence, quick_init

SCARE_MAX_WORDS = 3
# Words that, right before a short quoted term, make it a term the writer holds at a distance.
SCARE_BEFORE = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "so-called",
        "called",
        "dubbed",
        "termed",
        "branded",
        "what",
    ]
)
# Verbs that introduce a reported clause (others, like "called", need an object first).
CLAUSE_VERBS = frozenset(
    [
        "say",
        "tell",
        "state",
        "claim",
        "allege",
        "maintain",
        "insist",
        "stress",
        "warn",
        "accuse",
        "deny",
        "add",
        "note",
        "assert",
        "confirm",
        "acknowledge",
        "admit",
        "report",
        "announce",
        "suggest",
        "explain",
        "write",
        "emphasize",
        "emphasise",
        "declare",
        "reveal",
    ]
)
SUBJECT_MAX_WORDS = 12
# Where a subject's clause begins: after ", ; : — – (", " - ", or the word that/and/but/while.
# Each word is written as its first letter, then "not after a word character", then the rest
# ("t(?<!\w.)hat" is "\bthat"): with a literal ahead of every lookaround, re rejects most
# positions on one character test, about 2.5 times faster than "\bthat\s|\band\s|…".
BOUNDARY = re.compile(r"[,;:—–(]\s|\s-\s|t(?<!\w.)hat\s|a(?<!\w.)nd\s|b(?<!\w.)ut\s|w(?<!\w.)hile\s")
PUNCT_IN_SUBJECT = re.compile(r"[“”\"«»„‘’?!.;:]\s|[“”\"«»„?!;:]")
OBJECT_NP = re.compile(
    r"\s*(?P<np>(?:the |a |an )?[\w’'.-]+(?: [\w’'-]+){0,9}?)(?=\s*(?:[,.;:]|$|\s+(?:on|in|at|who|as)\b))"
)
LEAD = re.compile(r"[\s,]*")
BREAK_BETWEEN = re.compile(r"[“”\"«»„;:!?]|\.\s")  # between a closing mark and its cue: another sentence
ACCUSED_OF = re.compile(r"\s+[^,.;]{1,60}?\s+of\b")
THAT_LEAD = re.compile(r"\s*(?:that\s+)?")
CLAUSE_OPENS = re.compile(r"[\w“\"‘'(]")


@quick_init
@dataclass(frozen=True, slots=True)
class Anchor:
    """A cue with the mention of who speaks (resolved to a speaker later)."""

    cue: Cue
    mention_start: int
    mention_end: int
    mention: str


@quick_init
@dataclass(frozen=True, slots=True)
class RawQuote:
    start: int
    end: int
    kind: str
    anchor: Anchor | None


class CueHits:
    """Where one cue regex matches in a text, from a single scan; range lookups by bisection.

    Stages ask "which cue verbs lie between here and there" hundreds of times per article;
    rescanning with the regex each time cost more than the one scan.
    """

    __slots__ = ("spans", "starts")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [start for start, _ in spans]

    def within(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The (start, end) of every hit inside [lo, hi), in text order.

        Hits do not overlap, so of those starting in [lo, hi) only the last can end past hi.
        """
        hits = self.spans[bisect.bisect_left(self.starts, lo) : bisect.bisect_left(self.starts, hi)]
        if hits and hits[-1][1] > hi:
            hits.pop()
        return hits

    def starts_in(self, lo: int, hi: int) -> bool:
        """Some hit starts inside [lo, hi)."""
        k = bisect.bisect_left(self.starts, lo)
        return k < len(self.starts) and self.starts[k] < hi

    def first(self, lo: int, hi: int) -> tuple[int, int] | None:
        """The first hit inside [lo, hi). Hits do not overlap: if the first one from lo ends
        past hi, every later one starts past hi too."""
        k = bisect.bisect_left(self.starts, lo)
        if k < len(self.spans):
            start, end = self.spans[k]
            if start < hi and end <= hi:
                return start, end
        return None


@quick_init
@dataclass(frozen=True, slots=True)
class CueIndex:
    """The cue verbs and cue phrases of one text."""

    verbs: CueHits
    phrases: CueHits

    @classmethod
    def of(
        cls,
        text: str,
        verb_hits: list[tuple[int, int]] | None = None,
        phrase_hits: list[tuple[int, int]] | None = None,
    ) -> "CueIndex":
        """The hits as from `scan.word_hits`, if the caller has them; scanned here otherwise."""
        cues = lexicon.cues()
        if verb_hits is None:
            verb_hits = [m.span() for m in cues.verb_re.finditer(text)]
        if phrase_hits is None:
            phrase_hits = [m.span() for m in cues.phrase_re.finditer(text)]
        return cls(CueHits(verb_hits), CueHits(phrase_hits))


def make_cue(text: str, start: int, end: int) -> Cue:
    surface = text[start:end]
    return Cue(start, end, surface, *cue_reading(surface))


@lru_cache(maxsize=4096)
def cue_reading(surface: str) -> tuple[str, str]:
    """(lemma, stance) of a cue as written: 'claimed' → ('claim', 'distancing')."""
    forms = lexicon.cues().forms
    key = " ".join(surface.lower().split())
    return forms.get(key) or forms.get(key.split(" ", 1)[0]) or (key, "neutral")


TELL_OBJECT = re.compile(
    r"\s+(?:the |a )?(?:reporters|journalists|[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){0,3}|[a-z]+ (?:television|radio|media))"
)


def cue_with_object(text: str, start: int, end: int, limit: int) -> Cue:
    """'told reporters', 'told the BBC': the cue of 'tell' takes its object along."""
    cue = make_cue(text, start, end)
    if cue.verb == "tell":
        obj = TELL_OBJECT.match(text, end, limit)
        if obj:
            return make_cue(text, start, obj.end())
    return cue


def sentence_of(sentences: list[Sentence], starts: list[int], position: int) -> Sentence | None:
    i = bisect.bisect_right(starts, position) - 1
    if i < 0:
        return None
    sentence = sentences[i]
    return sentence if sentence.start <= position < max(sentence.end, sentence.start + 1) else None


# Subjects


def subject_before(text: str, floor: int, cue_start: int, index: CueIndex) -> tuple[int, int] | None:
    """The mention right before a cue verb: from the clause boundary to the verb, minus auxiliaries."""
    aux = lexicon.cues().auxiliaries
    while cue_start > floor and text[cue_start - 1] in " ,":  # "the Foreign Secretary, Helen Marsh, said"
        cue_start -= 1
    segment = text[floor:cue_start]
    cut = 0
    for match in BOUNDARY.finditer(segment):
        cut = match.end()
    start, end = floor + cut, cue_start
    words = text[start:end].split()
    while words and words[-1].lower().strip(",") in aux:
        words.pop()
    while words and words[0].lower() in (
        "however",
        "meanwhile",
        "earlier",
        "later",
        "separately",
        "also",
        "and",
        "but",
    ):
        words.pop(0)
    if not words or len(words) > SUBJECT_MAX_WORDS:
        return None
    if PUNCT_IN_SUBJECT.search(" ".join(words)):
        return None
    first = words[0]
    if not (
        first[:1].isupper()
        or first.lower() in ("the", "a", "an", "he", "she", "they", "it", "officials", "sources", "some", "several")
    ):
        return None
    s = text.index(words[0], start)
    e = text.index(words[-1], s) + len(words[-1])
    if index.verbs.first(s, e) is not None:  # another cue inside: not one mention
        return None
    return s, e


def reported_subject(text: str, floor: int, cue_start: int, index: CueIndex) -> tuple[int, int] | None:
    """The subject of a reported clause's verb, read as a quote's is (titles, initials, appositions),
    when it starts as a subject does (a capital, a determiner or a pronoun). The quick reading
    (`subject_before`) stands unless it was cut at a comma, where an apposition may end."""
    quick = subject_before(text, floor, cue_start, index)
    if quick is not None and text[quick[0] - 2 : quick[0]] != ", ":
        return quick
    if quick is None:  # read again only where a title's dot or a party label may have stopped it
        near = text[max(floor, cue_start - 40) : cue_start]
        if ". " not in near and ")" not in near:
            return None
    found = mentions.mention_before(text, floor, cue_start, auxiliaries())
    if found is None or not mention_ok(text, found[0], found[1], index):
        return None
    first = text[found[0] : found[1]].split(" ", 1)[0]
    if not (first[:1].isupper() or first.lower() in SUBJECT_STARTS):
        return None
    return found


SUBJECT_STARTS = frozenset(["the", "a", "an", "he", "she", "they", "it", "officials", "sources", "some", "several"])


def object_after(text: str, start: int, limit: int) -> tuple[int, int] | None:
    """The mention after 'according to' or an inverted cue ('said Stoltenberg'): up to the next comma/stop."""
    segment = text[start:limit]
    match = OBJECT_NP.match(segment)
    if not match:
        return None
    np = match.group("np").strip()
    if not np or not (
        np[:1].isupper() or np.lower().startswith(("the ", "a ", "an ", "he", "she", "officials", "sources"))
    ):
        return None
    s = start + match.start("np")
    return s, s + len(np)


# Quotes


def quote_kind(text: str, pair: MarkPair, sentence: Sentence | None, has_cue: bool, index: CueIndex) -> str:
    floor = sentence.start if sentence else max(0, pair.open - 200)
    before = text[floor : pair.open].rstrip()
    if not before or before.endswith(":"):
        return "direct"
    last_word = before.rsplit(None, 1)[-1].lower()
    # A short quoted term is held at a distance unless someone is said to have said it
    # (`dismissed the report as "partisan nonsense"` is a partial quote).
    if (last_word in SCARE_BEFORE or not has_cue) and len(text[pair.start : pair.end].split()) <= SCARE_MAX_WORDS:
        return "scare"
    if before.endswith(","):
        head_end = floor + len(before) - 1
        if index.phrases.first(floor, head_end) or index.verbs.first(floor, head_end):
            return "direct"
    return "partial"


# Words a cue verb may have between it and its subject ("has also said", "would later write").
MORE_AUX = frozenset(
    [
        "would",
        "will",
        "was",
        "were",
        "is",
        "are",
        "did",
        "does",
        "do",
        "had",
        "has",
        "have",
        "once",
        "just",
        "then",
        "subsequently",
        "again",
        "first",
        "later",
        "also",
        "never",
        "often",
        "always",
        "finally",
        "simply",
        "quickly",
    ]
)
DASHES = "―—–"
PRONOUNS = frozenset(["he", "she", "they", "it", "i", "we"])
LEAD_CAPITALS = frozenset(["However", "Meanwhile", "Earlier", "Later", "Separately", "Also", "And", "But", "Then"])
SENTENCE_BREAK = re.compile(r"[“”\"«»„;:!?]|(?<=\.)\s")
VERBLESS_HEAD = re.compile(
    r"(?P<name>[A-Z][\w’'.-]*(?: (?:[A-Z][\w’'.-]*|de|van|von|al|bin)){0,4})(?:, [^:“”\"\n]{1,60})?:\s*$"
)
VERBLESS_TAIL = re.compile(r"[^\S\n]*[―—–]+[^\S\n]*(?P<name>[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){0,4})(?=[,.;]|[^\S\n]*$)")
VERBLESS_END = re.compile(r"[―—–]+[^\S\n]*(?P<name>[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){0,4})[^\S\n]*$")
NOT_SPEAKERS = frozenset(
    [
        "Update",
        "Note",
        "Editor",
        "Editors",
        "Headline",
        "Watch",
        "Read",
        "Related",
        "Listen",
        "Video",
        "Photo",
        "Photos",
        "Source",
        "Sources",
        "Q",
        "A",
        "Transcript",
        "Caption",
        "Correction",
        "Clarification",
        "Warning",
        "Subject",
        "Title",
        "Quote",
        "Tweet",
        "Text",
    ]
)


def mention_ok(text: str, start: int, end: int, index: CueIndex) -> bool:
    """No cue verb (in lower case: "Post" is an outlet) inside a mention: it would be two clauses."""
    return not any(text[s].islower() for s, _ in index.verbs.within(start, end))


@cache
def auxiliaries() -> frozenset[str]:
    return lexicon.cues().auxiliaries | MORE_AUX


# What most often stands between a closing mark and its verb: "he", "Stoltenberg", "Anna Sorel".
PLAIN_SUBJECT = re.compile(
    r"[ \t]*(?:[A-Z][a-z’'-]+(?:[A-Z][a-z’'-]+)?(?: [A-Z][a-z’'-]+(?:[A-Z][a-z’'-]+)?){0,2}|he|she|they|we|I)[ \t]+"
)


def subject_anchor(text: str, floor: int, cue: tuple[int, int], limit: int, index: CueIndex) -> Anchor | None:
    plain = PLAIN_SUBJECT.fullmatch(text, floor, cue[0])
    if plain is not None and text[floor : cue[0]].split()[0] not in LEAD_CAPITALS:
        start, end = floor + (len(plain.group(0)) - len(plain.group(0).lstrip())), cue[0] - 1
        while text[end - 1] in " \t":
            end -= 1
        return Anchor(cue_with_object(text, cue[0], cue[1], limit), start, end, text[start:end])
    found = mentions.mention_before(text, floor, cue[0], auxiliaries())
    if not found or not mention_ok(text, found[0], found[1], index):
        return None
    return Anchor(cue_with_object(text, cue[0], cue[1], limit), found[0], found[1], text[found[0] : found[1]])


def sentence_break(text: str, start: int, end: int) -> bool:
    """A mark or a full stop between `start` and `end` (not the dot of 'Mr.' or 'L.')."""
    for match in SENTENCE_BREAK.finditer(text, start, end):
        if match.group(0).isspace():
            space = text.rfind(" ", start, match.start() - 1)
            word = text[space + 1 if space >= 0 else start : match.start()]
            if mentions.keeps_dot(word):
                continue
        return True
    return False


SUBORDINATE_TAIL = re.compile(r"(?:when|while|because|if|after|before|since|until|although|though|whereas) ")


def opening_subject(text: str, floor: int, end: int) -> tuple[int, int] | None:
    """The subject a clause starts with, after an opening phrase if any ("Before the convention, X …")."""
    subject = mentions.clause_subject(text, floor, end)
    opening = text.find(", ", floor, end - 2)
    if subject is None and opening > 0 and text[floor : text.find(" ", floor)] in mentions.SUBORDINATORS:
        subject = mentions.clause_subject(text, opening + 2, end)
    return subject


def plausible_subject(mention: str) -> bool:
    """A subject starts with a capital, a determiner or a pronoun, not 'about fixing inequality'."""
    first = mention.split(maxsplit=1)[0] if mention.strip() else ""
    return first[:1].isupper() or first.lower() in mentions.DETERMINERS or first.lower() in mentions.PRONOUN_WORDS


def anchor_after(text: str, pair: MarkPair, sentence_end: int, index: CueIndex) -> Anchor | None:
    """`…,” he claimed.` / `…,” Stoltenberg said.` / `…,” said the minister.` / `…,” according to X.`"""
    tail_start = pair.after
    limit = min(sentence_end, pair.close + 320)
    if limit <= tail_start:
        return None
    lead = LEAD.match(text, tail_start, limit)
    offset = lead.end() if lead else tail_start
    if SUBORDINATE_TAIL.match(text, offset, limit):
        return None  # “That makes me smart,” when Clinton blasted him: a clause of its own, no attribution
    phrase = index.phrases.first(offset, limit)
    if phrase is not None and phrase[0] == offset:
        found = mentions.mention_after(text, phrase[1], limit)
        if found:
            return Anchor(make_cue(text, *phrase), found[0], found[1], text[found[0] : found[1]])
    verb = index.verbs.first(tail_start, limit)
    if verb is None or verb[0] - offset > 240:
        return None
    verb_start, verb_end = verb
    if verb_start == offset and text[verb_start:verb_end].endswith("ing"):
        return None  # “…,” adding that …: the speaker was named before the quote
    if verb_start == offset:  # inverted: “…,” said Stoltenberg.
        found = mentions.mention_after(text, verb_end, limit)
        if not found or not mention_ok(text, found[0], found[1], index):
            return None
        return Anchor(make_cue(text, verb_start, verb_end), found[0], found[1], text[found[0] : found[1]])
    if sentence_break(text, offset, verb_start):
        return None
    subject = subject_anchor(text, offset, verb, limit, index)
    if (
        (subject is None or not plausible_subject(subject.mention))
        and text[verb_start - 2 : verb_start] == ", "
        and not text[verb_start:verb_end].endswith("ing")
    ):
        # “…” about fixing inequality, said Marla Kilfoyle: an adjunct, then an inverted cue.
        after = mentions.mention_after(text, verb_end, limit)
        if after and text[after[0]].isupper() and mention_ok(text, after[0], after[1], index):
            return Anchor(make_cue(text, verb_start, verb_end), after[0], after[1], text[after[0] : after[1]])
    return subject


def anchor_before(text: str, pair: MarkPair, sentence: Sentence | None, index: CueIndex) -> Anchor | None:
    """The nearest cue before the quote in its sentence, with its subject or 'according to' object."""
    floor = sentence.start if sentence else max(0, pair.open - 300)
    return anchor_between(text, floor, pair.open, index)


def anchor_between(text: str, floor: int, upto: int, index: CueIndex) -> Anchor | None:
    last: Anchor | None = None
    for cue_start, cue_end in index.phrases.within(floor, upto):
        found = mentions.mention_after(text, cue_end, upto)
        if found:
            last = Anchor(make_cue(text, cue_start, cue_end), found[0], found[1], text[found[0] : found[1]])
    for cue_start, cue_end in index.verbs.within(floor, upto):
        if text[cue_start - 1 : cue_start] in '“"‘' or (last and cue_start < last.cue.start):
            continue
        gerund = text[cue_start:cue_end].endswith("ing")
        if gerund:
            # "footage of Hillary Clinton asking, “…”": the name the gerund is said of.
            seen = SEEN_SAYING.search(text, max(floor, cue_start - 80), cue_start)
            if seen:
                s, e = seen.span("name")
                last = Anchor(make_cue(text, cue_start, cue_end), s, e, text[s:e])
                continue
        if gerund and last is not None:
            # "he said, adding that …" / "Huma Abedin … emailed supporters, telling them": the earlier
            # subject's, with this cue; inside a clause ("She says tweets accusing her are …") the earlier cue.
            if text[max(floor, cue_start - 2) : cue_start] == ", ":
                last = Anchor(make_cue(text, cue_start, cue_end), last.mention_start, last.mention_end, last.mention)
            continue
        anchor = subject_anchor(text, floor, (cue_start, cue_end), upto, index)
        if gerund and last is None and text[max(floor, cue_start - 2) : cue_start] == ", ":
            # "Bradley apologized for the columns, saying, “…”": the clause's subject says it.
            subject = opening_subject(text, floor, cue_start)
            if subject:
                s, e = subject
                last = Anchor(make_cue(text, cue_start, cue_end), s, e, text[s:e])
                continue
        if anchor is None and cue_start == floor:  # Said Dorothy Poynter, who …, “…”
            found = mentions.mention_after(text, cue_end, upto)
            if found:
                anchor = Anchor(make_cue(text, cue_start, cue_end), found[0], found[1], text[found[0] : found[1]])
        if anchor is not None and last is not None and anchor.mention.lower() in PRONOUNS:
            # "Lynch said she recalled thinking, “…”", "She says it underscores that …": the statement
            # reported is the outer one.
            if last.mention.lower() not in PRONOUNS or anchor.mention.lower() in ("it", "this", "that"):
                continue
        elif anchor is not None and gerund:
            # "Trump issued a statement saying": the clause's subject, not its object.
            head = leading_name(anchor.mention)
            if head:
                anchor = Anchor(anchor.cue, anchor.mention_start, anchor.mention_start + len(head), head)
        if anchor is not None:
            last = anchor
    return last


SEEN_SAYING = re.compile(
    r"\b(?:of|shows?|showed|showing|with|featuring|heard|hears|saw|sees|watched|caught) "
    r"(?P<name>(?:[A-Z][\w’'.-]*\s){0,2}[A-Z][\w’'-]*[a-z])\s$"
)
DETERMINER_NOUN = re.compile(r"(?:The|A|An|Its|Their|His|Her) (?:[A-Z][\w’'.-]*\s)*[\w’'-]+(?=\s+[a-z])")
LEADING_NAME = re.compile(r"(?:[A-Z][\w’'.-]*\s)*?[A-Z][\w’'.-]*(?=\s+[a-z])")


def leading_name(mention: str) -> str | None:
    """The capitalised name a longer mention starts with, when lower-case words that are no
    title follow it ('Trump issued a statement' → 'Trump'; not 'White House press secretary …')."""
    determiner = DETERMINER_NOUN.match(mention)
    if determiner:  # "The cooperative issued a statement" → "The cooperative"
        return determiner.group(0)
    match = LEADING_NAME.match(mention)
    if not match:
        return None
    rest = mention[match.end() :].split()
    words = lexicon.people().title_words
    if any(w.lower() in words for w in rest):
        return None
    return match.group(0)


def verbless(text: str, pair: MarkPair, paragraph_start: int, paragraph_end: int) -> Anchor | None:
    """`Noor Haddad, Radio Kestrel: “…”` at a paragraph's start, `“…” ― Bram Ostrowski` at its end."""
    head = VERBLESS_HEAD.fullmatch(text, paragraph_start, pair.open)
    if head:
        name_start, name_end = head.span("name")
        colon = text.rindex(":", paragraph_start, pair.open)
        cue = make_cue(text, colon, colon + 1)
    else:
        tail = VERBLESS_TAIL.match(text, pair.after, paragraph_end) or VERBLESS_END.search(
            text, pair.after, paragraph_end
        )
        if not tail:
            return None
        name_start, name_end = tail.span("name")
        dash = tail.start() + len(tail.group(0)) - len(tail.group(0).lstrip())
        cue = make_cue(text, dash, dash + 1)
    name = text[name_start:name_end].rstrip(".")
    if name.split(" ", 1)[0] in NOT_SPEAKERS:
        return None
    return Anchor(cue, name_start, name_start + len(name), name)


def quotes(
    text: str, pairs: list[MarkPair], sentences: list[Sentence], *, skip: Intervals, index: CueIndex
) -> list[RawQuote]:
    starts = [s.start for s in sentences]
    found: list[RawQuote] = []
    previous: RawQuote | None = None  # the last attributed quote, for the quotes that continue it
    previous_paragraph = -1
    for pair in pairs:
        if pair.nested or skip.contains(pair.open):
            continue
        sentence = sentence_of(sentences, starts, pair.open)
        closing_sentence = sentence_of(sentences, starts, pair.close) or sentence
        end = closing_sentence.end if closing_sentence else pair.close + 160
        # A quote that ends its sentence (“… peace.”) is attributed after the mark only when the
        # text goes on in lower case on the same line (“…!” he shouted), or after a question or
        # an exclamation when the next sentence is the attribution (“…?” Ray Dunmore asked.);
        # a new sentence or paragraph ("Moscow has accused …") is someone else's statement.
        if end <= pair.after or text[pair.close - 1 : pair.close] == ".":
            following = text[pair.after : pair.after + 2].lstrip(" ")
            if following[:1].islower():
                end = pair.close + 160
            elif text[pair.close - 1 : pair.close] in "?!" and following[:1] not in ("", "\n"):
                nxt = sentence_of(sentences, starts, pair.after + 1)
                end = nxt.end if nxt else pair.after
            else:
                end = pair.after
        anchor = anchor_after(text, pair, end, index)
        if anchor is None and end == pair.after and sentence is not None:
            anchor = said_after(text, pair, sentence, sentences, starts, index)
        anchor = anchor or anchor_before(text, pair, sentence, index)
        paragraph = sentence.paragraph if sentence else -1
        if anchor is None and sentence is not None:
            p_start, p_end = paragraph_bounds(text, pair.open)
            anchor = verbless(text, pair, p_start, p_end)
            starts_paragraph = not text[p_start : pair.open].strip()
            if anchor is None and starts_paragraph and p_start >= 2:
                # "Caddell continued:" ¶ “…”
                before_end = p_start
                while before_end > 0 and text[before_end - 1].isspace():
                    before_end -= 1
                if text[before_end - 1 : before_end] == ":":
                    prev_sentence = sentence_of(sentences, starts, before_end - 1)
                    if prev_sentence is not None:
                        anchor = anchor_between(text, prev_sentence.start, before_end - 1, index)
            starts_sentence = not text[sentence.start : pair.open].strip()
            if anchor is None and starts_sentence:
                # Lynch announced on Monday the lawsuit. “We are seeking …”
                k = bisect.bisect_left(starts, sentence.start)
                if k > 0 and (sentences[k - 1].paragraph == paragraph or starts_paragraph):
                    prev_sentence = sentences[k - 1]
                    if not (previous is not None and previous.start >= prev_sentence.start):
                        anchor = anchor_between(text, prev_sentence.start, prev_sentence.end, index)
            if anchor is None and text[sentence.start : pair.open].rstrip().endswith(":"):
                # Kaine has adopted the stance common among …: “…”
                subject = opening_subject(text, sentence.start, pair.open)
                colon = text.rindex(":", sentence.start, pair.open)
                if subject:
                    anchor = Anchor(
                        make_cue(text, colon, colon + 1), subject[0], subject[1], text[subject[0] : subject[1]]
                    )
            # The second and later quotes of a paragraph, the second half of a split quote, and
            # a quote paragraph right after one whose quote was attributed: the same speaker.
            if (
                anchor is None
                and previous is not None
                and previous.anchor is not None
                and (
                    previous_paragraph == paragraph
                    or (
                        starts_paragraph
                        and previous_paragraph == paragraph - 1
                        and previous.anchor.cue.text not in DASHES
                        and ends_with_quote(text, previous, p_start)
                    )
                )
            ):
                anchor = previous.anchor
        kind = quote_kind(text, pair, sentence, anchor is not None, index)
        if kind == "scare":
            anchor = None
        quote = RawQuote(pair.start, pair.end, kind, anchor)
        found.append(quote)
        if anchor is not None and kind != "scare":
            previous, previous_paragraph = quote, sentence.paragraph if sentence else -1
    return found


SAID_VERBS = frozenset(["say", "tell", "add", "write", "tweet", "post", "explain", "continue", "note", "conclude"])


def said_after(
    text: str, pair: MarkPair, sentence: Sentence, sentences: list[Sentence], starts: list[int], index: CueIndex
) -> Anchor | None:
    """“… missing.” Trump said. — a short last sentence of the paragraph that only says who said it."""
    nxt = sentence_of(sentences, starts, pair.after + 1)
    if nxt is None or nxt.paragraph != sentence.paragraph or nxt.end - nxt.start > 90:
        return None
    k = bisect.bisect_left(starts, nxt.start)
    if k + 1 < len(sentences) and sentences[k + 1].paragraph == nxt.paragraph:
        return None
    anchor = anchor_after(text, pair, nxt.end, index)
    if anchor is None or anchor.cue.verb not in SAID_VERBS or anchor.mention_start > nxt.start:
        return None
    tail = text[max(anchor.cue.end, anchor.mention_end) : nxt.end].split()
    if len(tail) > 6 or "that" in tail:  # "She says it underscores that …": a statement of its own
        return None
    return anchor


def paragraph_bounds(text: str, position: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end == -1 else end


def ends_with_quote(text: str, quote: RawQuote, paragraph_start: int) -> bool:
    """The paragraph before `paragraph_start` ends with `quote`'s sentence (its attribution at most)."""
    start = quote.end + 1
    segment = text[start:paragraph_start].rstrip()
    if segment[-1:] in (".", "!", "?"):
        segment = segment[:-1]
    return len(segment) <= 150 and not sentence_break(text, start, start + len(segment))


# Indirect speech


@cache
def clause_verb_forms() -> frozenset[str]:
    """The written forms (lower case) of the verbs in CLAUSE_VERBS, but their -ing forms: "saying"
    does not open a statement of its own (it continues one, or belongs to a quote)."""
    forms = lexicon.cues().forms.items()
    return frozenset(form for form, (lemma, _) in forms if lemma in CLAUSE_VERBS and not form.endswith("ing"))


def mostly_quoted(quoted: list[tuple[int, int]], longest: int, clause: tuple[int, int]) -> bool:
    """A quote longer than half the clause overlaps it: the clause is that quote, not reported speech.

    `quoted` is sorted; no quote is longer than `longest`, so only those starting that far
    before the clause can reach into it.
    """
    for k in range(bisect.bisect_left(quoted, (clause[0] - longest, 0)), len(quoted)):
        start, end = quoted[k]
        if start >= clause[1]:
            break
        if end > clause[0] and end - start > (clause[1] - clause[0]) // 2:
            return True
    return False


def indirect(
    text: str,
    sentences: list[Sentence],
    *,
    used_cues: set[int],
    quoted: list[tuple[int, int]],
    skip: Intervals,
    index: CueIndex,
) -> list[RawQuote]:
    quoted_spans = Intervals(quoted)
    long_quotes = sorted(quoted)
    longest = max((end - start for start, end in quoted), default=0)
    cues = lexicon.cues()
    found: list[RawQuote] = []
    # Only the verbs that introduce a reported clause can start one: the others are left out once.
    clause_forms = clause_verb_forms()
    clause_hits = CueHits([hit for hit in index.verbs.spans if text[hit[0] : hit[1]].lower() in clause_forms])
    for sentence in sentences:
        # The text's cue hits (one scan each, in `index`); each sentence looks up its share.
        if not (
            clause_hits.starts_in(sentence.start, sentence.end) or index.phrases.starts_in(sentence.start, sentence.end)
        ):
            continue  # no cue at all: nothing reported here
        if skip.covers(sentence.start, sentence.end):
            continue
        s_text_end = sentence.end
        while s_text_end > sentence.start and text[s_text_end - 1] in '.!?…"”’ ':
            s_text_end -= 1
        # According to X, CLAUSE
        for cue_start, cue_end in index.phrases.within(sentence.start, s_text_end):
            if cue_start in used_cues:
                continue
            who = object_after(text, cue_end, s_text_end)
            if not who:
                continue
            comma = text.find(",", who[1], s_text_end)
            if comma == -1 or comma - who[1] > 3:
                continue
            clause_start = comma + 1 + (len(text[comma + 1 : s_text_end]) - len(text[comma + 1 : s_text_end].lstrip()))
            if clause_start >= s_text_end or quoted_spans.contains(clause_start + 1):
                continue
            anchor = Anchor(make_cue(text, cue_start, cue_end), who[0], who[1], text[who[0] : who[1]])
            found.append(RawQuote(clause_start, s_text_end, "indirect", anchor))
            used_cues.add(cue_start)
        # X said (that) CLAUSE  /  CLAUSE, X said (on Sunday).
        for cue_start, cue_end in clause_hits.within(sentence.start, s_text_end):
            if cue_start in used_cues:
                continue
            subject = reported_subject(text, sentence.start, cue_start, index)
            if subject is None:
                continue
            cue = cue_with_object(text, cue_start, cue_end, s_text_end)
            after = cue.end
            if cue.verb == "accuse":
                obj = ACCUSED_OF.match(text[after:s_text_end])
                if not obj:
                    continue
            rest = text[after:s_text_end]
            time = cues.time_re.match(rest)
            if time:
                rest_offset = after + time.end()
            else:
                rest_offset = after
            rest = text[rest_offset:s_text_end]
            if not rest.strip() or rest.lstrip().startswith(","):
                # Reversed: the clause came first, before a comma and the subject.
                comma = text.rfind(",", sentence.start, subject[0])
                if comma <= sentence.start or text[comma + 1 : subject[0]].strip():
                    continue
                clause = (sentence.start, comma)
            else:
                lead = THAT_LEAD.match(rest)
                clause_start = rest_offset + (lead.end() if lead else 0)
                if clause_start >= s_text_end or not CLAUSE_OPENS.match(text[clause_start]):
                    continue
                clause = (clause_start, s_text_end)
            if clause[1] - clause[0] < 8 or mostly_quoted(long_quotes, longest, clause):
                continue
            anchor = Anchor(cue, subject[0], subject[1], text[subject[0] : subject[1]])
            found.append(RawQuote(clause[0], clause[1], "indirect", anchor))
            used_cues.add(cue_start)
            break  # one reported statement per sentence and cue chain
    return found
