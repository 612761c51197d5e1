"""Attribution chains: statements passed on through intermediaries.

"Speaking to the BBC, Stoltenberg said …" → BBC (interviewer) → Stoltenberg (speaker).
"Interfax, citing a source in the ministry, reported that …" → Interfax (relayed) → a source
in the ministry (cited). "According to TASS, the governor told reporters that …" → TASS →
the governor. "RT, citing the BBC, reported that Stoltenberg said …" → RT → BBC → Stoltenberg.
Pure Python, sentence by sentence; the speaker's canonical name comes from the quotes the
pipeline already attributed.
"""

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

from newsdesk.extraction import lexicon
from newsdesk.extraction.types import Chain, ChainLink, Quote, Sentence

NAME = r"(?:the )?[A-Z][\w'’.&-]*(?: (?:of |for |in |the )?[A-Z][\w'’.&-]*){0,5}"
SOURCE = rf"(?:{NAME}|an? [a-z][\w -]{{2,40}}?|sources? [a-z][\w -]{{0,40}}?)"
SPEAKER = rf"(?:{NAME}|the [a-z][\w -]{{2,40}}?|an? [a-z][\w -]{{2,40}}?|he|she|they)"
SAY = r"said|says|stated|claimed|insisted|stressed|warned|told|reported|added|noted|announced|maintains|accused"
# Each pattern with the words one of which it needs (a substring test skips it cheaply otherwise).
PATTERNS: list[tuple[re.Pattern[str], tuple[str, ...], tuple[str, ...]]] = [
    # RT, citing the BBC, reported that Stoltenberg said …
    (
        re.compile(
            rf"(?P<a>{NAME}), citing (?P<b>{SOURCE}), (?:reported|said|wrote|claimed)(?: that)? (?P<c>{NAME}) (?:{SAY})\b"
        ),
        ("relayed", "cited", "speaker"),
        (", citing ",),
    ),
    # Interfax, citing a source in the ministry, reported …
    (
        re.compile(rf"(?P<a>{NAME}), citing (?P<b>{SOURCE}), (?:reported|said|wrote|claimed)\b"),
        ("relayed", "cited"),
        (", citing ",),
    ),
    # According to TASS, the governor told reporters …
    (
        re.compile(rf"[Aa]ccording to (?P<a>{SOURCE}), (?P<b>{SPEAKER}) (?:{SAY})\b"),
        ("relayed", "speaker"),
        ("ccording to ",),
    ),
    # Speaking to the BBC, Stoltenberg said …
    (
        re.compile(
            rf"(?:[Ss]peaking to|[Ii]n an interview with|[Tt]alking to) (?P<a>{NAME}), (?P<b>{NAME}|he|she|they) (?:{SAY})\b"
        ),
        ("interviewer", "speaker"),
        ("peaking to ", "n an interview with ", "alking to "),
    ),
    # The BBC quoted Stoltenberg as saying …  /  RT reported that Stoltenberg said …
    (re.compile(rf"(?P<a>{NAME}) quoted (?P<b>{NAME}) as saying\b"), ("relayed", "speaker"), (" quoted ",)),
    (
        re.compile(rf"(?P<a>{NAME}) reported(?: on \w+)? that (?P<b>{NAME}) (?:{SAY})\b"),
        ("relayed", "speaker"),
        (" reported ",),
    ),
    # Stoltenberg told the BBC …
    (re.compile(rf"(?P<b>{NAME}) told (?P<a>{NAME})\b"), ("interviewer", "speaker"), (" told ",)),
]
# Every pattern needs one of these: str.find over the whole text finds the sentences worth parsing
# (much faster than one regex alternation, which Python's re tries at every position).
KEYWORDS = tuple(dict.fromkeys(word for _, _, words in PATTERNS for word in words))
PRONOUNS = frozenset({"he", "she", "they"})


def canonical(text: str, outlet_names: dict[str, str], speakers_near: list[tuple[str, str]]) -> str:
    """An outlet's canonical name, a speaker's canonical name when a quote nearby names it, else the text."""
    bare = text.strip()
    if bare in outlet_names:
        return outlet_names[bare]
    if bare.lower().startswith("the ") and bare[4:] in outlet_names:
        return outlet_names[bare[4:]]
    for mention, name in speakers_near:
        if bare == mention or bare.lower() == mention.lower() or (bare.lower() in PRONOUNS):
            return name
    return bare


def keyword_positions(text: str) -> Iterator[tuple[int, str]]:
    """Every occurrence of every keyword: (where, which)."""
    for word in KEYWORDS:
        at = text.find(word)
        while at != -1:
            yield at, word
            at = text.find(word, at + 1)


def chains(text: str, sentences: Iterable[Sentence], quotes: Iterable[Quote] = (), skip: object = None) -> list[Chain]:
    outlet_names, _ = lexicon.outlets()
    # Quotes by where their cue is, so each sentence finds its own with a binary search.
    quote_list = sorted((q for q in quotes if q.kind != "scare"), key=lambda q: q.cue.start if q.cue else q.start)
    positions = [q.cue.start if q.cue else q.start for q in quote_list]
    found: list[Chain] = []
    sentence_list = list(sentences)
    starts = [x.start for x in sentence_list]
    # The keywords each sentence holds whole: a pattern none of whose words is there is not tried.
    present: dict[int, set[str]] = {}
    for at, word in keyword_positions(text):
        index = bisect_right(starts, at) - 1
        if index >= 0 and at + len(word) <= sentence_list[index].end:
            present.setdefault(index, set()).add(word)
    for index in sorted(present):
        sentence = sentence_list[index]
        s_text = text[sentence.start : sentence.end]
        if skip is not None and skip.contains(sentence.start):  # type: ignore[attr-defined]
            continue
        here = quote_list[bisect_left(positions, sentence.start) : bisect_left(positions, sentence.end)]
        near = [(q.speaker_mention.text, q.speaker) for q in here if q.speaker and q.speaker_mention]
        for pattern, roles, words in PATTERNS:
            if present[index].isdisjoint(words):
                continue
            match = pattern.search(s_text)
            if match is None:
                continue
            groups = [g for g in ("a", "b", "c") if g in pattern.groupindex]
            links = tuple(
                ChainLink(name=canonical(match.group(g), outlet_names, near), role=role, text=match.group(g))
                for g, role in zip(groups, roles, strict=True)
            )
            if roles[-1] == "speaker" and links[-1].text.lower() in PRONOUNS and links[-1].name == links[-1].text:
                continue  # "he" with no one to resolve it to: not a chain we can show
            carried = here[0] if here else None
            found.append(
                Chain(
                    start=sentence.start,
                    end=sentence.end,
                    text=s_text,
                    links=links,
                    quote_start=carried.start if carried else None,
                    quote_end=carried.end if carried else None,
                )
            )
            break
    return found
