"""Word search with highlighted snippets, export filters picked from lists, and an admin that cannot break a tagged text."""

import json
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from newsdesk.models import Article
from tests.factories import (
    ArticleFactory,
    annotation_on,
    annotator,
    editor,
    reviewer,
)
from tests.views.test_export_filters import export_corpus


@pytest.mark.browser
def test_words_are_found_ranked_and_highlighted_and_stored_markup_stays_text(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    ArticleFactory(title="Checkpoint near Vell comes under shelling", body="Residents sheltered overnight.")
    ArticleFactory(
        title="Night in the river towns", body="<img src=x onerror=alert(1)> The checkpoint was shelled twice."
    )
    ArticleFactory(title="Grain ships leave Northport", body="Talks on the corridor went on.")
    login(reviewer())
    page.goto(f"{live_server.url}/articles/")
    page.get_by_label("Search").fill("checkpoint shelling")
    results = page.locator("#article-results")
    expect(results).to_contain_text("2 articles matching “checkpoint shelling”")
    rows = results.locator("tbody tr")
    expect(rows.first).to_contain_text("Checkpoint near Vell comes under shelling")  # the title match ranks first
    expect(rows.nth(0).locator("a mark")).to_have_text(["Checkpoint", "shelling"])
    snippet = rows.nth(1).locator(".snippet")
    expect(snippet.locator("mark")).to_have_text(["checkpoint", "shelled"])
    # Shown as text, never as markup (ts_headline leaves the tag-like start out; FTS5 shows it all).
    expect(snippet).to_contain_text("onerror=alert(1)>")
    assert page.locator("#article-results img").count() == 0
    assert js_errors == []


@pytest.mark.browser
def test_the_export_picks_a_story_and_an_outlet_from_lists(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    export_corpus()
    login(reviewer())
    page.goto(f"{live_server.url}/stories/vell-dam/")
    page.get_by_role("link", name="Export its tags").click()
    expect(page.get_by_label("Story")).to_have_value("vell-dam")  # picked by the link
    page.get_by_label("Outlet").select_option(label="Northwind Wire")
    page.get_by_label("Format").select_option("jsonl")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    rows = [json.loads(line) for line in download.value.path().read_text(encoding="utf-8").splitlines()]
    assert [row["exact"] for row in rows] == ["dam"]
    assert js_errors == []


@pytest.mark.browser
def test_the_admin_shows_a_tagged_articles_text_and_quote_offsets_read_only(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    from tests.factories import quote_in

    tagged = ArticleFactory(
        title="Tagged", body="Officials said the bridge was hit.\nThe minister called it “a provocation”."
    )
    quote = quote_in(tagged, "a provocation")
    annotation_on(tagged, "the bridge", annotator=annotator())
    untagged = ArticleFactory(title="Untagged", body="Nothing points here yet.")
    admin = editor()
    admin.is_superuser = True
    admin.save()
    login(admin)
    page.goto(f"{live_server.url}/admin/newsdesk/article/{tagged.pk}/change/")
    expect(page.get_by_text("Tags point into this text")).to_be_visible()
    expect(page.locator(".field-body .readonly")).to_contain_text("Officials said the bridge was hit.")
    expect(page.locator('textarea[name="body"]')).to_have_count(0)
    expect(page.locator('input[name="quotes-0-start"]')).to_have_count(0)
    expect(page.locator("#quotes-group .field-start")).to_have_text(str(quote.start))  # shown, not editable
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    assert Article.objects.get(pk=tagged.pk).body.startswith("Officials said the bridge was hit.")
    page.goto(f"{live_server.url}/admin/newsdesk/article/{untagged.pk}/change/")
    expect(page.locator('textarea[name="body"]')).to_be_visible()  # nothing points into it: editable
    assert js_errors == []
