"""Quote alignment across outlets, speaker balance, framing contrast (story suggestions: tests/unit/test_stories.py)."""

from collections import Counter
from typing import Any

import pytest

from newsdesk.comparison import (
    AlignedGroup,
    Identity,
    QuoteItem,
    align_quotes,
    framing_contrast,
    similarity,
    speaker_balance,
)
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
    assert sorted(shared.members) == [1, 2]
    assert {m.cue for m in shared.items} == {"claimed", "said"}
    assert [g.is_shared for g in groups] == [True, False, False]


def test_a_group_takes_one_version_per_article_and_drops_no_quote() -> None:
    """The exact match wins the group; the article's other version of it stays, alone (never dropped)."""
    items = [
        QuoteItem(1, "the quickest way to peace", ref=1),
        QuoteItem(1, "is the quickest way to peace, he said", ref=2),
        QuoteItem(2, "the quickest way to peace.", ref=3),
    ]
    groups = align_quotes(items)
    assert [sorted(q.ref for q in g.items) for g in groups] == [[1, 3], [2]]
    assert groups[0].is_shared
    assert not groups[1].is_shared


def test_speaker_balance_counts_quoted_words_of_direct_and_partial_quotes() -> None:
    sorel = Identity(key="s1", name="Anna Sorel", affiliation="Vell region")
    quotes = [
        QuoteItem(1, "We will rebuild every house", kind="direct", ref=1),
        QuoteItem(1, "around the clock", kind="partial", ref=2),
        QuoteItem(1, "not counted here", kind="indirect", ref=3),
        QuoteItem(1, "said by someone else", kind="direct", ref=4),
        QuoteItem(2, "unattributed", kind="direct", ref=5),
    ]
    other = Identity(key="s2", name="Bo Lind")
    table = speaker_balance(quotes, {1: sorel, 2: sorel, 3: sorel, 4: other})
    assert table == {
        1: {
            "s1": {"name": "Anna Sorel", "affiliation": "Vell region", "words": 8, "quotes": 2, "share": 8 / 12},
            "s2": {"name": "Bo Lind", "affiliation": "—", "words": 4, "quotes": 1, "share": 4 / 12},
        }
    }


def test_framing_contrast_lists_terms_only_one_article_uses() -> None:
    per = {
        1: Counter({("Kiev", "naming-choice"): 3, ("regime", "loaded-term"): 1}),
        2: Counter({("regime", "loaded-term"): 2}),
    }
    assert framing_contrast(per) == {1: [("Kiev", "naming-choice")], 2: []}


# The same quote with different boundaries in two outlets (invented same-event pairs)

BRIDGE = "The bridge will reopen to traffic before the winter, but not before the inspectors have finished their work"


def refs(groups: list[AlignedGroup]) -> list[list[int]]:
    return [sorted(q.ref for q in g.items if q.ref is not None) for g in groups]


@pytest.mark.parametrize(
    ("full", "other"),
    [
        (BRIDGE, "but not before the inspectors have finished their work."),  # a fragment of the sentence
        (BRIDGE, "The bridge will reopen to traffic … before the inspectors have finished their work"),  # ellipsis
        (BRIDGE, "The bridge will reopen to traffic before the winter ... not before the inspectors have finished"),
        (BRIDGE + ".", "“" + BRIDGE.lower() + ",”"),  # case and punctuation
    ],
)
def test_one_quote_with_other_boundaries_is_aligned(full: str, other: str) -> None:
    items = [QuoteItem(1, full, ref=1), QuoteItem(1, "We need the road open now", ref=2), QuoteItem(2, other, ref=3)]
    assert refs(align_quotes(items)) == [[1, 3], [2]]


def test_a_quote_split_by_he_said_is_aligned_with_the_whole_of_it() -> None:
    """'"The bridge will reopen to traffic before the winter," Markham said, "but not before …"' vs the whole."""
    half = BRIDGE.index(", but")
    items = [
        QuoteItem(1, BRIDGE[:half] + ",", start=10, end=10 + half, ref=1),
        QuoteItem(1, BRIDGE[half + 2 :] + ".", start=80, end=80 + len(BRIDGE) - half, ref=2),
        QuoteItem(1, "Prices for the ferry will stay as they are", start=200, end=240, ref=3),
        QuoteItem(2, BRIDGE, start=5, end=5 + len(BRIDGE), ref=4),
    ]
    groups = align_quotes(items)
    assert refs(groups) == [[1, 2, 4], [3]]
    assert [q.ref for q in groups[0].members[1]] == [1, 2], "the pieces in text order"


def test_the_same_words_twice_in_one_article_are_not_one_version_of_each_other() -> None:
    """An article that repeats a quote keeps the repeat out of the group (one version per article)."""
    items = [
        QuoteItem(1, BRIDGE, start=0, end=100, ref=1),
        QuoteItem(1, BRIDGE, start=500, end=600, ref=2),
        QuoteItem(2, BRIDGE, start=0, end=100, ref=3),
    ]
    assert refs(align_quotes(items)) == [[1, 3], [2]]


# Many similar quotes: bounded work, each quote with its own counterpart

PLACES = ["Vell", "Karsk", "Dorin", "Northport", "Lake Amber", "Tarn", "Ostra", "Bellhaven"]


def transcript(article: int, n: int) -> list[QuoteItem]:
    """A statement repeated with small changes (day, place), as transcripts and rolling coverage do."""
    return [
        QuoteItem(
            article,
            f"We will not accept any troops near {PLACES[i % 8]}, not on day {i // 8 + 1} and not ever",
            start=i * 100,
            end=i * 100 + 90,
            ref=article * 1000 + i,
        )
        for i in range(n)
    ]


def test_many_similar_quotes_are_scored_a_bounded_number_of_times(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdesk.comparison import align

    calls = 0
    real = align.score

    def counted(*args: Any) -> float:
        nonlocal calls
        calls += 1
        return real(*args)

    monkeypatch.setattr(align, "score", counted)
    items = [q for article in range(6) for q in transcript(article, 80)]  # 480 near-identical quotes
    groups = align_quotes(items)
    all_pairs = 480 * 400 // 2
    assert calls <= 2 * align.CANDIDATES * len(items), calls  # candidates, and the checks within one article
    assert calls < all_pairs / 9
    assert sorted(q.ref for g in groups for q in g.items) == sorted(q.ref for q in items), "no quote lost"
    # Each statement finds its own counterpart: day and place agree across the group.
    for g in groups:
        assert len({q.text for q in g.items}) == 1, [q.text for q in g.items]
        assert all(len(pieces) == 1 for pieces in g.members.values())
    assert sum(1 for g in groups if len(g.members) == 6) >= 70


def test_alignment_work_grows_linearly_with_similar_quotes(monkeypatch: pytest.MonkeyPatch) -> None:
    """At most a fixed number of scorings per quote at any size: linear, where all pairs would be quadratic."""
    from newsdesk.comparison import align

    calls = 0
    real = align.score

    def counted(*args: Any) -> float:
        nonlocal calls
        calls += 1
        return real(*args)

    monkeypatch.setattr(align, "score", counted)

    def work(articles: int) -> int:
        nonlocal calls
        calls = 0
        align_quotes([q for article in range(articles) for q in transcript(article, 80)])
        return calls

    for articles in (6, 18):
        quotes = 80 * articles
        all_pairs = quotes * (quotes - 80) // 2
        assert work(articles) <= 2 * align.CANDIDATES * quotes < all_pairs / 4


def test_two_statements_ending_alike_are_not_two_pieces_of_one_quote() -> None:
    """Two whole statements of one article that both end in another outlet's short quote: one version only."""
    tail = "and nobody here will forget who brought it to our house"
    items = [
        QuoteItem(1, f"The shelling of Vell went on through the night and into the morning, {tail}", ref=1),
        QuoteItem(1, f"Prices at the market doubled in a week while the convoys waited at the border, {tail}", ref=2),
        QuoteItem(2, tail, ref=3),
    ]
    assert similarity(items[0].text, items[1].text) < THRESHOLD
    assert refs(align_quotes(items)) == [[1, 3], [2]]
