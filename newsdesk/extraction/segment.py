"""Paragraphs and sentences with code-point offsets.

A sentence ends at . ! ? (optionally followed by closing quotes or brackets) before
whitespace and an upper-case letter, digit or opening quote — unless the word before
is an abbreviation (U.S., Mr., Gen., Jan., No.), an initial, or the dot is a decimal.
"""

import json
import re
from pathlib import Path

from newsdesk.extraction.types import Paragraph, Sentence

ABBREVIATION_DATA = json.loads((Path(__file__).resolve().parent / "data" / "abbreviations.json").read_text("utf-8"))
# Abbreviations that are commonly followed by a number or a name, never ending a sentence.
NEVER_FINAL = frozenset(ABBREVIATION_DATA["titles"] + ABBREVIATION_DATA["never_final"])
MONTHS = frozenset(ABBREVIATION_DATA["months"])
ABBREVIATIONS = NEVER_FINAL | MONTHS | frozenset(ABBREVIATION_DATA["other"] + ABBREVIATION_DATA["name_suffixes"])
# A possible sentence end: before a capital (or digit, or opening mark), or at the end of its
# line (the paragraph's end). One scan of the whole text; paragraphs take their share.
# The first mark is written out (not `[.!?…]+`) so the pattern starts with a character class,
# which lets re skip, in C, every position that cannot start a match.
END = re.compile(r"[.!?…][.!?…]*[\"”’'»)\]]*(?=\s+[\"“‘'«(\[]{0,2}[A-Z0-9\u0400-\u04ff]|[^\S\n]*(?:\n|\Z))")


def paragraphs(text: str) -> list[Paragraph]:
    result = []
    start = 0
    for line in text.split("\n"):
        size = len(line)
        stripped = line.lstrip()
        if stripped:
            first = start + size - len(stripped)
            result.append(Paragraph(first, first + len(stripped.rstrip())))
        start += size + 1
    return result


def is_sentence_end(text: str, start: int, dot: int) -> bool:
    """False when the mark at `dot` belongs to an abbreviation, an initial or a number."""
    if text[dot] != ".":
        return True
    # Fast path: a plain word after the last space ("said."), the common case.
    space = text.rfind(" ", start, dot)
    word = text[space + 1 if space >= 0 else start : dot]
    if word.isalpha():
        word = word.lower()
        return word not in ABBREVIATIONS and len(word) > 1
    word_start = dot
    while word_start > start and not text[word_start - 1].isspace() and text[word_start - 1] not in '(“"‘«':
        word_start -= 1
    word = text[word_start:dot].lower().rstrip(".")
    if not word:
        return True
    if word in NEVER_FINAL:
        return False
    if word in MONTHS:
        # "Jan. 2" continues; "in Jan. The…" is rare enough to accept as a miss.
        return False
    if word in ABBREVIATIONS:
        # "the U.S. The next…" : after U.S. a capitalised word usually starts a sentence
        # only when the abbreviation is the last word of a clause; accept as not final.
        return False
    # An initial ("John F. Kennedy") or two ("J.M. Berger") does not end a sentence.
    return not ((len(word) == 1 and word.isalpha()) or (len(word) == 3 and word[1] == "." and word[::2].isalpha()))


def sentences(text: str, paras: list[Paragraph]) -> list[Sentence]:
    result = []
    ends = [(m.start(), m.end()) for m in END.finditer(text)]
    k = 0
    for index, para in enumerate(paras):
        start = para.start
        while k < len(ends) and ends[k][0] < para.start:
            k += 1
        while k < len(ends) and ends[k][1] <= para.end:
            mark, end = ends[k]
            k += 1
            if not is_sentence_end(text, para.start, mark):
                continue
            first = start
            while first < end and text[first].isspace():  # one space, as a rule
                first += 1
            if first < end:
                result.append(Sentence(first, end, index))
            start = end
        while start < para.end and text[start].isspace():
            start += 1
        if start < para.end:
            result.append(Sentence(start, para.end, index))
    return result
