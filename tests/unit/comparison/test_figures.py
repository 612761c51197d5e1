"""Lining up figures across outlets: what agrees, what cannot both be right."""

from newsdesk.comparison.figures import compatible, figure_table, interval


def fig(
    value: float, category: str = "killed", qualifier: str = "", high: float | None = None, unit: str = "people"
) -> dict:
    return {
        "value": value,
        "value_high": high,
        "qualifier": qualifier,
        "category": category,
        "unit": unit,
        "text": str(value),
    }


def test_intervals_follow_the_qualifier() -> None:
    assert interval(fig(12, qualifier="at least")) == (12, float("inf"))
    assert interval(fig(15, qualifier="up to")) == (0, 15)
    assert interval(fig(10, high=15)) == (10, 15)
    low, high = interval(fig(100, qualifier="about"))
    assert (round(low), round(high)) == (90, 110)


def test_compatibility() -> None:
    assert compatible(interval(fig(12, qualifier="at least")), interval(fig(15)))
    assert compatible(interval(fig(100)), interval(fig(105)))  # within 10 %
    assert not compatible(interval(fig(14)), interval(fig(9)))
    assert not compatible(interval(fig(2300, qualifier="about")), interval(fig(3000, qualifier="more than")))


def test_table_flags_disagreeing_outlets_first() -> None:
    table = figure_table(
        [
            (1, [fig(14), fig(40, category="injured"), fig(6, category="villages", qualifier="at least")]),
            (2, [fig(9), fig(24, category="villages")]),
            (3, [fig(15, qualifier="nearly")]),
        ]
    )
    killed = table[0]
    assert killed["key"] == "killed"
    assert killed["disagree"]
    assert killed["pairs"] == [(1, 2), (2, 3)]
    villages = next(r for r in table if r["key"] == "villages")
    assert not villages["disagree"]
    injured = next(r for r in table if r["key"] == "injured")
    assert injured["outlets"] == 1
    assert not injured["disagree"]


def test_units_must_match_for_distances_and_money() -> None:
    table = figure_table(
        [(1, [fig(40, category="distance", unit="km")]), (2, [fig(25, category="distance", unit="miles")])]
    )
    assert {r["key"] for r in table} == {"distance:km", "distance:miles"}
    assert not any(r["disagree"] for r in table)


def test_other_and_valueless_figures_are_left_out() -> None:
    assert figure_table([(1, [fig(3, category="other"), {**fig(2), "value": None}])]) == []
