"""Every URL pattern × (anonymous, annotator, reviewer, admin): who gets in, who is sent to login, who gets 403.

A new view without a rule here fails `test_every_url_has_a_rule`, so access is decided
on purpose for each view.
"""

import json
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from annotations.models import Assignment, RevisionOrphan
from newsdesk.models import ApiToken, Job
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
UNAUTH = 401  # the API answers 401 (not a login page) without a token or session
MISSING = 404  # someone else's token: not found, rather than a hint that it exists
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
    "story_add_selection": ("post", "", (LOGIN, DENIED, OK, OK)),
    "story_suggestions": ("get", "story", (LOGIN, DENIED, OK, OK)),
    "story_detail": ("get", "story", (LOGIN, OK, OK, OK)),
    "story_compare": ("get", "story", (LOGIN, OK, OK, OK)),
    "story_compare_json": ("get", "story", (LOGIN, OK, OK, OK)),
    "story_compare_csv": ("get", "story", (LOGIN, OK, OK, OK)),
    "outlet_detail": ("get", "outlet", (LOGIN, OK, OK, OK)),
    "outlet_compare": ("get", "outlets", (LOGIN, OK, OK, OK)),
    "outlet_edit": ("get", "outlet", (LOGIN, DENIED, DENIED, OK)),
    "login": ("get", "", (OK, OK, OK, OK)),
    "favicon": ("get", "", (OK, OK, OK, OK)),
    "logout": ("post", "", (LOGIN, LOGIN, LOGIN, LOGIN)),  # logging out lands on the login page
    "password_change": ("get", "", (LOGIN, OK, OK, OK)),
    "password_change_done": ("get", "", (LOGIN, OK, OK, OK)),
    "annotations:article_annotate": ("get", "article", (LOGIN, OK, OK, OK)),
    "annotations:annotation_create": ("post", "article", (LOGIN, OK, DENIED, OK)),
    "annotations:annotation_list": ("get", "article", (LOGIN, OK, OK, OK)),
    "annotations:suggestion_list": ("get", "article", (LOGIN, OK, DENIED, OK)),
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
    "annotations:review_selected": ("post", "", (LOGIN, DENIED, OK, OK)),
    "annotations:article_review": ("get", "article", (LOGIN, DENIED, OK, OK)),
    "annotations:annotation_history": ("get", "annotation", (LOGIN, OK, OK, OK)),
    "annotations:my_feedback": ("get", "", (LOGIN, OK, OK, OK)),
    "annotations:campaign_list": ("get", "", (LOGIN, OK, OK, OK)),
    "annotations:campaign_create": ("get", "", (LOGIN, DENIED, DENIED, OK)),
    "annotations:campaign_add_articles": ("post", "", (LOGIN, DENIED, DENIED, OK)),
    "annotations:campaign_detail": ("get", "campaign", (LOGIN, OK, OK, OK)),
    "annotations:campaign_edit": ("get", "campaign", (LOGIN, DENIED, DENIED, OK)),
    "annotations:campaign_adjudicate": ("get", "adjudicate", (LOGIN, DENIED, OK, OK)),
    "annotations:campaign_curate": ("get", "campaign", (LOGIN, DENIED, OK, OK)),
    "annotations:annotation_export": ("get", "", (LOGIN, DENIED, OK, OK)),
    "annotations:article_reveal": ("post", "article", (LOGIN, OK, OK, OK)),
    "annotations:article_revisions": ("get", "article", (LOGIN, OK, OK, OK)),
    "annotations:orphan_resolve": ("post", "orphan", (LOGIN, DENIED, OK, OK)),
    "job_list": ("get", "", (LOGIN, DENIED, OK, OK)),
    "job_detail": ("get", "job", (LOGIN, DENIED, OK, OK)),
    "job_retry": ("post", "job", (LOGIN, DENIED, OK, OK)),
    "job_download": ("get", "job", (LOGIN, DENIED, OK, OK)),
    "job_import_annotations": ("get", "", (LOGIN, DENIED, OK, OK)),
    "job_import_articles": ("get", "", (LOGIN, DENIED, DENIED, OK)),
    "job_reextract": ("get", "", (LOGIN, DENIED, DENIED, OK)),
    "token_list": ("get", "", (LOGIN, OK, OK, OK)),
    "token_revoke": ("post", "token", (LOGIN, OK, MISSING, MISSING)),
    "api:api-root": ("get", "", (MISSING, MISSING, MISSING, MISSING)),
    "api:openapi-json": ("get", "", (LOGIN, OK, OK, OK)),
    "api:openapi-view": ("get", "", (LOGIN, OK, OK, OK)),
    "api:article_list": ("get", "", (UNAUTH, OK, OK, OK)),
    "api:article_create": ("json-post", "", (UNAUTH, DENIED, DENIED, OK)),
    "api:article_get": ("get", "article", (UNAUTH, OK, OK, OK)),
    "api:tag_type_list": ("get", "", (UNAUTH, OK, OK, OK)),
    "api:tag_create": ("json-post", "article", (UNAUTH, OK, DENIED, OK)),
    "api:tag_get": ("get", "annotation", (UNAUTH, OK, OK, OK)),
    "api:tag_update": ("patch", "annotation", (UNAUTH, OK, DENIED, DENIED)),
    "api:tag_delete": ("delete", "annotation", (UNAUTH, OK, DENIED, DENIED)),
    "api:story_list": ("get", "", (UNAUTH, OK, OK, OK)),
    "api:story_get": ("get", "story", (UNAUTH, OK, OK, OK)),
    "api:story_compare": ("get", "story", (UNAUTH, OK, OK, OK)),
    "api:export_annotations": ("get", "", (UNAUTH, DENIED, OK, OK)),
    "api:job_get": ("get", "job", (UNAUTH, DENIED, OK, OK)),
}

# Valid bodies for the API's writes, so the role check (not validation) decides.
JSON_BODIES = {
    "api:article_create": {"title": "Permission check", "body": "A body for the permission check."},
    "api:tag_create": {"start": 0, "end": 9, "text": "Officials", "label": "attribution/anonymous-source"},
    "api:tag_update": {"version": 1, "note": "checked"},
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
    job = Job.objects.create(kind=Job.Kind.EXPORT_ANNOTATIONS, status=Job.Status.DONE, created_by=users["reviewer"])
    job.output_file.save("perm.jsonl", ContentFile(b"{}\n"))
    token, _key = ApiToken.issue(user=users["annotator"], name="perm")
    orphan = RevisionOrphan.objects.create(annotation=tag, revision=article)
    args = {
        "": [],
        "article": [article.pk],
        "story": [story.slug],
        "outlet": [outlets[0].slug],
        "outlets": [outlets[0].slug, outlets[1].slug],
        "annotation": [tag.pk],
        "campaign": [campaign.pk],
        "adjudicate": [campaign.pk, article.pk],
        "job": [job.pk],
        "token": [token.pk],
        "orphan": [orphan.pk],
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
    if method == "get":
        response = client.get(url)
    elif method == "post":
        response = client.post(url, {})
    elif method == "delete":
        response = client.delete(f"{url}?version=1")
    else:
        body = json.dumps(JSON_BODIES.get(name, {}))
        response = client.generic("PATCH" if method == "patch" else "POST", url, body, content_type="application/json")
    to_login = response.status_code == 302 and response["Location"].startswith(reverse("login"))
    if want == LOGIN:
        assert to_login, (name, role, response.status_code)
    elif want in (DENIED, UNAUTH, MISSING):
        assert response.status_code == want, (name, role, response.status_code)
    else:
        assert not to_login, (name, role, "sent to login")
        assert response.status_code not in (403, 404, 500), (name, role, response.status_code)


# Query values a hand-edited URL or a scanner sends: none may reach a view as a crash.
GARBAGE = ["abc", "-1", "99999999999999999999999", "'", '"><script>', "x" * 3000, "ünï", "1.5", "[]", "2023-13-45"]
PARAMETERS = ["q", "outlet", "story", "campaign", "annotator", "kind", "label", "status", "page", "a", "show", "tags"]


@pytest.mark.parametrize("name", sorted(name for name, (method, _, _) in RULES.items() if method == "get"))
def test_no_page_answers_garbage_query_parameters_with_a_server_error(world: dict[str, Any], name: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world["users"]["admin"])
    url = reverse(name, args=world["args"][RULES[name][1]])
    for shift, value in enumerate(GARBAGE):
        params = {p: GARBAGE[(shift + i) % len(GARBAGE)] for i, p in enumerate(PARAMETERS)} | {"q": value}
        response = client.get(url, params)
        assert response.status_code < 500, (name, params, response.status_code)


FORM_FIELDS = [
    "start", "end", "text", "tag_type", "note", "speaker", "quote", "chain", "version", "decision", "reason",
    "comment", "confirm", "use", "action", "occurrence", "article", "name", "overlap", "seconds", "key", "format",
    "campaign", "status", "f_status", "f_kind", "f_campaign", "title", "slug", "next",
]  # fmt: skip


@pytest.mark.parametrize("name", sorted(name for name, (method, _, _) in RULES.items() if method == "post"))
def test_no_form_answers_garbage_fields_with_a_server_error(world: dict[str, Any], name: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world["users"]["admin"])
    post_garbage(client, name, reverse(name, args=world["args"][RULES[name][1]]))


def post_garbage(client: Client, name: str, url: str) -> None:
    for shift in range(len(GARBAGE)):
        data = {f: GARBAGE[(shift + i) % len(GARBAGE)] for i, f in enumerate(FORM_FIELDS)}
        response = client.post(url, data)
        if response.status_code == 405:
            return  # a page that takes no POST
        assert response.status_code < 500, (name, shift, response.status_code)
        response = client.post(url, data, headers={"HX-Request": "true"})
        assert response.status_code < 500, (name, shift, "htmx", response.status_code)


@pytest.mark.parametrize("name", sorted(name for name, (method, _, _) in RULES.items() if method == "get"))
def test_pages_that_also_take_a_form_answer_garbage_fields_with_a_client_error(
    world: dict[str, Any], name: str
) -> None:
    """A page whose view also takes a POST (adjudication, story suggestions, job forms …) gets the same garbage."""
    client = Client(raise_request_exception=False)
    client.force_login(world["users"]["admin"])
    post_garbage(client, name, reverse(name, args=world["args"][RULES[name][1]]))
