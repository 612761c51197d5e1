"""Every URL pattern × (anonymous, annotator, reviewer, admin): who gets in, who is sent to login, who gets 403.

A new view without a rule here fails `test_every_url_has_a_rule`, so access is decided
on purpose for each view.
"""

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from annotations.models import Assignment
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    CampaignFactory,
    OutletFactory,
    StoryFactory,
    annotation_on,
    annotator,
    editor,
    reviewer,
)

LOGIN = "login"
OK = "ok"  # anything but a redirect to login and 403 (200, 302 elsewhere, 204, 422 …)
DENIED = 403
ROLES = ("anonymous", "annotator", "reviewer", "admin")

# name: (method, args builder key, expected for anonymous, annotator, reviewer, admin)
RULES: dict[str, tuple[str, str, tuple[Any, Any, Any, Any]]] = {
    "dashboard": ("get", "", (LOGIN, OK, OK, OK)),
    "article_list": ("get", "", (LOGIN, OK, OK, OK)),
    "article_detail": ("get", "article", (LOGIN, OK, OK, OK)),
    "story_list": ("get", "", (LOGIN, OK, OK, OK)),
    "story_create": ("get", "", (LOGIN, DENIED, OK, OK)),
    "story_edit": ("get", "story", (LOGIN, DENIED, OK, OK)),
    "story_add_articles": ("post", "story", (LOGIN, DENIED, OK, OK)),
    "story_suggestions": ("get", "story", (LOGIN, DENIED, OK, OK)),
    "story_detail": ("get", "story", (LOGIN, OK, OK, OK)),
    "story_compare": ("get", "story", (LOGIN, OK, OK, OK)),
    "story_compare_json": ("get", "story", (LOGIN, OK, OK, OK)),
    "story_compare_csv": ("get", "story", (LOGIN, OK, OK, OK)),
    "outlet_detail": ("get", "outlet", (LOGIN, OK, OK, OK)),
    "outlet_compare": ("get", "outlets", (LOGIN, OK, OK, OK)),
    "login": ("get", "", (OK, OK, OK, OK)),
    "logout": ("post", "", (LOGIN, LOGIN, LOGIN, LOGIN)),  # logging out lands on the login page
    "password_change": ("get", "", (LOGIN, OK, OK, OK)),
    "password_change_done": ("get", "", (LOGIN, OK, OK, OK)),
    "annotations:article_annotate": ("get", "article", (LOGIN, OK, OK, OK)),
    "annotations:annotation_create": ("post", "article", (LOGIN, OK, DENIED, OK)),
    "annotations:annotation_undo": ("post", "article", (LOGIN, OK, DENIED, OK)),
    "annotations:suggestion_accept": ("post", "article", (LOGIN, OK, DENIED, OK)),
    "annotations:suggestion_dismiss": ("post", "article", (LOGIN, OK, DENIED, OK)),
    "annotations:assignment_finish": ("post", "article", (LOGIN, OK, DENIED, DENIED)),
    "annotations:assignment_ping": ("post", "article", (LOGIN, OK, DENIED, DENIED)),
    "annotations:annotation_update": ("post", "annotation", (LOGIN, OK, DENIED, DENIED)),
    "annotations:annotation_delete": ("post", "annotation", (LOGIN, OK, DENIED, DENIED)),
    "annotations:assignment_list": ("get", "", (LOGIN, OK, OK, OK)),
    "annotations:assignment_next": ("get", "", (LOGIN, OK, OK, OK)),
    "annotations:tag_colours_css": ("get", "", (OK, OK, OK, OK)),
    "annotations:review_queue": ("get", "", (LOGIN, DENIED, OK, OK)),
    "annotations:review_bulk": ("post", "", (LOGIN, DENIED, OK, OK)),
    "annotations:review_decide": ("post", "annotation", (LOGIN, DENIED, OK, OK)),
    "annotations:review_correct": ("post", "annotation", (LOGIN, DENIED, OK, OK)),
    "annotations:annotation_history": ("get", "annotation", (LOGIN, OK, OK, OK)),
    "annotations:my_feedback": ("get", "", (LOGIN, OK, OK, OK)),
    "annotations:campaign_list": ("get", "", (LOGIN, OK, OK, OK)),
    "annotations:campaign_create": ("get", "", (LOGIN, DENIED, DENIED, OK)),
    "annotations:campaign_detail": ("get", "campaign", (LOGIN, OK, OK, OK)),
    "annotations:campaign_edit": ("get", "campaign", (LOGIN, DENIED, DENIED, OK)),
    "annotations:campaign_adjudicate": ("get", "adjudicate", (LOGIN, DENIED, OK, OK)),
}


def url_names(patterns: list[Any], namespace: str = "") -> list[str]:
    names = []
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                continue
            names += url_names(p.url_patterns, f"{p.namespace}:" if p.namespace else namespace)
        elif isinstance(p, URLPattern) and p.name:
            names.append(namespace + p.name)
    return names


def test_every_url_has_a_rule() -> None:
    missing = sorted(set(url_names(get_resolver().url_patterns)) - set(RULES))
    assert missing == [], f"views without a permission rule in {__file__}: {missing}"


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    users = {"annotator": annotator(), "reviewer": reviewer(), "admin": editor()}
    story = StoryFactory(slug="perm-story")
    article = ArticleFactory(story=story, body="Officials said the bridge was hit twice overnight.")
    outlets = [OutletFactory(name="Perm One", slug="perm-one"), OutletFactory(name="Perm Two", slug="perm-two")]
    ArticleCreditFactory(article=article, outlet=outlets[0])
    campaign = CampaignFactory(articles=[article], annotators=[users["annotator"]])
    Assignment.objects.create(campaign=campaign, article=article, annotator=users["annotator"])
    tag = annotation_on(article, "the bridge", annotator=users["annotator"], campaign=campaign)
    args = {
        "": [],
        "article": [article.pk],
        "story": [story.slug],
        "outlet": [outlets[0].slug],
        "outlets": [outlets[0].slug, outlets[1].slug],
        "annotation": [tag.pk],
        "campaign": [campaign.pk],
        "adjudicate": [campaign.pk, article.pk],
    }
    return {"users": users, "args": args}


@pytest.mark.parametrize("name", sorted(RULES))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(world: dict[str, Any], name: str, role: str) -> None:
    method, key, expected = RULES[name]
    want = expected[ROLES.index(role)]
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    url = reverse(name, args=world["args"][key])
    response = client.get(url) if method == "get" else client.post(url, {})
    to_login = response.status_code == 302 and response["Location"].startswith(reverse("login"))
    if want == LOGIN:
        assert to_login, (name, role, response.status_code)
    elif want == DENIED:
        assert response.status_code == 403, (name, role, response.status_code)
    else:
        assert not to_login, (name, role, "sent to login")
        assert response.status_code not in (403, 404, 500), (name, role, response.status_code)
