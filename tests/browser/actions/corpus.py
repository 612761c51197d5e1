"""Actions on the corpus pages: the article list's search, filters and selection, a job's progress, an outlet's form."""

import re

from playwright.sync_api import Page, expect

from tests.browser.sweep import SweepWorld, page_actions


@page_actions("article_list")
def search_and_filter(page: Page, world: SweepWorld) -> None:
    results = page.locator("#article-results")
    page.get_by_label("Search").fill("missile strike")
    expect(results).to_contain_text("matching “missile strike”")
    expect(results.locator("mark").first).to_be_visible()
    page.get_by_label("Story", exact=True).first.select_option(world.objects["story"].slug)
    expect(page).to_have_url(re.compile("story="))
    page.get_by_label("Search").fill("")
    expect(results).not_to_contain_text("matching “")


@page_actions("article_list")
def select_rows_into_a_story(page: Page, world: SweepWorld) -> None:
    if world.role == "annotator":  # no selection for annotators
        expect(page.locator('input[name="article"]')).to_have_count(0)
        return
    page.get_by_label("Select every article on this page").check()
    expect(page.locator("[data-selection-count]")).to_contain_text("selected")
    page.locator("#to-story").fill(f"Sweep story of the {world.role}")
    page.get_by_role("button", name="Add to story").click()
    expect(page.locator("#article-results")).to_contain_text(f"Sweep story of the {world.role}")


@page_actions("job_detail")
def job_progress_shows_the_outcome(page: Page, world: SweepWorld) -> None:
    expect(page.locator("#job-progress")).to_contain_text("Done")


@page_actions("outlet_edit")
def outlet_form_saves_in_place(page: Page, world: SweepWorld) -> None:
    page.get_by_label("Country").fill("Nowhereland")
    page.get_by_role("button", name="Save the outlet").click()
    expect(page.locator("#outlet-form")).to_contain_text("Saved.")
