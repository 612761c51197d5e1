"""Stories, campaigns and outlets from the UI, in a real browser, with the keyboard where it is a choice.

Picking articles on the list (rows, a page, every match) into a story or a campaign; a finished
import made into a story; suggestions for an empty story; an admin editing an outlet.
"""

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Assignment
from newsdesk.models import Article, Outlet, Story
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    CampaignFactory,
    OutletFactory,
    StoryFactory,
    annotator,
    editor,
    reviewer,
)


def corpus() -> list[Article]:
    outlet = OutletFactory(name="Northwind Wire", slug="northwind-wire")
    articles = [
        ArticleFactory(
            title=f"Checkpoint near Vell comes under shelling, day {i}", body=f"Report {i}: the checkpoint was hit."
        )
        for i in range(3)
    ]
    articles.append(ArticleFactory(title="Grain ships leave Northport", body="Talks on the corridor went on."))
    for article in articles:
        ArticleCreditFactory(article=article, outlet=outlet)
    return articles


def focus_next(page: Page, selector: str, limit: int = 8) -> None:
    """Press Tab until the focus is on an element matching `selector` (fails if it never gets there)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.browser
def test_a_reviewer_searches_ticks_two_rows_and_makes_a_story_with_the_keyboard(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    corpus()
    login(reviewer())
    page.goto(f"{live_server.url}/articles/")
    page.get_by_label("Search").focus()
    page.keyboard.type("checkpoint shelling")
    results = page.locator("#article-results")
    expect(results).to_contain_text("3 articles matching")
    expect(results.locator("a mark").first).to_have_text("Checkpoint")  # the words, highlighted
    page.locator('#article-results input[name="article"]').first.focus()
    page.keyboard.press("Space")
    expect(page.get_by_text("1 selected")).to_be_visible()
    focus_next(page, 'input[name="article"]')  # Tab: past the row's links to the next row's box
    page.keyboard.press("Space")
    expect(page.get_by_text("2 selected")).to_be_visible()
    page.get_by_label("Story", exact=True).last.focus()
    page.keyboard.type("Checkpoint coverage")
    page.evaluate("window.__samePage = true")
    page.keyboard.press("Enter")  # the form's first button: "Add to story"
    expect(results).to_contain_text("Made the new story “Checkpoint coverage” with 2 articles.")
    assert page.evaluate("window.__samePage === true")  # answered by htmx, in place, not a page load
    story = Story.objects.get(title="Checkpoint coverage")
    assert story.articles.count() == 2
    expect(results.get_by_role("link", name="Checkpoint coverage")).to_have_count(2)  # the Story column, swapped in
    assert js_errors == []


@pytest.mark.browser
def test_an_admin_puts_every_match_in_a_campaign_and_a_page_tick_selects_the_page(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    corpus()
    annie = annotator()
    campaign = CampaignFactory(name="Checkpoint campaign", annotators=[annie])
    login(editor())
    page.goto(f"{live_server.url}/articles/?q=checkpoint")
    page.get_by_label("Select every article on this page").check()
    expect(page.get_by_text("3 selected")).to_be_visible()
    page.get_by_label("Select every article on this page").uncheck()
    expect(page.get_by_text("None selected")).to_be_visible()
    page.get_by_label("All 3 matching").focus()
    page.keyboard.press("Space")
    expect(page.get_by_text("All 3 matching selected")).to_be_visible()
    page.get_by_label("Campaign", exact=True).select_option(label="Checkpoint campaign")
    page.get_by_role("button", name="Add to campaign").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#article-results")).to_contain_text(
        "Added 3 articles to “Checkpoint campaign”; 3 new assignments."
    )
    assert campaign.articles.count() == 3
    assert Assignment.objects.filter(campaign=campaign, annotator=annie).count() == 3
    # Nothing selected: the reason, next to the buttons, and the list stays.
    page.get_by_role("button", name="Add to campaign").click()
    expect(page.get_by_role("alert")).to_have_text("Select some articles first.")
    expect(page.locator("#article-results tbody tr")).to_have_count(3)
    # The refusal is a 422 (the project's answer to invalid input), which Chromium notes; nothing else.
    assert js_errors == ["Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"]


@pytest.mark.browser
def test_a_finished_import_is_made_into_a_story(
    live_server: Any, page: Page, login: Any, js_errors: list[str], tmp_path: Any
) -> None:
    upload = tmp_path / "harbour-news.jsonl"
    rows = [
        {"title": "Ferry sails again", "body": "The ferry sailed again on Monday, port officials said."},
        {"title": "Port reopens", "body": "The port reopened on Friday after the storm, the harbour master said."},
    ]
    upload.write_text("\n".join(json.dumps(row) for row in rows))
    login(editor())
    page.goto(f"{live_server.url}/jobs/import-articles/")
    page.get_by_label("File").set_input_files(str(upload))
    page.get_by_role("button", name="Start the import").click()
    expect(page.get_by_text("Imported 2, duplicates 0, failed 0 of 2.")).to_be_visible(timeout=10000)
    field = page.get_by_label("Make a story of these, or add them to one")
    expect(field).to_have_value("Harbour news")
    page.get_by_role("button", name="Make the story").click()
    expect(page.get_by_role("heading", name="Harbour news")).to_be_visible()
    expect(page.get_by_role("link", name="Ferry sails again")).to_be_visible()
    expect(page.get_by_role("link", name="Port reopens")).to_be_visible()
    assert Story.objects.get(title="Harbour news").articles.count() == 2
    assert js_errors == []


@pytest.mark.browser
def test_an_empty_story_suggests_coverage_and_one_is_confirmed(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    story = StoryFactory(title="Vell dam strike", slug="vell-dam", date=date(2023, 3, 14))
    same = ArticleFactory(
        title="Dam disaster on the Vell river",
        body="A missile strike on the Vell river dam flooded villages, governor Anna Sorel said.",
        published_at=datetime(2023, 3, 14, 9, tzinfo=UTC),
    )
    ArticleFactory(title="Bread prices rise", published_at=datetime(2023, 3, 14, tzinfo=UTC))
    login(reviewer())
    page.goto(f"{live_server.url}/stories/vell-dam/")
    expect(page.get_by_text("No articles in this story yet.")).to_be_visible()
    page.get_by_role("link", name="Possibly the same story…").click()
    row = page.locator(".suggestion-row", has_text="Dam disaster on the Vell river")
    expect(row).to_contain_text("shares Vell")
    expect(page.get_by_text("Bread prices rise")).to_have_count(0)
    row.get_by_role("button", name="Same story").click()
    expect(page.get_by_text("Added “Dam disaster on the Vell river” to the story.")).to_be_visible()
    assert Article.objects.get(pk=same.pk).story == story
    assert js_errors == []


@pytest.mark.browser
def test_an_admin_edits_an_outlet_and_its_other_names(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    OutletFactory(name="Thomson Reuters", slug="reuters", kind=Outlet.Kind.OTHER)
    login(editor())
    page.goto(f"{live_server.url}/outlets/reuters/")
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Kind").select_option(label="Wire agency")
    page.get_by_label("Country").fill("United Kingdom")
    page.get_by_label("Aliases").fill("Reuters\nReuters News")
    page.get_by_role("button", name="Save the outlet").click()
    expect(page.get_by_role("status")).to_contain_text("Saved.")  # the form answered in place (htmx)
    page.get_by_role("link", name="Back to the outlet").click()
    expect(page.get_by_text("Also known as “Reuters”, “Reuters News”")).to_be_visible()
    expect(page.get_by_text("Wire agency · United Kingdom")).to_be_visible()
    assert Outlet.objects.get(slug="reuters").kind == "wire_agency"
    assert js_errors == []
