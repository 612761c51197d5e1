"""The words that name who speaks, read next to a cue verb.

Before the verb (`Sen. Celia Marsh (D-Ore.) said`, `Tobias Wren, an analyst at Northgate
Capital, said`, `Edna Pruitt, 81, said`, `campaign spokeswoman Carla Nunes has said`) and
after it (`said Rep. G.K. Butterfield (D-N.C.), head of …`). The mention is the name or
noun phrase itself: appositions, ages and party labels are left out, titles and initials
kept ("Gov. Thomas R. Pell"). Works on the few tokens around one cue, never on the text.
"""

import json
import re
from functools import cache
from pathlib import Path

from newsdesk.extraction import lexicon

# A word (internal dots kept: G.K., U.S.; a final dot kept, decided on later) or one mark.
TOKEN = re.compile(r"[\w’'&-]+(?:\.[\w’'&-]+)*\.?|[^\w\s]")
MAX_WORDS = 12
# Words that end a subject read backwards from its verb (the clause's own words come before them).
STOP_BEFORE = frozenset(
    [
        "that",
        "and",
        "but",
        "while",
        "because",
        "when",
        "if",
        "as",
        "so",
        "since",
        "although",
        "though",
        "where",
        "who",
        "whom",
        "which",
        "what",
        "how",
        "why",
        "than",
        "said",
        "says",
        "say",
        "told",
        "tells",
    ]
)
LEAD_WORDS = frozenset(
    [
        "however",
        "meanwhile",
        "earlier",
        "later",
        "separately",
        "also",
        "and",
        "but",
        "then",
        "yet",
        "still",
        "now",
        "instead",
    ]
)
# Words that end an inverted subject read forwards ("said Caddell on Tuesday").
STOP_AFTER = frozenset(
    [
        "on",
        "in",
        "at",
        "who",
        "as",
        "during",
        "after",
        "before",
        "to",
        "about",
        "because",
        "when",
        "while",
        "that",
        "from",
        "with",
        "by",
        "for",
        "if",
        "since",
        "and",
        "but",
        "than",
        "via",
        "told",
        "at",
    ]
)
DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "this",
        "that",
        "these",
        "those",
        "one",
        "another",
        "some",
    ]
)
ADVERB_KEEP = frozenset(["only"])


@cache
def abbreviations() -> frozenset[str]:
    data = json.loads((Path(__file__).resolve().parent / "data" / "abbreviations.json").read_text("utf-8"))
    words = data["titles"] + data["never_final"] + data["months"] + data["other"] + data["name_suffixes"]
    return frozenset(words)


def keeps_dot(word: str) -> bool:
    """'Mr.', 'G.K.', 'L.', 'U.S.', 'Jr.' end in a dot of their own, not a full stop."""
    bare = word[:-1]
    return len(bare) == 1 or "." in bare or bare.lower() in abbreviations()


def is_word(token: str) -> bool:
    return token[:1].isalnum()


def is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in TOKEN.finditer(text, start, end)]


def skip_parenthesis(toks: list[tuple[int, int, str]], i: int) -> int:
    """The index of the '(' that opens a short parenthesis ending at toks[i-1], else i."""
    if i and toks[i - 1][2] == ")":
        for k in range(i - 2, max(-1, i - 10), -1):
            if toks[k][2] == "(":
                return k
    return i


def mention_before(text: str, floor: int, end: int, aux: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """The mention that is the subject of a cue verb starting at `end`, reading no further back than `floor`."""
    toks = tokens(text, max(floor, end - 240), end)
    i = len(toks)
    skipped = 0
    while i and skipped < 3 and is_word(toks[i - 1][2]):
        word = toks[i - 1][2].lower()
        if word in aux or (word.endswith("ly") and len(word) > 4 and not is_capitalised(toks[i - 1][2])):
            i -= 1
            skipped += 1
            continue
        break
    i = skip_parenthesis(toks, i)
    if i and toks[i - 1][2] == ",":
        # "Name, an analyst at X," / "Name, 81," / "the Foreign Secretary, Helen Marsh,"
        k = i - 2
        while k >= 0 and toks[k][2] not in ",;:()" and is_word(toks[k][2]) and i - 2 - k < MAX_WORDS:
            k -= 1
        inner = toks[k + 1 : i - 1]
        if not inner:
            return None
        first = inner[0][2]
        descriptive = (
            first.lower() in DETERMINERS
            or first[:1].isdigit()
            or not is_capitalised(first)
            or inner[-1][2].lower() in lexicon.people().title_words  # "Josh Earnest, White House Press Secretary,"
        )
        if descriptive or (k >= 0 and toks[k][2] == "," and not all(is_capitalised(t[2]) for t in inner)):
            if k < 0 or toks[k][2] != ",":
                return None
            i = skip_parenthesis(toks, k)
        else:
            i -= 1
    j = i
    while j and is_word(toks[j - 1][2]) and i - j < MAX_WORDS:
        word = toks[j - 1][2]
        if word.lower() in STOP_BEFORE:
            break
        if word.endswith(".") and not keeps_dot(word):
            break
        j -= 1
    while j < i and toks[j][2].lower() in LEAD_WORDS:
        j += 1
    if j >= i or i - j > MAX_WORDS:
        return None
    if j > 0 and toks[j - 1][2] in "'’":  # inside a quoted phrase
        return None
    return toks[j][0], toks[i - 1][1] - (1 if toks[i - 1][2].endswith(".") and not keeps_dot(toks[i - 1][2]) else 0)


def mention_after(text: str, start: int, limit: int) -> tuple[int, int] | None:
    """The mention right after an inverted cue ('said Rep. G.K. Butterfield (D-N.C.), head of …')."""
    toks = tokens(text, start, min(limit, start + 200))
    out: list[tuple[int, int, str]] = []
    for k, (s, e, word) in enumerate(toks):
        if not is_word(word):
            break
        lower = word.lower()
        if out and lower in STOP_AFTER:
            break
        if lower == "of" and not (k + 1 < len(toks) and (is_capitalised(toks[k + 1][2]) or toks[k + 1][2] == "the")):
            break
        if word.endswith(".") and not keeps_dot(word):
            out.append((s, e - 1, word[:-1]))
            break
        out.append((s, e, word))
        if len(out) > MAX_WORDS:
            return None
    if not out:
        return None
    first = out[0][2]
    if not (is_capitalised(first) or first.lower() in DETERMINERS or first.lower() in ("he", "she", "they")):
        return None
    return out[0][0], out[-1][1]
