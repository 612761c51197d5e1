"""Actions on the review and curation pages: ticked rows sent back with a reason, a version taken into gold and undone."""

from playwright.sync_api import Page, expect

from tests.browser.sweep import SweepWorld, page_actions


@page_actions("annotations:review_queue", "annotations:article_review")
def tick_a_row_and_send_it_back(page: Page, world: SweepWorld) -> None:
    picks = page.locator("input.pick")
    if not picks.count():  # an earlier role decided every pending tag
        return
    picks.first.check()
    expect(page.locator("[data-picked-count]")).to_have_text("1 selected")
    page.get_by_label("Comment for the selected").fill(f"sweep: {world.role} sends this back")
    page.locator("#selected-needs").click()
    expect(page.locator("#select-message")).to_contain_text("Sent back 1 tag")


@page_actions("annotations:campaign_adjudicate")
def take_a_version_then_undo(page: Page, world: SweepWorld) -> None:
    take = page.locator(".take-button")
    if not take.count():
        return
    take.first.click()
    expect(page.locator("#curation-message")).to_contain_text("Took")
    page.get_by_role("button", name="Undo my last gold choice").click()
    expect(page.locator("#curation-message")).to_contain_text("Undid")
