"""Sweeps over every page of every role (see tests/browser/sweep.py for where the pages come from).

- On a 390 × 844 phone no page scrolls sideways and the whole navigation, "Log out"
  included, can be reached and lies on the screen.
- No page logs a console error, throws, or violates the CSP, on load or while its
  registered htmx actions run.
- On a 1920 px screen the article text grows to use the room it has, within a readable
  line length.
"""

from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.sweep import (
    ACTIONS,
    CSP_LISTENER_JS,
    OVERFLOW_JS,
    SweepWorld,
    actions_load,
    open_page,
    pages_for,
    world_build,
)

PHONE = {"width": 390, "height": 844}
# Opens the menu with its button when the button is shown (a phone), then checks each link of
# the main navigation and the "Log out" button: shown, and on the screen once scrolled to.
NAV_JS = """() => {
  const toggle = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Menu');
  const folded = toggle && toggle.checkVisibility();
  if (folded) toggle.click();
  const nav = document.querySelector('nav[aria-label="Main"]');
  if (!nav || !nav.checkVisibility()) return ['the main navigation is not shown' + (folded ? ' after pressing Menu' : '')];
  const logout = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Log out');
  const problems = logout ? [] : ['no "Log out" button'];
  for (const el of [...nav.querySelectorAll('a'), ...(logout ? [logout] : [])]) {
    const name = el.textContent.trim();
    if (!el.checkVisibility()) { problems.push(`"${name}" is hidden`); continue; }
    el.scrollIntoView({block: 'nearest', inline: 'nearest'});
    const box = el.getBoundingClientRect();
    if (box.left < 0 || box.right > innerWidth + 0.5 || box.top < 0 || box.bottom > innerHeight + 0.5) {
      problems.push(`"${name}" lies off the screen (${Math.round(box.left)}–${Math.round(box.right)} px across, ${Math.round(box.top)} px down)`);
    }
  }
  if (folded) toggle.click();
  return problems;
}"""
LOGGED_IN = ("annotator", "reviewer", "admin")


@pytest.fixture
def world(live_server: Any, login: Any) -> SweepWorld:
    world = world_build()
    world.base_url = live_server.url
    return world


def log_in(world: SweepWorld, login: Any, role: str) -> None:
    world.role = role
    if role != "anonymous":
        login(world.users[role])


# Error pages carry the navigation too: a 404 for everyone, a 403 for an annotator.
ERROR_PAGES = {"annotator": ["/articles/999999999/", "/review/"], "reviewer": ["/articles/999999999/"], "admin": []}


def phone_problems(page: Page, path: str, *, with_nav: bool) -> list[str]:
    found = page.evaluate(OVERFLOW_JS)
    problems = []
    if found["scrollWidth"] > found["innerWidth"]:
        problems.append(
            f"{path}: {found['scrollWidth']} px wide on a {found['innerWidth']} px screen {found['offenders']}"
        )
    if with_nav:
        problems += [f"{path}: {problem}" for problem in page.evaluate(NAV_JS)]
    return problems


@pytest.mark.browser
@pytest.mark.parametrize("role", ["anonymous", *LOGGED_IN])
def test_every_page_fits_a_phone_with_its_navigation_reachable(
    world: SweepWorld, page: Page, login: Any, role: str
) -> None:
    log_in(world, login, role)
    page.set_viewport_size(PHONE)
    problems, checked = [], 0
    for name in pages_for(role):
        # Stylesheets are applied by DOMContentLoaded (they block the deferred scripts): the layout is final.
        if open_page(page, world, name, wait_until="domcontentloaded"):
            checked += 1
            problems += phone_problems(page, page.url, with_nav=role != "anonymous" and "/login/" not in page.url)
    for path in ERROR_PAGES.get(role, []):
        response = page.goto(world.base_url + path, wait_until="domcontentloaded")
        assert response is not None
        assert response.status in (403, 404), (path, response.status)
        problems += phone_problems(page, path, with_nav=True)
    assert checked >= (1 if role == "anonymous" else 15), f"only {checked} pages were checked"
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("role", LOGGED_IN)
def test_no_page_logs_an_error_on_load_or_during_its_actions(
    world: SweepWorld, page: Page, login: Any, role: str
) -> None:
    actions_load()
    log_in(world, login, role)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"exception: {exc}"))
    page.add_init_script(CSP_LISTENER_JS)
    problems, acted = [], 0
    for name in pages_for(role):
        errors.clear()
        if not open_page(page, world, name):
            continue
        for action in ACTIONS.get(name, []):
            try:
                action(page, world)
            except Exception as exc:  # a failed expectation names the page and the action
                problems.append(f"{name}: action {action.__name__} failed: {exc}")
            acted += 1
        if page.url.startswith(world.base_url):
            errors += [f"CSP: {v}" for v in page.evaluate("window.__cspViolations || []")]
            if page.locator("#global-error").count():
                errors.append(f"htmx error shown: {page.locator('#global-error').inner_text()}")
        problems += [f"{name} ({page.url}): {error}" for error in dict.fromkeys(errors)]  # each once
    assert acted > 0, "no page action ran: is tests/browser/actions/ empty?"
    assert problems == [], "\n".join(problems)


# A line's length in characters: the longest paragraph's text over the lines it takes on screen (its last
# line counted as half a line).
LINE_JS = """() => {
  const text = document.querySelector('.article-text');
  const para = [...text.querySelectorAll('p')].sort((a, b) => b.textContent.length - a.textContent.length)[0];
  const range = document.createRange();
  range.selectNodeContents(para);
  const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
  const column = text.parentElement.getBoundingClientRect().width;
  return {width: text.getBoundingClientRect().width, column, perLine: para.textContent.length / (tops.size - 0.5), lines: tops.size};
}"""


@pytest.mark.browser
def test_the_article_text_grows_into_a_wide_screen_within_a_readable_line(
    world: SweepWorld, page: Page, login: Any
) -> None:
    from django.urls import reverse

    from newsdesk.models import Article

    article = Article.objects.create(
        title="A long read", body="\n".join([" ".join(["Officials said the dam held."] * 12)] * 3)
    )
    log_in(world, login, "reviewer")
    url = world.base_url + reverse("article_detail", args=[article.pk])
    measured = {}
    for width in (1280, 1920):
        page.set_viewport_size({"width": width, "height": 1000})
        page.goto(url)
        measured[width] = page.evaluate(LINE_JS)
    wide, laptop = measured[1920], measured[1280]
    assert 55 <= wide["perLine"] <= 85, wide  # a readable line, not a screen-wide one
    assert wide["width"] >= 1.1 * laptop["width"], measured  # the bigger screen's room is used
    assert wide["width"] >= 720, wide
    assert wide["width"] <= wide["column"], wide
