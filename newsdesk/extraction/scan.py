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

A list whose regex is exactly "\\b(?:its words)\\b", as the combined one is, needs no
confirming where the combined scan matched one whole word of that list: its own regex, at
that position, matches the longest of its words that is followed by a boundary; a longer one
would be a longer word of the union, which the combined scan would have matched instead.
Those hits (most of them) are taken as they are (`exact_at`).
"""

import re
from dataclasses import dataclass
from functools import cache

from newsdesk.extraction import lexicon
from newsdesk.extraction.figures import figure_lexicon

Hits = list[tuple[int, int]]
INNER_WORD = re.compile(r"\b\w")


@dataclass(frozen=True)
class WordScan:
    names: tuple[str, ...]
    patterns: dict[str, re.Pattern[str]]
    combined: re.Pattern[str] | None
    lists_at: dict[str, tuple[str, ...]]  # a matched word (spaces normalised) -> the lists that may match there
    exact_at: dict[
        str, tuple[tuple[str, ...], tuple[str, ...]]
    ]  # one-word matches: (lists hit as is, lists to confirm)


def is_word_char(ch: str) -> bool:
    """What `\\w` matches in a str pattern."""
    return ch.isalnum() or ch == "_"


def boundary_prefixes(word: str) -> set[str]:
    """`word` and each prefix of it that ends where a word ends inside it ("according", "according to")."""
    return {word} | {word[:i] for i in range(1, len(word)) if is_word_char(word[i - 1]) and not is_word_char(word[i])}


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
        return WordScan(tuple(lists), {n: p for n, (p, _) in lists.items()}, None, {}, {})
    words_of = {name: set(words) for name, (_, words) in lists.items()}
    lists_at = {
        word: tuple(name for name in lists if boundary_prefixes(word) & words_of[name]) for word in sorted(union)
    }
    like_combined = {
        name
        for name, (pattern, words) in lists.items()
        if pattern.pattern == rf"\b(?:{lexicon.alternation(list(words))})\b"
    }
    exact_at = {}
    for word, names in lists_at.items():
        if word.isalnum():
            exact = tuple(n for n in names if n in like_combined and word in words_of[n])
            exact_at[word] = (exact, tuple(n for n in names if n not in exact))
    return WordScan(
        names=tuple(lists),
        patterns={name: pattern for name, (pattern, _) in lists.items()},
        combined=re.compile(rf"\b(?:{lexicon.alternation(sorted(union))})\b"),
        lists_at=lists_at,
        exact_at=exact_at,
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
        if word.isalnum():
            exact, unsure = scan.exact_at.get(word, ((), scan.names))
            for name in exact:
                if start >= last_end[name]:
                    hits[name].append((start, end))
                    last_end[name] = end
            if unsure:
                confirm(start, unsure)
            continue
        confirm(start, scan.lists_at.get(" ".join(word.split()), scan.names))
        for inner in INNER_WORD.finditer(text, start + 1, end):  # a word of another list may start inside
            confirm(inner.start(), scan.names)
    return hits
