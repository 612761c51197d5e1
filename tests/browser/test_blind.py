"""A blind annotator on a phone, keyboard only: text after the masks lands where it reads, suggestions too."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Annotation, Assignment
from newsdesk.ingestion.pipeline import article_ingest
from newsdesk.ingestion.readers import ArticleDraft
from tests.browser.test_workspace import select_text
from tests.factories import CampaignFactory, annotator

BODY = (
    "VELL, March 14 (Northwind Wire) — A strike damaged the Vell dam, Northwind Wire reported.\n"
    "“We will rebuild the dam within a year,” the mayor said on Tuesday.\n"
    "Reporting by Ana Ruiz for Northwind Wire. https://northwind.example/dam"
)


@pytest.mark.browser
def test_a_blind_annotator_on_a_phone_tags_after_the_masks_and_accepts_a_suggestion(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    annie = annotator()
    draft = ArticleDraft(
        title="Northwind Wire: dam hit", body=BODY, source="t", source_format="txt",
        outlets=(("Northwind Wire", "primary"),),
    )  # fmt: skip
    article = article_ingest(draft=draft).article
    campaign = CampaignFactory(articles=[article], annotators=[annie], is_blind=True)
    Assignment.objects.create(campaign=campaign, article=article, annotator=annie)
    page.set_viewport_size({"width": 390, "height": 844})
    login(annie)
    page.goto(f"{live_server.url}/articles/{article.pk}/annotate/")
    expect(page.locator("h1")).to_have_text("███: dam hit")
    expect(page.locator("body")).not_to_contain_text("Northwind")
    # Two masks before it in the paragraph, each shorter than the name: the offsets still hold.
    select_text(page, "reported")
    page.keyboard.press("a")
    page.keyboard.press("Enter")
    expect(page.locator(".tag-item")).to_have_count(1)
    tag = Annotation.objects.get()
    assert (tag.text, article.body[tag.start : tag.end]) == ("reported", "reported")
    # Keyboard: n focuses the first suggestion offered, y accepts it: on the real text too.
    page.locator("body").click(position={"x": 5, "y": 5})
    before = page.locator(".suggestion-item").count()
    assert before >= 1
    page.keyboard.press("n")
    page.keyboard.press("y")
    expect(page.locator(".tag-item")).to_have_count(2)
    accepted = Annotation.objects.exclude(pk=tag.pk).get()
    assert accepted.suggestion_key
    kind, start, end = accepted.suggestion_key.split(":")
    assert (accepted.start, accepted.end) == (int(start), int(end))
    assert "Northwind" not in accepted.text
    expect(page.locator("body")).not_to_contain_text("Northwind")
    assert js_errors == []
