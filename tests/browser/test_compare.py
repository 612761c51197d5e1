"""The comparison page in a browser: demo story, toggles by htmx, aligned quotes with their cues."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.factories import reader


@pytest.mark.browser
def test_compare_the_demo_story_and_toggle_sections(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    call_command("load_demo", stdout=StringIO())
    login(reader())
    page.goto(f"{live_server.url}/stories/stoltenberg-new-offensive/")
    page.get_by_role("link", name="Compare coverage side by side").click()
    table = page.locator(".compare-table")
    expect(table.get_by_role("columnheader", name="RT The West needs")).to_be_visible()
    expect(table).to_contain_text("All that indicates that they are prepared")
    expect(table.locator(".cue", has_text="claimed").first).to_be_visible()
    expect(table.locator(".cue", has_text="said").first).to_be_visible()
    expect(page.get_by_text("Not the story's own voice")).to_be_visible()
    page.get_by_label("Cross-links and posts").uncheck()
    expect(page.get_by_text("Not the story's own voice")).to_have_count(0)
    expect(page.get_by_text("Speaker balance")).to_be_visible()
    assert js_errors == []


@pytest.mark.browser
def test_contested_casualty_figures_side_by_side(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    """The demo's dam story: two invented outlets give different death tolls and evacuation figures."""
    call_command("load_demo", stdout=StringIO())
    login(reader())
    page.goto(f"{live_server.url}/stories/vell-dam-strike/compare/")
    figures = page.locator("tbody.compare-figures")
    expect(figures.get_by_role("rowheader", name="Killed")).to_contain_text("Figures disagree")
    expect(figures).to_contain_text("14 people had been killed")
    expect(figures).to_contain_text("9 people died")
    expect(figures).to_contain_text("the emergencies service")
    expect(figures.locator("tr.disagree")).to_have_count(2)  # killed, evacuated
    page.get_by_label("Figures").uncheck()
    expect(page.locator("tbody.compare-figures")).to_have_count(0)
    page.get_by_label("Figures").check()
    expect(page.locator("tbody.compare-figures")).to_have_count(1)
    assert js_errors == []


# Charts people can read: every text at least 11 px on screen and inside its drawing, every chart titled.

CHART_TEXT = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const [x0, y0, w, h] = svg.getAttribute('viewBox').split(' ').map(Number);
  const scale = svg.getScreenCTM().a;
  return {
    title: svg.querySelector('text.chart-title')?.textContent || '',
    texts: [...svg.querySelectorAll('text')].map(t => {
      const b = t.getBBox();
      return {
        text: t.textContent,
        px: parseFloat(t.getAttribute('font-size')) * scale,
        inside: b.x >= x0 && b.y >= y0 && b.x + b.width <= x0 + w + 0.5 && b.y + b.height <= y0 + h + 0.5,
      };
    }),
  };
})"""


def assert_charts_readable(page: Page, *, titled_with: list[str], at_least: int) -> None:
    charts = page.evaluate(CHART_TEXT)
    assert len(charts) >= at_least
    for chart in charts:
        assert any(chart["title"].startswith(name) for name in titled_with), chart["title"]
        for text in chart["texts"]:
            assert text["px"] >= 11, (chart["title"], text)
            assert text["inside"], (chart["title"], text)


@pytest.mark.browser
@pytest.mark.parametrize("width", [1440, 390])
def test_charts_are_readable_titled_and_never_clipped(
    live_server: Any, page: Page, login: Any, js_errors: list[str], width: int
) -> None:
    from newsdesk.models import Article, Outlet

    call_command("load_demo", stdout=StringIO())
    login(reader())
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/stories/stoltenberg-new-offensive/compare/")
    articles = Article.objects.filter(story__slug="stoltenberg-new-offensive").count()
    names = list(Outlet.objects.values_list("name", flat=True))
    expect(page.locator("svg.chart").first).to_be_visible()
    assert_charts_readable(page, titled_with=names, at_least=2 * articles)
    # A long speaker name or label is cut to fit, whole in its tooltip.
    a, b = Outlet.objects.filter(credits__role="primary").distinct()[:2]
    page.goto(f"{live_server.url}/outlets/{a.slug}/vs/{b.slug}/")
    assert_charts_readable(page, titled_with=[a.name, b.name], at_least=2)
    page.goto(f"{live_server.url}/outlets/{a.slug}/")
    assert_charts_readable(page, titled_with=[a.name], at_least=4)
    assert js_errors == []
