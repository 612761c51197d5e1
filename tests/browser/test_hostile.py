"""Hostile text renders inert: 60 XSS vectors in every field a user or an imported article controls.

The vectors go into article titles and bodies, outlet and speaker names, quotes, tag
notes and campaign guidelines; then every page that shows them is opened as an admin
(who sees everything) and as an annotator. Any dialog, any `window.__pwned`, any
console error from a blocked inline script fails the test.
"""

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from annotations.models import Assignment
from newsdesk.models import ArticleCredit, SpeakerAlias
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    CampaignFactory,
    OutletFactory,
    SpeakerFactory,
    StoryFactory,
    annotation_on,
    annotator,
    editor,
    quote_in,
)

VECTORS = [
    line for line in (Path(__file__).parents[1] / "fixtures" / "xss_vectors.txt").read_text().splitlines() if line
]


def hostile_corpus() -> dict[str, Any]:
    story = StoryFactory(title=VECTORS[0], slug="hostile-story", description=VECTORS[1])
    outlets = [OutletFactory(name=f"Outlet {i} {VECTORS[i]}", slug=f"hostile-outlet-{i}") for i in range(2)]
    body = "\n".join(f"Paragraph {i}: {vector} said the source." for i, vector in enumerate(VECTORS))
    body += "\n" + "\U0001f1fa\U0001f1e6 flag, then the end."
    articles = []
    for i, outlet in enumerate(outlets):
        article = ArticleFactory(
            title=VECTORS[2 + i], body=f"{body}\nCopy {i}.", story=story, url="javascript:alert(99)"
        )
        ArticleCreditFactory(article=article, outlet=outlet, role=ArticleCredit.Role.PRIMARY)
        articles.append(article)
    speaker = SpeakerFactory(name=VECTORS[4], title=VECTORS[5], affiliation=VECTORS[6])
    SpeakerAlias.objects.create(speaker=speaker, alias=VECTORS[7])
    for article in articles:
        quote_in(article, VECTORS[8], speaker=speaker, speaker_text=VECTORS[9], cue_verb=VECTORS[10])
    user = annotator()
    admin = editor()
    admin.is_superuser = True
    admin.save()
    campaign = CampaignFactory(name=VECTORS[11], guidelines="\n\n".join(VECTORS), articles=articles, annotators=[user])
    for article in articles:
        Assignment.objects.create(campaign=campaign, article=article, annotator=user)
        annotation_on(article, VECTORS[12], annotator=user, note=VECTORS[13])
        annotation_on(article, VECTORS[14], annotator=user, kind="framing", note=VECTORS[15])
    return {
        "story": story,
        "outlets": outlets,
        "articles": articles,
        "campaign": campaign,
        "user": user,
        "admin": admin,
    }


def pages_to_visit(data: dict[str, Any]) -> list[str]:
    article = data["articles"][0]
    return [
        reverse("dashboard"),
        reverse("article_list"),
        reverse("article_list") + "?q=script",
        reverse("article_detail", args=[article.pk]),
        reverse("annotations:article_annotate", args=[article.pk]),
        reverse("story_list"),
        reverse("story_detail", args=[data["story"].slug]),
        reverse("story_compare", args=[data["story"].slug]),
        reverse("outlet_detail", args=[data["outlets"][0].slug]),
        reverse("annotations:review_queue"),
        reverse("annotations:campaign_list"),
        reverse("annotations:campaign_detail", args=[data["campaign"].pk]),
    ]


def assert_inert(page: Page, base: str, paths: list[str], js_errors: list[str]) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in paths:
        response = page.goto(base + path)
        assert response is not None
        assert response.status < 500, f"{path} answered {response.status}"
        page.wait_for_timeout(50)
        # Hover and focus everything once, so on* handlers would fire if any survived.
        page.mouse.move(200, 300)
        page.keyboard.press("Tab")
        assert page.evaluate("window.__pwned === undefined"), f"script ran on {path}"
        assert dialogs == [], f"dialog on {path}: {dialogs}"
    blocked = [e for e in js_errors if "Content Security Policy" in e or "Refused" in e]
    assert blocked == [], blocked


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_xss_vectors_render_inert_for_an_admin(live_server: Any, page: Page, login: Any, js_errors: list[str]) -> None:
    data = hostile_corpus()
    login(data["admin"])
    assert_inert(page, live_server.url, pages_to_visit(data), js_errors)
    # The text is shown, escaped, not dropped.
    page.goto(live_server.url + reverse("article_detail", args=[data["articles"][0].pk]))
    assert "<script>alert(1)</script>" in page.inner_text("main")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_xss_vectors_render_inert_for_an_annotator(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    data = hostile_corpus()
    login(data["user"])
    paths = [p for p in pages_to_visit(data) if "review" not in p]
    assert_inert(page, live_server.url, paths, js_errors)
