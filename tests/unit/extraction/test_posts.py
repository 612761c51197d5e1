"""Cross-link detection: the first-letter test in front of the regex never hides a match."""

import re
import sys

import pytest

from newsdesk.extraction.posts import CROSS_LINK, CROSS_LINK_STARTS, cross_links
from newsdesk.extraction.segment import paragraphs


@pytest.mark.parametrize("letter", sorted(CROSS_LINK_STARTS))
def test_every_character_the_regex_takes_for_a_first_letter_folds_to_it(letter: str) -> None:
    # The gate is `text[start].casefold() in CROSS_LINK_STARTS`: it must let through every
    # character that re.I matches to one of those letters ("ſ" for "s", for one). A phrase
    # starting with "i" would fail here ("ı" matches it and folds to itself).
    takes = re.compile(letter, re.I)
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        if takes.fullmatch(ch):
            assert ch.casefold() == letter, (letter, hex(code))


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
