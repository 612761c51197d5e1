"""A reviewer reads a revision's diff and places a tag the import could not carry, in a real browser."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from annotations.models import RevisionOrphan
from newsdesk.ingestion.pipeline import article_ingest
from newsdesk.ingestion.readers import ArticleDraft
from tests.factories import annotation_on, annotator, reviewer


@pytest.mark.browser
def test_a_reviewer_reads_the_diff_and_places_an_orphan(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    url = "https://northwind.example/dam"
    first = "Officials said the dam was hit.\nThe ministry blamed saboteurs for the blast."
    second = "UPDATED: new details.\nOfficials said the dam was hit.\nInvestigators are examining the blast."
    old = article_ingest(draft=ArticleDraft(title="Dam", body=first, source="t", source_format="txt", url=url)).article
    annie = annotator()
    annotation_on(old, "Officials said", annotator=annie, kind="attribution")
    annotation_on(old, "The ministry blamed saboteurs", annotator=annie, kind="framing")
    new = article_ingest(draft=ArticleDraft(title="Dam", body=second, source="t", source_format="txt", url=url)).article
    login(reviewer())
    page.goto(f"{live_server.url}/articles/{new.pk}/")
    page.get_by_role("link", name="Revision 2").click()
    expect(page.locator(".diff ins").first).to_contain_text("UPDATED:")
    expect(page.locator(".diff del").first).to_be_visible()
    expect(page.get_by_text("1 tag carried to this revision")).to_be_visible()
    page.get_by_label("Words to tag in the new text").fill("examining the blast")
    page.get_by_role("button", name="Place").click()
    expect(page.get_by_text("Placed on “examining the blast”")).to_be_visible()
    orphan = RevisionOrphan.objects.get()
    assert orphan.resolution == "placed"
    assert orphan.placed_as.text == "examining the blast"
    assert orphan.placed_as.article == new
    assert js_errors == []
