"""Server-side SVG bar charts: labels and values written out, escaped, "—" where there is no value."""

from newsdesk.charts import bar_chart


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
