"""Quick tests in front of case-insensitive regexes never hide a match.

Cross-link detection tries its regex only on paragraphs whose first character folds to a
letter a phrase starts with; credit lines and change words ("doubled") are looked for only
where the case-folded text holds a word the pattern needs (`lexicon.folded`).
"""

import re
import string
import sys

import pytest

from newsdesk.extraction import extract, lexicon
from newsdesk.extraction.credits import credits_from_line
from newsdesk.extraction.posts import CROSS_LINK, CROSS_LINK_STARTS, cross_links
from newsdesk.extraction.segment import paragraphs


def test_re_i_matches_a_letter_only_to_characters_that_fold_to_it_save_the_turkish_i() -> None:
    # The rule both quick tests rest on, over every character and every letter.
    any_letter = re.compile("[a-z]", re.I)
    taken = [chr(code) for code in range(sys.maxunicode + 1) if any_letter.fullmatch(chr(code))]
    exceptions = {
        (letter, ch)
        for ch in taken
        for letter in string.ascii_lowercase
        if re.fullmatch(letter, ch, re.I) and ch.casefold() != letter
    }
    assert exceptions == {("i", "İ"), ("i", "ı")}
    assert lexicon.folded("Kyiv") == "kyiv"
    assert lexicon.folded("Istanbul’da ılık") is None  # no ruling out: ı matches "i"


def test_cross_link_phrases_do_not_start_with_i() -> None:
    # The cross-link test folds only the first character, with no way out for "ı" and "İ".
    assert "i" not in CROSS_LINK_STARTS


@pytest.mark.parametrize(
    "line",
    ["Read more: Talks stall in Vell", "READ ALSO: the ceasefire", "ſubscribe to our newsletter", "Related: Dnipro"],
)
def test_cross_links_are_found_in_any_case(line: str) -> None:
    text = f"The talks resumed on Monday.\n{line}\nThey ended on Tuesday."
    found = cross_links(text, paragraphs(text))
    assert [link.text for link in found] == [line]
    assert CROSS_LINK.match(line)


def test_an_ordinary_paragraph_is_not_a_cross_link() -> None:
    text = "Members of the council read more slowly than usual."
    assert cross_links(text, paragraphs(text)) == []


@pytest.mark.parametrize(
    "line",
    [
        "This story was first published by Eastern Courier",
        "THIS STORY WAS FIRST PUBLISHED BY Eastern Courier",
        "This story was first publiſhed by Eastern Courier",  # long s: re.I takes it for "s"
    ],
)
def test_credit_lines_are_found_in_any_case(line: str) -> None:
    assert credits_from_line(line) == [("Eastern Courier", "syndicated_from")]


@pytest.mark.parametrize("word", ["doubled", "DOUBLED", "Doubled"])
def test_change_words_are_found_in_any_case(word: str) -> None:
    text = f"Prices of bread {word} in 2023, the ministry said."
    assert [(f.text, f.category) for f in extract(text).figures] == [(word, "change")]
