"""One scan of a text for every word list: cue verbs and phrases, loaded terms, number words, outlets.

Python's `re` pays roughly the same price at every word start of a text for each pattern
scanned over it, however large the pattern: three of these lists have words beginning with
most letters, so separate scans cost about what one scan for all their words costs, each
(about 115 ms against 50 ms for the first three on a megabyte of news).

The combined scan only says where a word of some list stands. Each list's own regex then
confirms at that position, so every list gets exactly the matches its own `finditer` would
give (`test_scan.py` checks this against the separate scans). Why that holds:

- a list's match at position p is one of its words, with a word boundary on both sides,
  so the combined alternation (the union of the words, bounded by \\b) matches at p too,
  unless an earlier combined match covers p: then p is a word start inside that match,
  and those are tried as well;
- two words that match at the same position read the same characters, so one is a prefix
  of the other; the trie returns the longest, and a list can only match a word that is
  that one or a prefix of it ending at a word boundary (`LISTS_AT`);
- each list keeps its own non-overlapping order: a position inside its previous match is
  skipped, as its own scan would skip it.

Most hits need no confirming. Where the combined scan matched a word (or phrase) that
belongs to a list whose regex is built the standard way for its words, with
\\b at both ends ("word" lists: cue verbs and phrases, number words) or with "no letter, digit
or hyphen" on either side ("hyphen" lists: framing terms, outlets), that list's own regex at
that position matches exactly that word: it matches the longest of its words that is followed
by its kind of boundary, and a longer one would be a longer word of the union, followed by a
\\b too, which the combined scan would have matched instead. A hyphen list needs, besides,
no hyphen right before or after the word; otherwise its regex confirms (`exact_at`).

Inside a phrase, another list's word can start only at an inner word that some word of some
list begins with (the text there reads as the phrase does, up to the next word boundary), so
phrases none of whose inner words begins a word of any list skip that step (`inner_may_start`).
"""

import re
from dataclasses import dataclass
from functools import cache

from newsdesk.extraction import lexicon
from newsdesk.extraction.figures import figure_lexicon

Hits = list[tuple[int, int]]
INNER_WORD = re.compile(r"\b\w")
SEGMENT = re.compile(r"\w+")


@dataclass(frozen=True)
class WordScan:
    names: tuple[str, ...]
    patterns: dict[str, re.Pattern[str]]
    combined: re.Pattern[str] | None
    lists_at: dict[str, tuple[str, ...]]  # a matched word (spaces normalised) -> the lists that may match there
    # A one-word match -> (word lists hit as is, hyphen lists hit as is unless a hyphen
    # touches the word, lists whose regex must confirm).
    exact_at: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]
    inner_may_start: frozenset[str]  # phrases with an inner word that begins some list's word


def is_word_char(ch: str) -> bool:
    """What `\\w` matches in a str pattern."""
    return ch.isalnum() or ch == "_"


def boundary_prefixes(word: str) -> set[str]:
    """`word` and each prefix of it that ends where a word ends inside it ("according", "according to")."""
    return {word} | {word[:i] for i in range(1, len(word)) if is_word_char(word[i - 1]) and not is_word_char(word[i])}


def boundary_kind(pattern: re.Pattern[str], words: tuple[str, ...]) -> str | None:
    """'word' or 'hyphen' when `pattern` is one of the standard builds for `words`, else None."""
    trie, by_letter, hyphen_by_letter = (
        lexicon.alternation(list(words)),
        lexicon.word_alternation(list(words)),
        lexicon.word_alternation(list(words), r"[\w-]"),
    )
    if pattern.pattern in (rf"\b(?:{trie})\b", rf"{by_letter}\b"):
        return "word"
    if pattern.pattern in (rf"(?<![\w-])(?:{trie})(?![\w-])", rf"{hyphen_by_letter}(?![\w-])"):
        return "hyphen"
    return None


@cache
def word_scan() -> WordScan:
    figure_words = figure_lexicon().anchor_words
    outlet_names, outlet_re = lexicon.outlets()
    lists = {
        "verbs": (lexicon.cues().verb_re, lexicon.cue_verb_words()),
        "phrases": (lexicon.cues().phrase_re, lexicon.cue_phrase_words()),
        "framing": (lexicon.framing()[2], lexicon.framing_insensitive_words()),
        "framing_sensitive": (lexicon.framing()[1], lexicon.framing_sensitive_words()),
        "figures": (figure_lexicon().word_anchor, figure_words),
        "outlets": (outlet_re, tuple(outlet_names)),
    }
    union: set[str] = set()
    for _, words in lists.values():
        union.update(words)
    # The argument above needs every word to begin and end with a word character; a list
    # edited otherwise is scanned on its own (combined=None) rather than scanned wrong.
    if not all(is_word_char(w[0]) and is_word_char(w[-1]) for w in union if w):
        return WordScan(tuple(lists), {n: p for n, (p, _) in lists.items()}, None, {}, {}, frozenset())
    words_of = {name: set(words) for name, (_, words) in lists.items()}
    lists_at = {
        word: tuple(name for name in lists if boundary_prefixes(word) & words_of[name]) for word in sorted(union)
    }
    kind = {name: boundary_kind(pattern, words) for name, (pattern, words) in lists.items()}
    exact_at = {}
    for word, names in lists_at.items():
        mine = [n for n in names if word in words_of[n]]
        bounded = tuple(n for n in mine if kind[n] == "word")
        hyphen = tuple(n for n in mine if kind[n] == "hyphen")
        exact_at[word] = (bounded, hyphen, tuple(n for n in names if n not in bounded and n not in hyphen))
    first_words = {SEGMENT.match(word).group(0) for word in union}  # type: ignore[union-attr]
    inner_may_start = frozenset(w for w in union if any(seg in first_words for seg in SEGMENT.findall(w)[1:]))
    return WordScan(
        names=tuple(lists),
        patterns={name: pattern for name, (pattern, _) in lists.items()},
        combined=re.compile(rf"\b(?:{lexicon.alternation(sorted(union))})\b"),
        lists_at=lists_at,
        exact_at=exact_at,
        inner_may_start=inner_may_start,
    )


def word_hits(text: str) -> dict[str, Hits]:
    """Every list's matches in `text`, as its own regex would find them, from one scan."""
    scan = word_scan()
    if scan.combined is None:
        return {name: [m.span() for m in pattern.finditer(text)] for name, pattern in scan.patterns.items()}
    hits: dict[str, Hits] = {name: [] for name in scan.names}
    last_end = dict.fromkeys(scan.names, -1)

    def confirm(position: int, names: tuple[str, ...]) -> None:
        for name in names:
            if position < last_end[name]:
                continue
            match = scan.patterns[name].match(text, position)
            if match:
                hits[name].append((position, match.end()))
                last_end[name] = match.end()

    for match in scan.combined.finditer(text):
        start, end = match.span()
        word = match.group(0)
        if not word.isalnum():
            word = " ".join(word.split())  # the trie reads any run of spaces between words
        bounded, hyphen, unsure = scan.exact_at.get(word, ((), (), scan.names))
        if hyphen and (text[start - 1 : start] == "-" or text[end : end + 1] == "-"):
            unsure += hyphen
        else:
            bounded += hyphen
        for name in bounded:
            if start >= last_end[name]:
                hits[name].append((start, end))
                last_end[name] = end
        if unsure:
            confirm(start, unsure)
        if word not in scan.inner_may_start:
            continue
        for inner in INNER_WORD.finditer(text, start + 1, end):  # a word of another list may start inside
            # The combined regex there says which lists may match (the argument above holds
            # at any word start), sparing a try of every list at every inner word.
            here = scan.combined.match(text, inner.start())
            if here:
                confirm(inner.start(), scan.lists_at.get(" ".join(here.group(0).split()), scan.names))
    return hits
