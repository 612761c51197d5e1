"""Quote alignment across outlets, speaker balance, framing contrast (story suggestions: tests/unit/test_stories.py)."""

from collections import Counter
from dataclasses import dataclass

import pytest

from newsdesk.comparison import QuoteItem, align_quotes, framing_contrast, similarity, speaker_balance
from newsdesk.comparison.align import THRESHOLD

LONG = "All that indicates that they are prepared to continue the war and also try to potentially launch a new Russian offensive,"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (LONG, LONG),  # verbatim
        (LONG, LONG.rstrip(",") + "."),  # different closing punctuation
        (
            LONG,
            "they are prepared to continue the war and also try to potentially launch a new Russian offensive",
        ),  # trimmed
        (
            "the quickest way to peace.",
            "Western military support for Ukraine is the quickest way to peace",
        ),  # partial of a longer one
        (
            "that’s the only way to convince Russia",
            "that's the only way to convince Russia that they have to sit down",
        ),  # apostrophes
    ],
)
def test_same_quote_scores_above_the_threshold(a: str, b: str) -> None:
    assert similarity(a, b) >= THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            LONG,
            "What we do know is that what Ukraine can achieve around that table is totally dependent on the strength on the battlefield",
        ),
        ("We are ready to talk", "We are not ready to leave the city"),
        ("a colony", "the colony of the empire was founded long ago"),  # too short for a partial match
        ("the water is still rising", "prices are still rising across the region"),
    ],
)
def test_different_quotes_stay_below_the_threshold(a: str, b: str) -> None:
    assert similarity(a, b) < THRESHOLD


def test_groups_align_across_articles_and_mark_quotes_only_one_outlet_has() -> None:
    items = [
        QuoteItem(1, LONG, cue="claimed", stance="distancing", speaker="Jens Stoltenberg", speaker_text="he"),
        QuoteItem(1, "a colony", kind="partial"),
        QuoteItem(
            2,
            "they are prepared to continue the war and also try to potentially launch a new Russian offensive",
            cue="said",
            stance="neutral",
            speaker="Jens Stoltenberg",
            speaker_text="Stoltenberg",
        ),
        QuoteItem(3, "the quickest way to peace"),
    ]
    groups = align_quotes(items)
    assert len(groups) == 3
    shared = groups[0]
    assert shared.articles == [1, 2]
    assert {m.cue for m in shared.members.values()} == {"claimed", "said"}
    assert [g.is_shared for g in groups] == [True, False, False]


def test_one_quote_per_article_in_a_group_keeps_the_fuller_one() -> None:
    items = [
        QuoteItem(1, "the quickest way to peace"),
        QuoteItem(1, "is the quickest way to peace, he said"),
        QuoteItem(2, "the quickest way to peace."),
    ]
    groups = align_quotes(items)
    assert len(groups) == 1
    assert groups[0].members[1].text == "is the quickest way to peace, he said"


@dataclass
class Q:
    article: int
    kind: str
    speaker: str
    affiliation: str
    text: str


def test_speaker_balance_counts_quoted_words_of_direct_and_partial_quotes() -> None:
    table = speaker_balance(
        [
            Q(1, "direct", "Anna Sorel", "Vell region", "We will rebuild every house"),
            Q(1, "partial", "Anna Sorel", "Vell region", "around the clock"),
            Q(1, "indirect", "Anna Sorel", "", "not counted here"),
            Q(2, "direct", "", "", "unattributed"),
        ]
    )
    assert table == {1: {"Anna Sorel": {"words": 8, "quotes": 2, "affiliation": "Vell region"}}}


def test_framing_contrast_lists_terms_only_one_article_uses() -> None:
    per = {
        1: Counter({("Kiev", "naming-choice"): 3, ("regime", "loaded-term"): 1}),
        2: Counter({("regime", "loaded-term"): 2}),
    }
    assert framing_contrast(per) == {1: [("Kiev", "naming-choice")], 2: []}
