"""Contested numbers: quantities in statements, with what they count, the unit, the date and the source.

"At least 12 civilians were killed on Sunday, according to the regional governor" gives a
Figure of 12 (qualifier "at least"), category "killed", date "on Sunday", source "the
regional governor". The categories and units are in `data/figures.json`; the comparison
(newsdesk.comparison.figures) lines up one story's figures by category across outlets.
Pure Python; offsets are code points of the text.
"""

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from typing import Any

from newsdesk.extraction import lexicon
from newsdesk.extraction.types import Figure, Quote, Sentence

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
DATE = re.compile(
    rf"\b(?:on (?:{DAYS})|(?:{MONTHS}) \d{{1,2}}(?:, \d{{4}})?|\d{{1,2}} (?:{MONTHS})(?: \d{{4}})?|"
    r"yesterday|overnight|last (?:week|month|year|night)|this (?:week|month|year))\b"
)
SOURCE_VERBS = "said|says|reported|reports|claimed|claims|stated|told|estimated|estimates|announced|confirmed|put"
SOURCE_VERB_WORDS = tuple(SOURCE_VERBS.split("|"))
ACCORDING = re.compile(
    r"\b(?:according to|citing|cited by|figures from|data from)\s+([^,.;:“”\"()]{2,80})", re.IGNORECASE
)
SAID_BY = re.compile(rf"((?:the )?[A-Z][\w'’.-]*(?: [\w'’.-]+){{0,6}}?) (?:{SOURCE_VERBS})\b")
SAID_BY_CLAUSE = re.compile(rf"[,—]\s+((?:the|an?) [\w'’ -]{{2,50}}?) (?:{SOURCE_VERBS})\b")
SAID_AFTER = re.compile(rf"\b(?:{SOURCE_VERBS}) ((?:the )?[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){{0,4}})")
WORD = re.compile(r"[\w%’'-]+")
# `\d` first, not `\d+`: a pattern that starts with a character class lets re skip, in C, the
# positions that cannot start a match (a leading repeat does not), which makes this scan faster.
CLAUSE_END = re.compile(r"[,.;:()“”\"]")
DIGITS = re.compile(r"\d\d*")
STOP_WORDS = frozenset({"and", "that", "but", "which", "while", "when", "after", "as", "according", "said", "on", "in"})


@dataclass(frozen=True)
class FigureLexicon:
    number: re.Pattern[str]
    change: re.Pattern[str]
    anchor_words: tuple[str, ...]  # number and change words in the cases looked for
    word_anchor: re.Pattern[str]  # where a figure can start besides a digit: a number word or a change word
    words: dict[str, float]
    scales: dict[str, float]
    currencies: dict[str, str]
    keyword_category: dict[str, str]
    unit_category: dict[str, str]
    changes: dict[str, float]


@cache
def figure_lexicon() -> FigureLexicon:
    data: dict[str, Any] = lexicon.load("figures")
    words = {k.lower(): float(v) for k, v in data["number_words"].items()}
    scales = {k.lower(): float(v) for k, v in data["scales"].items()}
    qualifiers = lexicon.alternation(data["qualifiers"])
    digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    spelled = lexicon.alternation(list(words))
    one = rf"(?:{digits}|\b(?:{spelled})\b)"
    scale = lexicon.alternation(list(scales))
    currency = "".join(re.escape(c) for c in data["currency_symbols"])
    number = re.compile(
        rf"(?<![\w.,/:-])(?:(?P<qual>{qualifiers})\s+)?(?:between\s+)?(?P<cur>[{currency}])?(?P<num>{one})"
        rf"(?:\s*(?:-|–|to|and)\s*[{currency}]?(?P<num2>{digits}))?(?:\s?(?P<scale>{scale})\b)?"
        r"(?P<pct>\s?%|\s(?:percent|per cent)\b)?",
        re.IGNORECASE,
    )
    change = re.compile(
        rf"\b(?:(?P<qual>{qualifiers})\s+)?(?P<word>{lexicon.alternation(list(data['changes']))})\b", re.IGNORECASE
    )
    anchor_words = tuple(lexicon.both_cases([*words, *data["changes"]]))
    word_anchor = re.compile(rf"\b(?:{lexicon.alternation(list(anchor_words))})\b")
    keyword_category = {w.lower(): cat for cat, ws in data["categories"].items() for w in ws}
    unit_category = {w.lower(): cat for cat, ws in data["units"].items() for w in ws}
    return FigureLexicon(
        number=number,
        change=change,
        anchor_words=anchor_words,
        word_anchor=word_anchor,
        words=words,
        scales=scales,
        currencies=dict(data["currency_symbols"]),
        keyword_category=keyword_category,
        unit_category=unit_category,
        changes={k.lower(): float(v) for k, v in data["changes"].items()},
    )


def parse_number(raw: str | None, lex: FigureLexicon) -> float | None:
    if not raw:
        return None
    key = raw.lower()
    if key in lex.words:
        return lex.words[key]
    try:
        return float(raw.replace(",", ""))
    except ValueError:
        return None


MONTH_BEFORE = re.compile(rf"(?:{MONTHS})\s*$")
MONTH_AFTER = re.compile(rf"\s*(?:{MONTHS})\b")
LABEL_BEFORE = re.compile(r"(?:No\.|no\.|number|#)\s*$")
TIME_OR_DECIMAL_AFTER = re.compile(r"[:.]\d")
YEAR = re.compile(r"(?:19|20)\d\d")


def looks_like_a_date_or_label(text: str, start: int, end: int, raw: str) -> bool:
    """Years, days of a month, times, 'No. 10', model names: numbers that count nothing."""
    before, after = text[max(0, start - 12) : start], text[end : end + 12]
    if MONTH_BEFORE.search(before) or MONTH_AFTER.match(after):
        return True
    if LABEL_BEFORE.search(before) or TIME_OR_DECIMAL_AFTER.match(after):
        return True
    return YEAR.fullmatch(raw) is not None


def category_of(words_after: list[str], words_before: list[str], lex: FigureLexicon) -> str:
    for word in words_after[:6] + words_before[::-1][:4]:
        if word in lex.keyword_category:
            return lex.keyword_category[word]
    for pair in zip(words_after, words_after[1:], strict=False):
        if " ".join(pair) in lex.keyword_category:
            return lex.keyword_category[" ".join(pair)]
    return "other"


def sentence_source(sentence: str) -> str:
    """Who a sentence says states its figures ("according to …", "… said"), or ""."""
    found = ACCORDING.search(sentence)
    if found:
        return found.group(1).strip()
    if not any(verb in sentence for verb in SOURCE_VERB_WORDS):
        return ""  # the three patterns below each need one of these verbs
    found = SAID_BY_CLAUSE.search(sentence)
    if found:
        return found.group(1).strip()
    found = SAID_BY.search(sentence)
    if found and found.group(1).lower() not in ("it", "he", "she", "they", "this", "that"):
        return found.group(1).strip()
    found = SAID_AFTER.search(sentence)
    return found.group(1).strip() if found else ""


def sentence_date(sentence: str) -> str:
    found = DATE.search(sentence)
    return found.group(0) if found else ""


def covering_quote(quotes: list[Quote], starts: list[int], start: int, end: int) -> Quote | None:
    """The quote that contains [start, end), looking only at the few that begin just before it."""
    at = bisect_right(starts, start) - 1
    for quote in quotes[max(0, at - 3) : at + 1][::-1]:
        if quote.start <= start and end <= quote.end:
            return quote
    return None


def figures(
    text: str,
    sentences: Iterable[Sentence],
    quotes: Iterable[Quote] = (),
    skip: Any = None,
    word_hits: list[tuple[int, int]] | None = None,
) -> list[Figure]:
    """Every counted quantity in `text`, sentence by sentence (never raises on odd input).

    `word_hits`: where the number and change words are, if the caller already scanned for them
    (`scan.word_hits`); found here otherwise.
    """
    lex = figure_lexicon()
    quote_list = sorted((q for q in quotes if q.kind != "scare"), key=attrgetter("start"))
    quote_starts = [q.start for q in quote_list]
    found: list[Figure] = []
    sentence_list = list(sentences)
    starts = [s.start for s in sentence_list]
    # One pass over the whole text for anything number-like; only those sentences are parsed.
    if word_hits is None:
        word_hits = [m.span() for m in lex.word_anchor.finditer(text)]
    anchors = [m.start() for m in DIGITS.finditer(text)] + [start for start, _ in word_hits]
    wanted = sorted({bisect_right(starts, at) - 1 for at in anchors} - {-1})
    for index in wanted:
        sentence = sentence_list[index]
        s_text = text[sentence.start : sentence.end]
        date: str | None = None  # read when the sentence has a figure
        source: str | None = None  # likewise
        # A sentence inside boilerplate (a post's signature, a credit line) has no figure to count.
        in_skip = skip is not None and skip.covers(sentence.start, sentence.end)
        for match in lex.number.finditer(s_text) if not in_skip else ():
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if skip is not None and skip.contains(start):
                continue
            raw = match.group("num")
            if looks_like_a_date_or_label(text, start, end, raw):
                continue
            value = parse_number(raw, lex)
            if value is None:
                continue
            scale = lex.scales.get((match.group("scale") or "").lower(), 1.0)
            high = parse_number(match.group("num2"), lex)
            after = [w.lower() for w in WORD.findall(s_text[match.end() : match.end() + 80])]
            before = [w.lower() for w in WORD.findall(s_text[max(0, match.start() - 50) : match.start()])]
            if match.group("pct"):
                unit, category = "%", "percent"
            elif match.group("cur"):
                unit, category = lex.currencies.get(match.group("cur"), match.group("cur")), "money"
            elif after and after[0] in lex.unit_category:
                unit, category = after[0], lex.unit_category[after[0]]
            else:
                unit = after[0] if after else ""
                category = category_of(after, before, lex)
                if category == "other" and not after:
                    continue
            if category == "other" and unit in ("and", "or", "of", "to", "in", "on", "at", "a", "the"):
                continue
            clause = WORD.findall(CLAUSE_END.split(s_text[match.end() : match.end() + 80], 1)[0].lower())
            kept = []
            for word in clause[:5]:
                if word in STOP_WORDS:
                    break
                kept.append(word)
            counted = " ".join(kept)
            covering = covering_quote(quote_list, quote_starts, start, end)
            if date is None:
                date = sentence_date(s_text)
            if covering is not None and covering.speaker:
                said_by = covering.speaker
            else:
                if source is None:
                    source = sentence_source(s_text)
                said_by = source
            found.append(
                Figure(
                    start=start,
                    end=end,
                    text=text[start:end],
                    value=value * scale,
                    value_high=high * scale if high is not None else None,
                    qualifier=(match.group("qual") or "").lower(),
                    unit=unit,
                    category=category,
                    counted=counted,
                    date=date,
                    source=said_by,
                    sentence_start=sentence.start,
                    sentence_end=sentence.end,
                )
            )
        folded = lexicon.folded(s_text)
        may_change = folded is None or any(word in folded for word in lex.changes)
        for match in lex.change.finditer(s_text) if may_change else ():
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if date is None:
                date = sentence_date(s_text)
            if source is None:
                source = sentence_source(s_text)
            subject = WORD.findall(s_text[max(0, match.start() - 40) : match.start()])
            found.append(
                Figure(
                    start=start,
                    end=end,
                    text=text[start:end],
                    value=lex.changes[match.group("word").lower()],
                    value_high=None,
                    qualifier=(match.group("qual") or "").lower(),
                    unit="×",
                    category="change",
                    counted=" ".join(subject[-4:]).lower(),
                    date=date,
                    source=source,
                    sentence_start=sentence.start,
                    sentence_end=sentence.end,
                )
            )
    return sorted(found, key=attrgetter("start"))
