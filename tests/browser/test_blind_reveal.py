"""A blind annotator tags masked text, then reveals the outlet (logged), in a real browser."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Annotation, Assignment, BlindReveal
from newsdesk.ingestion.pipeline import article_ingest
from newsdesk.ingestion.readers import ArticleDraft
from tests.browser.test_workspace import select_text
from tests.factories import CampaignFactory, annotator

BLIND_BODY = (
    "VELL, March 14 (Northwind Wire) — A missile strike damaged the Vell river dam early on Tuesday, officials said.\n"
    "At least 14 people were killed, regional governor Anna Sorel said.\n"
    "Reporting by Ana Ruiz for Northwind Wire. https://northwind.example/dam"
)


@pytest.mark.browser
def test_a_blind_annotator_tags_masked_text_and_can_reveal_the_outlet(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    annie = annotator()
    draft = ArticleDraft(
        title="Dam strike", body=BLIND_BODY, source="t", source_format="txt", outlets=(("Northwind Wire", "primary"),)
    )
    article = article_ingest(draft=draft).article
    campaign = CampaignFactory(articles=[article], annotators=[annie], is_blind=True)
    Assignment.objects.create(campaign=campaign, article=article, annotator=annie)
    login(annie)
    page.goto(f"{live_server.url}/articles/{article.pk}/annotate/")
    text = page.locator("#article-text")
    expect(text).not_to_contain_text("Northwind")
    expect(page.locator("body")).not_to_contain_text("northwind.example")
    # A span that runs into the masked name (one fixed token, whatever its length): it covers
    # the whole name, saved on the real text, shown masked.
    expect(text).to_contain_text("VELL, March 14 (███) —")
    select_text(page, "VELL, March 14 (█")
    page.keyboard.press("f")
    page.keyboard.press("Enter")
    expect(page.locator(".tag-item")).to_have_count(1)
    tag = Annotation.objects.get()
    assert tag.text == "VELL, March 14 (Northwind Wire"
    expect(page.locator(".tag-item")).not_to_contain_text("Northwind")
    expect(page.locator(".tag-item .tag-text")).to_have_text("VELL, March 14 (███")
    # Revealing asks first, is recorded, and then shows the outlet.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reveal the outlet").click()
    expect(page.locator("#article-text")).to_contain_text("Northwind Wire")
    assert BlindReveal.objects.filter(user=annie, article=article).exists()
    assert js_errors == []
