"""The words that name who speaks, read next to a cue verb.

Before the verb (`Sen. Celia Marsh (D-Ore.) said`, `Tobias Wren, an analyst at Northgate
Capital, said`, `Edna Pruitt, 81, said`, `campaign spokeswoman Carla Nunes has said`) and
after it (`said Rep. G.K. Butterfield (D-N.C.), head of …`). The mention is the name or
noun phrase itself: appositions, ages and party labels are left out, titles and initials
kept ("Gov. Thomas R. Pell"). Works on the few tokens around one cue, never on the text.
"""

import json
import re
from functools import cache, lru_cache
from pathlib import Path

from newsdesk.extraction import lexicon

# A word (internal dots kept: G.K., U.S.; a final dot kept, decided on later) or one mark.
TOKEN = re.compile(r"[\w’'&/-]+(?:\.[\w’'&/-]+)*\.?|[^\w\s]")
MAX_WORDS = 12
MAX_APPOSITION = 30  # words between two commas that may describe a speaker
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
        "before",
        "after",
        "by",
        "without",
        "during",
        "until",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "will",
        "would",
        "can",
        "could",
        "should",
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


@cache
def abbreviated_titles() -> frozenset[str]:
    """'mr', 'sen', 'gov', …: the titles written as abbreviations before a name."""
    data = json.loads((Path(__file__).resolve().parent / "data" / "abbreviations.json").read_text("utf-8"))
    return frozenset(data["titles"])


def keeps_dot(word: str) -> bool:
    """'Mr.', 'G.K.', 'L.', 'U.S.', 'Jr.' end in a dot of their own, not a full stop."""
    bare = word[:-1]
    return len(bare) == 1 or "." in bare or bare.lower() in abbreviations()


def is_word(token: str) -> bool:
    return token[:1].isalnum()


def is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(*m.span(), m.group()) for m in TOKEN.finditer(text, start, end)]


def skip_parenthesis(toks: list[tuple[int, int, str]], i: int) -> int:
    """The index of the '(' that opens a short parenthesis ending at toks[i-1], else i."""
    if i and toks[i - 1][2] == ")":
        for k in range(i - 2, max(-1, i - 10), -1):
            if toks[k][2] == "(":
                return k
    return i


def is_descriptive(inner: list[tuple[int, int, str]]) -> bool:
    """An apposition that describes ('an analyst at X', '81', 'head of the caucus', 'White House press
    secretary') rather than names."""
    first = inner[0][2]
    return (
        (len(inner) == 1 and PARTY_LABEL.match(first) is not None)  # "Sen. Ron Johnson, R-Wis., said"
        or (len(inner) >= 3 and first.lower() in PARTY_WORDS and inner[1][2] == "of")  # ", Democrat of Ohio,"
        or first.lower() in DETERMINERS
        or first.lower() in ("who", "whose", "which")
        or first[:1].isdigit()
        or not is_capitalised(first)
        or inner[-1][2].lower() in lexicon.people().title_words
        or not all(is_capitalised(t[2]) or t[2].lower() in NAME_JOINERS for t in inner)
    )


PRONOUN_WORDS = frozenset(["he", "she", "they", "it", "we", "i", "you"])
PARTY_LABEL = re.compile(r"[RDI]-[A-Z]")
PARTY_WORDS = frozenset(["democrat", "republican", "independent"])
NAME_JOINERS = frozenset(["of", "the", "de", "van", "von", "al", "bin", "and", "for"])
PLACE_BEFORE = frozenset(["from", "of", "in"])


def is_place_after(toks: list[tuple[int, int, str]], comma: int) -> bool:
    """The chunk after toks[comma] continues a place ('from Sumter, South Carolina')."""
    return comma >= 2 and is_capitalised(toks[comma - 1][2]) and toks[comma - 2][2] in PLACE_BEFORE


@cache
def given_names() -> frozenset[str]:
    names = lexicon.load("given_names")
    return frozenset(names["female"]) | frozenset(names["male"])


def is_person(chunk: list[tuple[int, int, str]]) -> bool:
    """'Marc H. Morial', 'Ruth Adler': a given name or an initial, so no place ('South Carolina')."""
    return bool(chunk) and (
        chunk[0][2] in given_names() or any(len(w) == 2 and w.endswith(".") and w[0].isupper() for _, _, w in chunk)
    )


def chunk_start(toks: list[tuple[int, int, str]], end: int) -> int:
    """Where the comma-free run of words ending at toks[end-1] begins."""
    k = end - 1
    while k >= 0 and is_word(toks[k][2]) and end - 1 - k < MAX_APPOSITION:
        k -= 1
    return k + 1


def cut_place(toks: list[tuple[int, int, str]], j: int, i: int) -> int:
    """'Rep. Tom Cole of Oklahoma' ends at Cole: a name's 'of'/'from' phrase is not part of it
    (a title's is: 'Secretary of State John Kerry')."""
    words = lexicon.people().title_words
    for k in range(j + 1, i - 1):
        if (
            toks[k][2] in ("of", "from")
            and is_capitalised(toks[k - 1][2])
            and toks[k - 1][2].lower() not in words
            and toks[k - 1][2].lower().rstrip(".") not in abbreviations()
        ):
            return k
    return i


def clause_subject(text: str, floor: int, end: int) -> tuple[int, int] | None:
    """The capitalised name a clause starts with ('Carson took the stage … and called …' → Carson)."""
    toks = tokens(text, floor, end)
    k = 0
    while k < len(toks) and toks[k][2].lower() in LEAD_WORDS:
        k += 1
    if k < len(toks) and (not is_capitalised(toks[k][2]) or toks[k][2] in SUBORDINATORS):
        return None
    if k + 1 < len(toks) and toks[k][2].lower() in DETERMINERS:  # "The congressman said … and called"
        words = lexicon.people().title_words
        j = k + 2
        while j < len(toks) and is_word(toks[j][2]) and (is_capitalised(toks[j][2]) or toks[j][2].lower() in words):
            j += 1
        return toks[k][0], toks[j - 1][1]
    j = k
    while j < len(toks) and is_word(toks[j][2]) and (is_capitalised(toks[j][2]) or toks[j][2].endswith(".")):
        if toks[j][2].endswith(".") and not keeps_dot(toks[j][2]):
            return None
        j += 1
    if j == k or j >= len(toks) or not toks[j][2][:1].islower() or j - k > 6:
        return None
    return toks[k][0], toks[j - 1][1]


def mention_before(text: str, floor: int, end: int, aux: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """The mention that is the subject of a cue verb starting at `end`, reading no further back than `floor`.

    Reads the last 100 characters first, and further back (300) only when it needs more. What
    it reads depends only on those characters: the same clause (wire copy carried by several
    outlets, "he said" after a quote) is read once per process."""
    start = max(floor, end - WINDOW)
    found = mention_in(text[start:end], aux)
    return (start + found[0], start + found[1]) if found else None


WINDOW = 400  # more than mention_before ever reads (FAR)


@lru_cache(maxsize=16384)
def mention_in(text: str, aux: frozenset[str]) -> tuple[int, int] | None:
    return read_mention_before(text, 0, len(text), aux)


def read_mention_before(text: str, floor: int, end: int, aux: frozenset[str]) -> tuple[int, int] | None:
    plain = plain_before(text, floor, end)
    if plain is not None:
        return plain
    if end - floor > NEAR:
        found = read_before(text, end - NEAR, end, aux, truncated=True)
        if found is not MORE:
            return found
        return read_before(text, max(floor, end - FAR), end, aux)
    return read_before(text, floor, end, aux)


# The common case, read without tokens: a plain name or pronoun right after a clause boundary.
PLAIN = re.compile(
    r"(?:[A-Z][a-z’'-]+(?:[A-Z][a-z’'-]+)?(?: [A-Z][a-z’'-]+(?:[A-Z][a-z’'-]+)?){0,2}|he|she|they|we|I)[ ]+$"
)
CLAUSE_MARKS = frozenset('.;:!?“”"(—–')
CLAUSE_WORDS = frozenset(["that", "and", "but", "while", "because", "when", "as", "if", "so"])


def plain_before(text: str, floor: int, end: int) -> tuple[int, int] | None:
    match = PLAIN.search(text, max(floor, end - 40), end)
    if match is None:
        return None
    start = match.start()
    if text[start:end].split(" ", 1)[0] in SUBORDINATORS or text[start:end].split(" ", 1)[0].lower() in LEAD_WORDS:
        return None
    k = start
    while k > floor and text[k - 1] == " ":
        k -= 1
    if k > floor:
        if text[k - 1] in CLAUSE_MARKS:
            if text[k - 1] == ".":
                space = text.rfind(" ", floor, k)
                if keeps_dot(text[space + 1 if space >= 0 else floor : k]):
                    return None
        else:
            space = text.rfind(" ", floor, k)
            if text[space + 1 if space >= 0 else floor : k] not in CLAUSE_WORDS:
                return None
    stop = end
    while text[stop - 1] == " ":
        stop -= 1
    return start, stop


MORE = (-1, -1)  # read_before ran into the start of a shortened window: read further back
SUBORDINATORS = frozenset(
    ["After", "Before", "While", "When", "If", "As", "In", "On", "At", "During", "Since", "Because", "Although"]
    + ["Though", "Despite", "With", "Without", "For", "From", "By", "Once", "Until", "Asked", "Speaking"]
)


NEAR, FAR = 100, 300


def read_before(
    text: str, floor: int, end: int, aux: frozenset[str], *, truncated: bool = False
) -> tuple[int, int] | None:
    toks = tokens(text, floor, end)
    i = len(toks)
    skipped = 0
    while i and skipped < 3 and is_word(toks[i - 1][2]):
        word = toks[i - 1][2].lower()
        if word in aux or (word.endswith("ly") and len(word) > 4 and not is_capitalised(toks[i - 1][2])):
            i -= 1
            skipped += 1
            continue
        break
    if i and toks[i - 1][2].lower() in ("and", "but"):  # "Carson took the stage … and called"
        return clause_subject(text, floor, toks[i - 1][0])
    # "Name, an analyst at X," / "Name, 81," / "Name, a salesman from Sumter, South Carolina," /
    # "the Foreign Secretary, Helen Marsh,": descriptive chunks between commas are left out.
    for _ in range(6):
        i = skip_parenthesis(toks, i)
        if not (i and toks[i - 1][2] == ","):
            break
        if i >= 2 and toks[i - 2][2] == ")":
            i -= 1
            continue
        start = chunk_start(toks, i - 1)
        if start == 0 and truncated:
            return MORE
        inner = toks[start : i - 1]
        if not inner:
            return None
        comma = start - 1
        if comma >= 0 and toks[comma][2] == "," and is_place_after(toks, comma) and not is_person(inner):
            i = comma + 1  # "from Sumter, South Carolina,": the place goes with the chunk before
            continue
        if is_descriptive(inner) and comma >= 0 and toks[comma][2] in ",)":
            i = comma + 1
            continue
        i -= 1
        break
    j = i
    while j and is_word(toks[j - 1][2]) and i - j < MAX_WORDS:
        word = toks[j - 1][2]
        if word.lower() in STOP_BEFORE:
            break
        if word.endswith(".") and not keeps_dot(word):
            break
        j -= 1
    if j == 0 and truncated:
        return MORE
    led = j < i and toks[j][2] in SUBORDINATORS
    while j < i and (toks[j][2].lower() in LEAD_WORDS or toks[j][2] in SUBORDINATORS):
        j += 1
    if led and j < i and not is_capitalised(toks[j][2]):
        # "In a Bloomberg interview Trump declared": the opening phrase ends where the name starts.
        k = i
        while k > j and is_capitalised(toks[k - 1][2]) and is_word(toks[k - 1][2]):
            k -= 1
        if j < k < i and i - k <= 4 and not is_capitalised(toks[k - 1][2]):
            j = k
    if j >= i or i - j > MAX_WORDS:
        return None
    if (
        j >= 3 and toks[j - 1][2] == "," and is_place_after(toks, j - 1) and not is_person(toks[j:i])
    ):  # "Stacy Baker of Columbia, South Carolina"
        j, i = chunk_start(toks, j - 1), j - 1
    else:
        # An apposition its writer did not close: "David Wasserman, an analyst at the Cook Report said".
        k = chunk_start(toks, i)
        chunk = toks[k:i]
        if (
            k >= 2
            and len(chunk) >= 2
            and toks[k - 1][2] == ","
            and chunk[0][2].lower() not in PRONOUN_WORDS
            and is_descriptive(chunk)
        ):
            name_end = skip_parenthesis(toks, k - 1)
            name_start = chunk_start(toks, name_end)
            if truncated and name_start == 0:
                return MORE
            name = toks[name_start:name_end]
            if (
                name
                and not is_descriptive(name)
                and name[0][2] not in SUBORDINATORS
                and name[0][2].lower() not in LEAD_WORDS
            ):
                j, i = name_start, name_end
    i = cut_time(toks, j, i)
    i = cut_place(toks, j, i)
    return toks[j][0], toks[i - 1][1]


WEEKDAYS = frozenset(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
TIME_LEADS = frozenset(["on", "later", "earlier", "late", "early", "last", "this", "next", "again"])


def cut_time(toks: list[tuple[int, int, str]], j: int, i: int) -> int:
    """'Tom Perez on Friday', 'Priebus later Thursday': the day, and what leads to it, is not the speaker."""
    for k in range(j + 1, i):
        if toks[k][2] in WEEKDAYS:
            while k > j + 1 and toks[k - 1][2].lower() in TIME_LEADS:
                k -= 1
            return k
    return i


def is_named(words: list[tuple[int, int, str]]) -> bool:
    """Words that end in a name of two capitalised words, none a title: 'Stacey Plaskett', not 'Secretary'."""
    if len(words) < 2 or words[0][2].lower() in DETERMINERS:
        return False
    titles, nationalities = lexicon.people().title_words, lexicon.people().nationalities
    return all(
        is_capitalised(w) and w.lower().rstrip(".") not in titles and w.lower() not in nationalities
        for _, _, w in words[-2:]
    )


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
        if (
            lower == "of" and k + 1 < len(toks) and toks[k + 1][2] == "the" and is_named(out)
        ):  # "Jo Wei of the Sierra Club"
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
    if not (
        is_capitalised(first)
        or first[:1].isdigit()
        or first.lower() in DETERMINERS
        or first.lower() in ("he", "she", "they")
        or role_before_name(out)
    ):
        return None
    return out[0][0], out[-1][1]


def role_before_name(words: list[tuple[int, int, str]]) -> bool:
    """'former Obama adviser David Axelrod', 'pollster Frank Luntz', 'state Sen. Mary Dunn': a few
    lower-case role words, then a name of two capitalised words at the end."""
    lowered = [k for k, (_, _, w) in enumerate(words) if not is_capitalised(w)]
    return (
        len(words) >= 3
        and bool(lowered)
        and lowered[-1] <= 3
        and len(words) - lowered[-1] - 1 >= 2
        and words[-1][2][:1].isupper()
        and not any(w.lower() in PRONOUN_WORDS or w.endswith("ing") or w.endswith("ed") for _, _, w in words[:4])
    )
