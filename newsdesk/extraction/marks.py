"""Pair quotation marks into quote spans; apostrophes never open or close a quote.

Handles “ ” " « » „ and single ‘ ’ ' marks; nested single quotes inside double ones
(they do not end the outer quote); quotes running over several paragraphs (an opening
mark at each paragraph, the closing one only at the end); unbalanced marks are dropped,
never guessed. One left-to-right pass: linear in the text.
"""

import re
from dataclasses import dataclass
from operator import attrgetter

from newsdesk.extraction.types import quick_init

DOUBLE_OPEN = "“«„"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‹"
SINGLE_CLOSE = "’›"
# Two apostrophes ('') stand for a double mark in newspaper archive text (NYT copy).
MARKS = re.compile(r"[“”«»„\"‘’‹›']")
OPEN_CONTEXT = " \t\n([{—–-/"


@quick_init
@dataclass(frozen=True, slots=True)
class MarkPair:
    open: int  # index of the opening mark
    close: int  # index of the closing mark
    single: bool = False
    nested: bool = False  # a single-quoted span inside a double-quoted one
    width: int = 1  # characters of each mark: 2 for the archive's '' … ''

    @property
    def start(self) -> int:
        return self.open + self.width

    @property
    def end(self) -> int:
        return self.close

    @property
    def after(self) -> int:
        """Where the text after the closing mark begins."""
        return self.close + self.width


def is_apostrophe(text: str, i: int) -> bool:
    """’ or ' inside a word (Russia’s, that’s), in ’n’, before a year (’90s), or after a plural s."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():
        return True  # Russia’s, that’s, rock ’n’ roll's inner marks handled below
    if after.isdigit() and (i + 2 < len(text) and text[i + 2].isdigit()):
        return True  # ’90s, '22
    if text[i - 1 : i + 2] in ("n’ ", "n' ") and i >= 2 and text[i - 2] in " ’'":
        return True  # the closing mark of ’n’
    return before in " \t\n" and text[i + 1 : i + 3] in ("n’", "n'")  # the opening mark of ’n’


def opens(text: str, i: int, width: int = 1) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return (before in OPEN_CONTEXT or before in DOUBLE_OPEN) and not after.isspace()


def pair_marks(text: str) -> list[MarkPair]:
    pairs: list[MarkPair] = []
    double_open: int | None = None
    double_char = ""
    double_width = 1
    single_open: int | None = None
    last_newline = -1
    skip_next = -1
    for match in MARKS.finditer(text):
        i = match.start()
        if i == skip_next:
            continue
        ch = text[i]
        if ch == "'" and text[i + 1 : i + 2] == "'":
            ch, skip_next = "''", i + 1
        # A paragraph break with a quote still open: it continues only if this
        # paragraph starts with an opening mark; otherwise the open mark was stray.
        newline = text.rfind("\n", 0, i)
        if newline > last_newline:
            last_newline = newline
            if single_open is not None and single_open < newline:
                single_open = None
            if double_open is not None and double_open < newline:
                at_para_start = not text[newline + 1 : i].strip()
                if at_para_start and (ch in DOUBLE_OPEN or (ch in ('"', "''") and opens(text, i, len(ch)))):
                    continue  # multi-paragraph quote: this mark only re-opens it
                double_open = None
        if ch in "’'" and is_apostrophe(text, i):
            continue
        if ch in DOUBLE_OPEN and not (double_open is not None and double_char == "„" and ch == "“"):
            double_width = 1
            if double_open is None:
                double_open, double_char, single_open = i, ch, None
            elif ch == "«":
                double_open, double_char = i, ch  # restart: the previous one never closed
            else:
                double_open, double_char = i, ch
            continue
        if ch in DOUBLE_CLOSE or ch == "“":  # “ closes a German „…“ quote
            if double_open is not None:
                pairs.append(MarkPair(double_open, i))
                double_open, single_open = None, None
            continue
        if ch == '"' or ch == "''":
            if double_open is None:
                if opens(text, i, len(ch)):
                    double_open, double_char, double_width, single_open = i, ch, len(ch), None
            elif ch == '"' or double_char == ch:
                pairs.append(MarkPair(double_open, i, width=double_width))
                double_open, single_open = None, None
            continue
        # Single marks: ‘ ’ ‹ › '
        if ch in SINGLE_OPEN or (ch == "'" and single_open is None and opens(text, i)):
            if opens(text, i) or ch in SINGLE_OPEN:
                single_open = i
            continue
        if (ch in SINGLE_CLOSE or ch == "'") and single_open is not None:
            pairs.append(MarkPair(single_open, i, single=True, nested=double_open is not None))
            single_open = None
    return sorted((p for p in pairs if p.close > p.open + p.width), key=attrgetter("open"))
