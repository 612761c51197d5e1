"""Review in the browser: keyboard decisions, bulk with confirmation, the needs-changes loop."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Annotation, Assignment
from tests.factories import ArticleFactory, CampaignFactory, annotation_on, annotator, reviewer


@pytest.mark.browser
def test_keyboard_review_and_bulk_and_feedback_loop(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    annie, rita = annotator(), reviewer()
    article = ArticleFactory(
        body="Officials said the bridge was hit twice overnight.\nThe mayor promised to rebuild it by spring."
    )
    campaign = CampaignFactory(articles=[article], annotators=[annie])
    Assignment.objects.create(campaign=campaign, article=article, annotator=annie)
    first = annotation_on(article, "the bridge was hit", annotator=annie, campaign=campaign)
    second = annotation_on(article, "rebuild it by spring", annotator=annie, campaign=campaign)
    third = annotation_on(article, "Officials", annotator=annie, campaign=campaign, kind="attribution")

    login(rita)
    page.goto(f"{live_server.url}/review/")
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(page.locator(f"#row-{first.pk} .status-accepted")).to_be_visible()
    assert Annotation.objects.get(pk=first.pk).status == "accepted"

    # "n" without a reason asks for one; with a comment it sends the tag back.
    row = page.locator(f"#row-{second.pk}")
    row.get_by_placeholder("Comment").fill("Include “it”? Check the span.")
    row.focus()
    page.keyboard.press("n")
    expect(page.locator(f"#row-{second.pk} .status-needs_changes")).to_be_visible()
    assert Annotation.objects.get(pk=second.pk).status == "needs_changes"

    # Bulk accept of what is still pending, with the confirmation box.
    page.goto(f"{live_server.url}/review/")
    page.get_by_text("Decide on all").click()
    page.get_by_label("I confirm this decision").check()
    page.get_by_role("button", name="Accept all").click()
    expect(page.get_by_text("Accepted 1 tag")).to_be_visible()
    assert Annotation.objects.get(pk=third.pk).status == "accepted"

    # The annotator sees the comment, fixes the tag, and it is back in the queue.
    login(annie)
    page.goto(f"{live_server.url}/my-feedback/")
    expect(page.get_by_text("Check the span")).to_be_visible()
    page.goto(f"{live_server.url}/articles/{article.pk}/annotate/")
    page.locator(f"#a{second.pk} .edit-button").click()
    page.get_by_role("form", name="Edit tag").get_by_role("textbox", name="Note").fill("span checked")
    page.get_by_role("form", name="Edit tag").get_by_role("button", name="Save").click()
    expect(page.locator(f"#a{second.pk} .tag-note")).to_have_text("span checked")
    assert Annotation.objects.get(pk=second.pk).status == "pending"
    assert js_errors == []
