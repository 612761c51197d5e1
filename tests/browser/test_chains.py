"""An annotator links a tag to the seed article's attribution chain from the toolbar, in a real browser."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Annotation, Assignment
from newsdesk.ingestion.pipeline import article_ingest
from tests.browser.test_workspace import mouse_select
from tests.factories import CampaignFactory, annotator


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
