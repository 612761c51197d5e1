"""A reader logs in through the real form and reads the seed article with its two credits."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_log_in_and_read_the_seed_with_both_credits(live_server: Any, page: Page, js_errors: list[str]) -> None:
    call_command("load_demo", stdout=StringIO())
    page.goto(live_server.url + "/")
    page.get_by_label("Username").fill("reviewer")
    page.get_by_label("Password").fill("reviewer-demo")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Articles").click()
    page.get_by_label("Search").fill("brace for a new Russian offensive")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="The West needs to brace").click()
    credits = page.get_by_role("list", name="Credits")
    expect(credits).to_contain_text("RT · Primary")
    expect(credits).to_contain_text("Global Village Space · Additional input")
    expect(page.locator(".article-text")).to_contain_text("Russia’s partial mobilization")
    # The embedded post is set apart as a card of its own, not a box broken across lines.
    post = page.locator(".article-text .embedded-post").first
    expect(post).to_contain_text("NATO Secretary General Stoltenberg called on Western countries")
    assert post.evaluate("el => getComputedStyle(el).display") == "block"
    assert js_errors == []
