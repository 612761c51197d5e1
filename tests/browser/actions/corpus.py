"""Actions on the corpus pages: the article list's search and filters, a job's progress."""

import re

from playwright.sync_api import Page, expect

from tests.browser.sweep import SweepWorld, page_actions


@page_actions("article_list")
def search_and_filter(page: Page, world: SweepWorld) -> None:
    results = page.locator("#article-results")
    page.get_by_label("Search").fill("missile strike")
    expect(results).to_contain_text("matching “missile strike”")
    page.get_by_label("Story").select_option(world.objects["story"].slug)
    expect(page).to_have_url(re.compile("story="))
    page.get_by_label("Search").fill("")
    expect(results).not_to_contain_text("matching")


@page_actions("job_detail")
def job_progress_shows_the_outcome(page: Page, world: SweepWorld) -> None:
    expect(page.locator("#job-progress")).to_contain_text("Done")
