"""Actions on the annotation workspace's keyboard tagging: a tag made and undone with the keys only."""

from playwright.sync_api import Page, expect

from tests.browser.sweep import SweepWorld, page_actions


@page_actions("annotations:article_annotate")
def tag_a_word_with_the_keys_then_undo(page: Page, world: SweepWorld) -> None:
    if world.role == "reviewer":  # reads the workspace, tags nothing
        expect(page.locator("#label-palette")).to_have_count(0)
        return
    expect(page.locator("#label-palette")).to_be_visible()
    # The counter, not the cards: those come in pages after the text is shown.
    count = page.locator("#tags-count")
    before = int(count.inner_text().strip("()"))
    page.locator("#article-text").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("c")
    expect(page.get_by_role("form", name="Tag the selection")).to_be_visible()
    page.keyboard.press("Enter")
    expect(count).to_have_text(f"({before + 1})")
    expect(page.locator("#article-text")).to_be_focused()
    page.keyboard.press("u")
    expect(count).to_have_text(f"({before})")
