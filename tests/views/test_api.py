"""The JSON API: tokens, roles, the workspace's rules for tags, validation messages, bounded queries."""

import json
from typing import Any

from django.test import Client, TestCase

from annotations.models import Annotation, Assignment, ReviewEvent
from newsdesk.models import ApiToken, Article, Job
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
    second_annotator,
)

BODY = "Officials said the bridge was hit twice overnight.\n“We will rebuild it,” the mayor said on Tuesday."


def bearer(user: Any) -> dict[str, str]:
    _token, key = ApiToken.issue(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


class ApiTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie, cls.bert, cls.rita, cls.admin = annotator(), second_annotator(), reviewer(), editor()
        cls.story = StoryFactory(slug="bridge", title="Bridge strike")
        cls.article = ArticleFactory(body=BODY, title="Bridge hit twice", story=cls.story)
        ArticleCreditFactory(article=cls.article, outlet=OutletFactory(name="Northwind Wire", slug="northwind-wire"))
        cls.unassigned = ArticleFactory()
        campaign = CampaignFactory(articles=[cls.article], annotators=[cls.annie, cls.bert])
        for user in (cls.annie, cls.bert):
            Assignment.objects.create(campaign=campaign, article=cls.article, annotator=user)
        cls.campaign = campaign
        cls.berts_tag = annotation_on(
            cls.article, "the mayor said", annotator=cls.bert, kind="attribution", campaign=campaign
        )

    def setUp(self) -> None:
        self.as_annie = bearer(self.annie)

    def post(self, url: str, data: Any, auth: dict[str, str]) -> Any:
        return self.client.post(url, json.dumps(data), content_type="application/json", **auth)

    def patch(self, url: str, data: Any, auth: dict[str, str]) -> Any:
        return self.client.patch(url, json.dumps(data), content_type="application/json", **auth)


class AuthTests(ApiTestCase):
    def test_no_token_or_a_bad_one_is_401(self) -> None:
        assert self.client.get("/api/articles/").status_code == 401
        assert self.client.get("/api/articles/", headers={"authorization": "Bearer nd_nope"}).status_code == 401
        assert self.client.get("/api/articles/", headers={"authorization": "Basic abc"}).status_code == 401

    def test_a_revoked_token_stops_working(self) -> None:
        assert self.client.get("/api/articles/", **self.as_annie).status_code == 200
        ApiToken.objects.filter(user=self.annie).delete()
        assert self.client.get("/api/articles/", **self.as_annie).status_code == 401

    def test_an_inactive_users_token_is_refused(self) -> None:
        type(self.annie).objects.filter(pk=self.annie.pk).update(is_active=False)
        assert self.client.get("/api/articles/", **self.as_annie).status_code == 401

    def test_token_use_is_recorded(self) -> None:
        self.client.get("/api/articles/", **self.as_annie)
        assert ApiToken.objects.get(user=self.annie).last_used_at is not None

    def test_the_session_works_for_reads_and_needs_csrf_for_writes(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.annie)
        assert client.get(f"/api/articles/{self.article.pk}").status_code == 200
        response = client.post(
            f"/api/articles/{self.article.pk}/tags",
            json.dumps({"start": 0, "end": 9, "text": "Officials", "label": "attribution/anonymous-source"}),
            content_type="application/json",
        )
        assert response.status_code in (401, 403)
        assert not Annotation.objects.filter(annotator=self.annie).exists()

    def test_schema_and_docs_need_a_login_or_token(self) -> None:
        response = self.client.get("/api/openapi.json")
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        schema = self.client.get("/api/openapi.json", **self.as_annie).json()
        assert "/api/articles/{article_id}/tags" in schema["paths"]
        assert (
            "BearerAuth" in json.dumps(schema["components"]["securitySchemes"])
            or schema["components"]["securitySchemes"]
        )
        self.client.force_login(self.annie)
        self.assertContains(self.client.get("/api/docs"), "swagger")


class ArticleTests(ApiTestCase):
    def test_list_and_search_with_bounded_queries(self) -> None:
        with self.assertNumQueries(7):  # token, roles, blind check, count, page, credits; + last_used update
            response = self.client.get("/api/articles/?q=bridge", **self.as_annie)
        data = response.json()
        assert data["count"] == 1
        assert data["items"][0]["title"] == "Bridge hit twice"
        assert data["items"][0]["outlets"] == [{"name": "Northwind Wire", "slug": "northwind-wire", "role": "primary"}]
        for _ in range(10):
            ArticleCreditFactory(article=ArticleFactory(), outlet=OutletFactory())
        with self.assertNumQueries(6):
            assert self.client.get("/api/articles/?limit=50", **self.as_annie).json()["count"] == 12

    def test_filters_by_outlet_and_story(self) -> None:
        assert self.client.get("/api/articles/?outlet=northwind-wire", **self.as_annie).json()["count"] == 1
        assert self.client.get("/api/articles/?story=bridge", **self.as_annie).json()["count"] == 1
        assert self.client.get("/api/articles/?story=nope", **self.as_annie).json()["count"] == 0

    def test_one_article_with_credits_quotes_speakers_and_only_my_tags(self) -> None:
        mine = annotation_on(self.article, "Officials said", annotator=self.annie, kind="attribution")
        data = self.client.get(f"/api/articles/{self.article.pk}", **self.as_annie).json()
        assert data["body"] == BODY
        assert data["story"] == "bridge"
        assert [t["id"] for t in data["my_tags"]] == [mine.pk], "Bert's tag is not Annie's"
        assert data["outlets"][0]["name"] == "Northwind Wire"
        assert isinstance(data["quotes"], list)
        assert isinstance(data["speakers"], list)

    def test_unknown_article_is_404_json(self) -> None:
        response = self.client.get("/api/articles/999999", **self.as_annie)
        assert response.status_code == 404
        assert "detail" in response.json()

    def test_admins_create_articles_and_extraction_runs(self) -> None:
        payload = {
            "title": "Port reopens",
            "body": "The port reopened on Friday.\n“Ships are moving again,” harbour master Lena Varga said.",
            "outlets": [{"name": "Baltic Ledger", "role": "primary"}],
            "story": "port-reopens",
        }
        response = self.post("/api/articles/", payload, bearer(self.admin))
        assert response.status_code == 201, response.content
        article = Article.objects.get(pk=response.json()["id"])
        assert article.source_format == "api"
        assert article.story.slug == "port-reopens"
        assert article.quotes.filter(text__contains="Ships are moving again").exists()
        assert article.credits.get().outlet.name == "Baltic Ledger"
        again = self.post("/api/articles/", payload, bearer(self.admin))
        assert again.status_code == 409
        assert again.json()["article_id"] == article.pk

    def test_non_admins_cannot_create_articles(self) -> None:
        response = self.post("/api/articles/", {"title": "x", "body": "y"}, bearer(self.rita))
        assert response.status_code == 403

    def test_validation_errors_name_the_field(self) -> None:
        response = self.post("/api/articles/", {"body": "text"}, bearer(self.admin))
        assert response.status_code == 422
        assert any(error["loc"][-1] == "title" for error in response.json()["detail"])
        response = self.post("/api/articles/", {"title": "t"}, bearer(self.admin))
        assert response.status_code == 422
        assert "body" in response.json()["detail"]
        response = self.post(
            "/api/articles/", {"title": "t", "body": "b", "url": "javascript:alert(1)"}, bearer(self.admin)
        )
        assert response.status_code == 422
        assert "http" in response.json()["detail"]
        response = self.post(
            "/api/articles/",
            {"title": "t", "body": "b", "outlets": [{"name": "X", "role": "owner"}]},
            bearer(self.admin),
        )
        assert response.status_code == 422

    def test_text_no_database_can_store_is_a_422_not_a_server_error(self) -> None:
        # NUL is refused by PostgreSQL and an unpaired surrogate cannot be encoded; both arrive
        # through JSON escapes. The schemathesis run found the NUL in CI.
        for body in [r"Ships moved\u0000 again.", r"Ships moved \ud800 again."]:
            raw = json.dumps({"title": "Port", "body": "BODY", "outlets": [{"name": "Ledger"}]}).replace("BODY", body)
            response = self.client.post("/api/articles/", raw, content_type="application/json", **bearer(self.admin))
            assert response.status_code == 422, response.content
            assert response.json()["detail"][0]["loc"][-1] == "body"
        raw = r'{"title": "Port", "body": "Ships moved.", "outlets": [{"name": "Ledger\u0000"}]}'
        response = self.client.post("/api/articles/", raw, content_type="application/json", **bearer(self.admin))
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"][-1] == "name"
        assert self.client.get("/api/articles/?q=port%00", **bearer(self.admin)).status_code == 422


class TagTests(ApiTestCase):
    def url(self) -> str:
        return f"/api/articles/{self.article.pk}/tags"

    def tag(self, **fields: Any) -> dict[str, Any]:
        return {"start": 0, "end": 9, "text": "Officials", "label": "attribution/anonymous-source", **fields}

    def test_create_a_tag_like_the_workspace_does(self) -> None:
        response = self.post(self.url(), self.tag(note="vague"), self.as_annie)
        assert response.status_code == 201, response.content
        data = response.json()
        assert (data["text"], data["label"], data["annotator"], data["version"]) == (
            "Officials",
            "attribution/anonymous-source",
            "annie",
            1,
        )
        tag = Annotation.objects.get(pk=data["id"])
        assert tag.campaign == self.campaign
        assert tag.prefix == ""
        assert tag.suffix.startswith(" said")
        assert ReviewEvent.objects.filter(annotation=tag, action="created", actor=self.annie).exists()

    def test_the_same_idempotency_key_does_not_tag_twice(self) -> None:
        first = self.post(self.url(), self.tag(idempotency_key="k1"), self.as_annie)
        second = self.post(self.url(), self.tag(idempotency_key="k1"), self.as_annie)
        assert (first.status_code, second.status_code) == (201, 200)
        assert first.json()["id"] == second.json()["id"]

    def test_text_that_does_not_match_the_span_is_422_with_the_reason(self) -> None:
        response = self.post(self.url(), self.tag(text="Officers"), self.as_annie)
        assert response.status_code == 422
        assert response.json()["code"] == "span_mismatch"
        assert "does not match" in response.json()["detail"]
        response = self.post(self.url(), self.tag(end=5000), self.as_annie)
        assert response.status_code == 422
        assert response.json()["code"] == "span_out_of_range"

    def test_unknown_label_and_unassigned_article(self) -> None:
        assert self.post(self.url(), self.tag(label="claim/made-up"), self.as_annie).status_code == 422
        response = self.post(f"/api/articles/{self.unassigned.pk}/tags", self.tag(text="Talks res"), self.as_annie)
        assert response.status_code == 403
        assert "assigned" in response.json()["detail"]

    def test_reviewers_do_not_tag_articles_not_assigned_to_them(self) -> None:
        assert self.post(self.url(), self.tag(), bearer(self.rita)).status_code == 403

    def test_update_needs_the_current_version(self) -> None:
        tag = self.post(self.url(), self.tag(), self.as_annie).json()
        response = self.patch(
            f"/api/tags/{tag['id']}",
            {"version": 1, "note": "checked", "label": "attribution/named-source"},
            self.as_annie,
        )
        assert response.status_code == 200, response.content
        assert (response.json()["version"], response.json()["note"]) == (2, "checked")
        stale = self.patch(f"/api/tags/{tag['id']}", {"version": 1, "note": "late"}, self.as_annie)
        assert stale.status_code == 409
        assert stale.json()["current_version"] == 2

    def test_only_the_owner_changes_or_deletes_a_tag(self) -> None:
        url = f"/api/tags/{self.berts_tag.pk}"
        assert self.patch(url, {"version": 1, "note": "mine now"}, self.as_annie).status_code == 403
        assert self.client.delete(f"{url}?version=1", **self.as_annie).status_code == 403
        self.berts_tag.refresh_from_db()
        assert self.berts_tag.note == ""
        assert self.berts_tag.deleted_at is None

    def test_delete_is_soft_and_recorded(self) -> None:
        tag = self.post(self.url(), self.tag(), self.as_annie).json()
        assert self.client.delete(f"/api/tags/{tag['id']}?version=1", **self.as_annie).status_code == 204
        deleted = Annotation.objects.get(pk=tag["id"])
        assert deleted.deleted_at is not None
        assert ReviewEvent.objects.filter(annotation=deleted, action="deleted").exists()
        assert self.client.get(f"/api/tags/{tag['id']}", **self.as_annie).status_code == 404
        assert self.client.delete(f"/api/tags/{tag['id']}", **self.as_annie).status_code == 422, "version required"

    def test_reading_a_tag_is_for_its_owner_and_reviewers(self) -> None:
        url = f"/api/tags/{self.berts_tag.pk}"
        assert self.client.get(url, **self.as_annie).status_code == 403
        assert self.client.get(url, **bearer(self.rita)).json()["annotator"] == "bert"

    def test_tag_types_list_the_labels(self) -> None:
        keys = {t["key"] for t in self.client.get("/api/tag-types", **self.as_annie).json()}
        assert {"attribution/anonymous-source", "framing/euphemism"} <= keys


class StoryExportJobTests(ApiTestCase):
    def test_stories_and_their_comparison(self) -> None:
        data = self.client.get("/api/stories/", **self.as_annie).json()
        assert data["items"][0]["slug"] == "bridge"
        assert data["items"][0]["articles"] == 1
        assert self.client.get("/api/stories/bridge", **self.as_annie).json()["title"] == "Bridge strike"
        compare = self.client.get("/api/stories/bridge/compare?tags=all", **self.as_annie).json()
        assert "quote_groups" in compare
        assert self.client.get("/api/stories/nope/compare", **self.as_annie).status_code == 404

    def test_exports_are_for_reviewers(self) -> None:
        assert self.client.get("/api/exports/annotations", **self.as_annie).status_code == 403
        response = self.client.get("/api/exports/annotations?format=label-studio", **bearer(self.rita))
        assert response.status_code == 200
        assert response.streaming
        tasks = json.loads(b"".join(response.streaming_content))
        assert tasks[0]["annotations"][0]["completed_by"]["username"] == "bert"
        assert self.client.get("/api/exports/annotations?format=xml", **bearer(self.rita)).status_code == 422

    def test_job_progress_for_its_owner(self) -> None:
        job = Job.objects.create(
            kind=Job.Kind.REEXTRACT, status=Job.Status.RUNNING, total=4, processed=1, created_by=self.rita
        )
        data = self.client.get(f"/api/jobs/{job.pk}", **bearer(self.rita)).json()
        assert (data["status"], data["percent"], data["download"]) == ("running", 25, None)
        assert self.client.get(f"/api/jobs/{job.pk}", **self.as_annie).status_code == 403
