"""Contested numbers: quantities with what they count, unit, qualifier, date and source (own passages)."""

import pytest

from newsdesk.extraction import extract


def figures(text: str) -> list[tuple[str, float | None, float | None, str, str, str]]:
    return [(f.text, f.value, f.value_high, f.qualifier, f.category, f.source) for f in extract(text).figures]


def one(text: str) -> object:
    found = extract(text).figures
    assert len(found) == 1, [f.text for f in found]
    return found[0]


def test_casualties_with_qualifier_date_and_according_to() -> None:
    figure = one("At least 12 civilians were killed on Sunday, according to the regional governor.")
    assert (figure.text, figure.value, figure.qualifier) == ("At least 12", 12, "at least")
    assert (figure.category, figure.unit, figure.counted) == ("killed", "civilians", "civilians were killed")
    assert (figure.date, figure.source) == ("on Sunday", "the regional governor")


def test_two_figures_in_one_sentence_get_their_own_categories() -> None:
    found = extract("Nine people died and 30 were wounded in the strike, the emergencies service said.").figures
    assert [(f.value, f.category) for f in found] == [(9, "killed"), (30, "injured")]
    assert {f.source for f in found} == {"the emergencies service"}


def test_thousands_separators_scales_money_and_percent() -> None:
    text = (
        "The defence ministry said 1,200 troops were moved. "
        "The aid package is worth $5 million. Inflation reached 12.5% in March, officials said. "
        "Kyiv asked for €2.5bn more."
    )
    got = {(f.text, f.value, f.category, f.unit) for f in extract(text).figures}
    assert ("1,200", 1200, "troops", "troops") in got
    assert ("$5 million", 5_000_000, "money", "USD") in got
    assert ("12.5%", 12.5, "percent", "%") in got
    assert ("€2.5bn", 2_500_000_000, "money", "EUR") in got


def test_ranges_words_and_distances() -> None:
    got = {
        (f.text, f.value, f.value_high, f.category)
        for f in extract(
            "Between 10 and 15 tanks crossed the river. Dozens of homes burned. The front moved 40 km east."
        ).figures
    }
    assert ("Between 10 and 15", 10, 15, "weapons") in got
    assert ("Dozens", 24, None, "villages") in got
    assert ("40", 40, None, "distance") in got


def test_relative_change_nearly_doubled() -> None:
    figure = one("The number of strikes on the city nearly doubled, the Baltic Ledger reported.")
    assert (figure.text, figure.value, figure.unit, figure.category) == ("nearly doubled", 2, "×", "change")
    assert figure.counted == ["number", "of strikes on the city"][1] or "strikes" in figure.counted
    assert figure.source == "the Baltic Ledger"


def test_quoted_figures_take_the_quotes_speaker() -> None:
    figure = one("“More than 300 people have fled,” Mayor Ivan Petrenko said on January 3.")
    assert (figure.value, figure.qualifier, figure.category) == (300, "more than", "displaced")
    assert figure.source == "Ivan Petrenko"
    assert figure.date == "January 3"


@pytest.mark.parametrize(
    "text",
    [
        "The talks took place in 2023.",
        "Flight No. 10 landed at 10:30.",
        "The meeting is on March 14 in Vell.",
        "He was born on 2 January.",
    ],
)
def test_years_dates_times_and_labels_are_not_figures(text: str) -> None:
    assert figures(text) == []


def test_offsets_slice_the_text_after_astral_characters() -> None:
    text = "🇺🇦 Officials said 14 people had been killed.\n🚀 About 2,300 residents were evacuated."
    for f in extract(text).figures:
        assert text[f.start : f.end] == f.text
    assert [f.category for f in extract(text).figures] == ["killed", "displaced"]
