"""Server-side SVG bar charts: labels and values written out, escaped, "—" where there is no value."""

import re

import pytest

from newsdesk.charts import bar_chart, charts_side_by_side


def test_bars_carry_their_label_and_value_and_no_data_is_a_dash() -> None:
    svg = bar_chart([("annie", 75), ("<bert>", None)], title="Acceptance", unit="%")
    assert 'aria-label="Acceptance"' in svg
    assert ">75 %<" in svg
    assert "&lt;bert&gt;" in svg
    assert "<bert>" not in svg
    assert ">—<" in svg, "an annotator with no decided tags is not shown as 0 %"
    assert ">0 %<" not in svg


def test_an_empty_chart_says_so() -> None:
    assert "No data yet." in bar_chart([], title="Nothing")


def bar_widths(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect x="\d+" y="[\d.]+" width="([\d.]+)"', svg)]


def test_charts_side_by_side_share_one_scale_and_show_shares() -> None:
    a, b = charts_side_by_side([("North: words", [("Lund", 40), ("Sorel", 10)]), ("East: words", [("Lund", 20)])])
    assert bar_widths(a)[0] == pytest.approx(2 * bar_widths(b)[0]), "40 is twice as long as 20 in either chart"
    assert ">40 · 80 %<" in a
    assert ">10 · 20 %<" in a
    assert ">20 · 100 %<" in b


def test_each_chart_has_a_visible_title_and_long_labels_are_cut_with_a_tooltip() -> None:
    svg = bar_chart(
        [("An extremely long speaker name that cannot fit in the chart", 3)], title="Eastern Courier: speakers"
    )
    assert '<text class="chart-title"' in svg
    assert ">Eastern Courier: speakers<" in svg
    assert "<title>An extremely long speaker name that cannot fit in the chart</title>" in svg
    assert "…" in svg
    assert 'font-size="13"' in svg


def test_a_long_title_wraps_onto_two_lines() -> None:
    svg = bar_chart([("a", 1)], title="The Northwind Wire and Eastern Courier Joint Desk: quoted words per speaker")
    assert svg.count('class="chart-title"') == 2
