"""Blind annotation, revisions and chains in a real browser."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Annotation, Assignment, BlindReveal, RevisionOrphan
from newsdesk.ingestion.pipeline import article_ingest
from newsdesk.ingestion.readers import ArticleDraft
from tests.browser.test_workspace import mouse_select, select_text
from tests.factories import CampaignFactory, annotation_on, annotator, reviewer

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


@pytest.mark.browser
def test_a_tag_links_to_the_seeds_chain_from_the_toolbar(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    from pathlib import Path

    from newsdesk.ingestion.readers import read_file

    seed = Path(__file__).resolve().parents[2] / "newsdesk" / "demo_data" / "seed.txt"
    article = article_ingest(draft=read_file(seed, max_bytes=10**7)[0]).article
    annie = annotator()
    campaign = CampaignFactory(articles=[article], annotators=[annie])
    Assignment.objects.create(campaign=campaign, article=article, annotator=annie)
    login(annie)
    page.goto(f"{live_server.url}/articles/{article.pk}/annotate/")
    mouse_select(page, "Speaking to the BBC")
    toolbar = page.get_by_role("form", name="Tag the selection")
    toolbar.get_by_role("button", name="Attribution").click()
    toolbar.get_by_label("Attribution chain").select_option(label="BBC → Jens Stoltenberg")
    toolbar.get_by_role("button", name="Save tag").click()
    expect(page.locator(".tag-item")).to_have_count(1)
    tag = Annotation.objects.get()
    assert tag.chain is not None
    assert [link["name"] for link in tag.chain.links] == ["BBC", "Jens Stoltenberg"]
    assert js_errors == []
