"""A review trail nobody can forge: imports in others' names, edits after a decision, the Django admin,
and a sweep of every URL of the permission matrix with hostile input, checked against the trail's rules."""

import io
import json
import re
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, TestCase
from django.urls import reverse

from annotations.importer import annotations_import
from annotations.models import Annotation, Assignment, GoldEvent, ReviewEvent, RevisionOrphan
from annotations.review import check_reviewer, review_decide
from annotations.services import reviewed_content
from newsdesk.extraction import extract
from newsdesk.models import ApiToken, Article, Job
from newsdesk.roles import is_admin, is_reviewer
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
    tag_type,
)
from tests.views.test_permissions import RULES

BODY = "Officials said the bridge was hit twice.\n“We will rebuild it,” the mayor said in Kiev."


def doccano_line(article: Article, who: str, text: str = "the bridge") -> str:
    start = article.body.index(text)
    return json.dumps(
        {"text": article.body, "label": [[start, start + len(text), "claim/factual-claim"]], "annotator": who}
    )


# Imports in someone else's name


class ImportAttributionTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie, cls.bert, cls.rita, cls.eddie = annotator(), second_annotator(), reviewer(), editor()
        cls.article = ArticleFactory(body=BODY)

    def import_job(self, user: Any, content: str) -> Job:
        self.client.force_login(user)
        upload = SimpleUploadedFile("tags.jsonl", content.encode(), content_type="application/x-ndjson")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("job_import_annotations"), {"file": upload, "format": "doccano"})
        assert response.status_code == 302, response.content
        return Job.objects.get()

    def test_a_reviewer_cannot_import_tags_in_another_users_name_through_the_service(self) -> None:
        result = annotations_import(text=doccano_line(self.article, "bert"), fmt="doccano", actor=self.rita)
        assert result.created == 0
        assert "only an admin" in result.problems[0][1]
        with pytest.raises(Exception, match="Only an admin"):
            annotations_import(text=doccano_line(self.article, ""), fmt="doccano", actor=self.rita, annotator=self.bert)
        assert not Annotation.objects.exists()

    def test_a_reviewer_cannot_through_the_jobs_page(self) -> None:
        job = self.import_job(self.rita, doccano_line(self.article, "bert"))
        assert (job.status, job.succeeded, len(job.failures)) == (Job.Status.DONE, 0, 1)
        assert "only an admin" in job.failures[0]["reason"]
        assert not Annotation.objects.exists()

    def test_a_reviewer_cannot_through_the_command_line(self) -> None:
        path = self.tmp_file(doccano_line(self.article, "bert"))
        err = io.StringIO()
        call_command("import_annotations", path, format="doccano", by="rita", stdout=io.StringIO(), stderr=err)
        assert "only an admin" in err.getvalue()
        with pytest.raises(CommandError, match="Only an admin"):
            call_command("import_annotations", path, format="doccano", by="rita", annotator="bert")
        assert not Annotation.objects.exists()

    def test_a_reviewers_own_import_is_theirs_and_they_cannot_accept_it(self) -> None:
        job = self.import_job(self.rita, doccano_line(self.article, ""))
        assert job.succeeded == 1
        tag = Annotation.objects.get()
        assert tag.annotator == self.rita
        with pytest.raises(Exception, match="own tags"):
            check_reviewer(user=self.rita, annotation=tag)
        self.client.force_login(self.rita)
        url = reverse("annotations:review_decide", args=[tag.pk])
        assert self.client.post(url, {"decision": "accept", "version": tag.version}).status_code == 403
        tag.refresh_from_db()
        assert tag.status == "pending"

    def assert_admin_import(self) -> None:
        tag = Annotation.objects.get()
        created = tag.events.get(action="created")
        assert (tag.annotator, created.actor) == (self.bert, self.eddie)  # provenance, and who did it
        assert created.comment == "imported by eddie"

    def test_an_admin_import_keeps_the_named_annotator_and_records_the_admin_as_actor(self) -> None:
        annotations_import(text=doccano_line(self.article, "bert"), fmt="doccano", actor=self.eddie)
        self.assert_admin_import()

    def test_an_admin_import_through_the_jobs_page(self) -> None:
        self.import_job(self.eddie, doccano_line(self.article, "bert"))
        self.assert_admin_import()

    def test_an_admin_import_through_the_command_line(self) -> None:
        path = self.tmp_file(doccano_line(self.article, ""))
        call_command("import_annotations", path, format="doccano", by="eddie", annotator="bert", stdout=io.StringIO())
        self.assert_admin_import()

    def tmp_file(self, content: str) -> str:
        import tempfile

        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as handle:
            handle.write(content + "\n")
        return handle.name


# An edit after a decision, through each entry point


class DecidedEditTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie, cls.rita = annotator(), reviewer()
        cls.article = ArticleFactory(body=BODY)
        cls.campaign = CampaignFactory(articles=[cls.article], annotators=[cls.annie])
        Assignment.objects.create(campaign=cls.campaign, article=cls.article, annotator=cls.annie)

    def setUp(self) -> None:
        tag = annotation_on(self.article, "the bridge was hit", annotator=self.annie, campaign=self.campaign)
        self.tag = review_decide(annotation=tag, reviewer=self.rita, decision="accept", version=1)

    def assert_pending_with(self, slug: str) -> None:
        self.tag.refresh_from_db()
        assert (self.tag.status, self.tag.tag_type.slug) == ("pending", slug)

    def test_the_workspace(self) -> None:
        self.client.force_login(self.annie)
        url = reverse("annotations:annotation_update", args=[self.tag.pk])
        prediction = tag_type("claim", "prediction")
        response = self.client.post(url, {"version": 2, "tag_type": prediction.pk}, headers={"HX-Request": "true"})
        assert response.status_code == 200
        self.assert_pending_with("prediction")

    def test_the_api(self) -> None:
        _token, key = ApiToken.issue(user=self.annie, name="t")
        response = self.client.patch(
            f"/api/tags/{self.tag.pk}",
            json.dumps({"version": 2, "label": "claim/prediction"}),
            content_type="application/json",
            headers={"authorization": f"Bearer {key}"},
        )
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "pending"
        self.assert_pending_with("prediction")

    def test_undo_in_the_workspace(self) -> None:
        self.client.force_login(self.annie)
        update = reverse("annotations:annotation_update", args=[self.tag.pk])
        self.client.post(update, {"version": 2, "tag_type": tag_type("claim", "prediction").pk})
        self.client.post(reverse("annotations:annotation_undo", args=[self.article.pk]))
        # The label the reviewer accepted is back, but only a reviewer decides again.
        self.assert_pending_with(tag_type("claim").slug)


# The Django admin's tag form


class AdminTagFormTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie, cls.rita = annotator(), reviewer()
        cls.eddie = editor()
        cls.eddie.is_superuser = True
        cls.eddie.save()
        cls.article, cls.other = ArticleFactory(body=BODY), ArticleFactory()

    def setUp(self) -> None:
        tag = annotation_on(self.article, "the bridge was hit", annotator=self.annie)
        self.tag = review_decide(annotation=tag, reviewer=self.rita, decision="accept", version=1)
        self.url = reverse("admin:annotations_annotation_change", args=[self.tag.pk])
        self.client.force_login(self.eddie)

    def test_article_span_status_and_owner_are_read_only(self) -> None:
        page = self.client.get(self.url).content.decode()
        for name in ("article", "start", "end", "text", "status", "annotator", "campaign", "version"):
            assert not re.search(rf'name="{name}"', page), name
        assert 'name="tag_type"' in page

    def test_a_change_goes_through_the_service_with_an_event_and_back_to_pending(self) -> None:
        prediction = tag_type("claim", "prediction")
        data = {
            "tag_type": prediction.pk,
            "note": "edited in the admin",
            "read_version": self.tag.version,
            # Forged: the form has no such fields, so none of this may land.
            "article": self.other.pk,
            "start": 0,
            "end": 3,
            "status": "accepted",
            "annotator": self.rita.pk,
            "events-TOTAL_FORMS": 0,
            "events-INITIAL_FORMS": 0,
        }
        response = self.client.post(self.url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        tag = Annotation.objects.get(pk=self.tag.pk)
        assert (tag.article, tag.start, tag.text, tag.annotator) == (
            self.article,
            self.tag.start,
            self.tag.text,
            self.annie,
        )
        assert (tag.tag_type, tag.note, tag.status, tag.version) == (prediction, "edited in the admin", "pending", 3)
        event = tag.events.order_by("-id").first()
        assert event is not None
        assert (event.action, event.actor, event.before["status"]) == ("edited", self.eddie, "accepted")

    def test_a_stale_form_is_refused_and_links_must_be_of_the_same_article(self) -> None:
        from tests.factories import quote_in

        elsewhere = quote_in(self.other, "Talks resumed")
        base = {"tag_type": self.tag.tag_type_id, "events-TOTAL_FORMS": 0, "events-INITIAL_FORMS": 0}
        stale = self.client.post(self.url, {**base, "note": "x", "read_version": 1})
        self.assertContains(stale, "changed since you opened it")
        linked = self.client.post(self.url, {**base, "quote": elsewhere.pk, "read_version": self.tag.version})
        self.assertContains(linked, "belongs to another article")
        assert Annotation.objects.get(pk=self.tag.pk).version == self.tag.version

    def test_no_tag_is_added_or_deleted_in_the_admin(self) -> None:
        assert self.client.get(reverse("admin:annotations_annotation_add")).status_code == 403
        delete = reverse("admin:annotations_annotation_delete", args=[self.tag.pk])
        assert self.client.post(delete, {"post": "yes"}).status_code == 403
        assert Annotation.objects.filter(pk=self.tag.pk, deleted_at=None).exists()


# Article creation through the API


class ApiArticleTransactionTests(TestCase):
    def test_a_failure_after_the_article_row_leaves_nothing(self) -> None:
        admin = editor()
        _token, key = ApiToken.issue(user=admin, name="t")
        client = Client(raise_request_exception=False)
        payload = {"title": "Port", "body": "The port reopened, officials said.", "outlets": [{"name": "Ledger"}]}
        with mock.patch("newsdesk.ingestion.pipeline.chains_store", side_effect=RuntimeError("disk full")):
            response = client.post(
                "/api/articles/",
                json.dumps(payload),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {key}",
            )
        assert response.status_code == 500
        assert not Article.objects.filter(title="Port").exists()
        assert not Article.objects.exists()


# The sweep: every URL of the permission matrix, every role, hostile input


def trail_problems(*, requester: Any, since: dict[str, int]) -> list[str]:
    """What in the database breaks the review trail's rules (after one request by `requester`)."""
    problems = []
    for event in ReviewEvent.objects.filter(pk__gt=since["event"]).select_related("actor"):
        if event.actor_id != requester.pk:
            problems.append(f"event {event.action} on tag {event.annotation_id} names {event.actor} as its actor")
    for event in GoldEvent.objects.filter(pk__gt=since["gold"]):
        if event.actor_id != requester.pk:
            problems.append(f"gold event names user {event.actor_id}")
    for tag in Annotation.objects.filter(pk__gt=since["tag"]).select_related("annotator"):
        created = tag.events.filter(action="created").first()
        placed = created is not None and created.comment.startswith(("Placed by a reviewer", "Carried from"))
        if tag.annotator_id != requester.pk and not (is_admin(requester) or placed):
            problems.append(f"tag {tag.pk} was made by {requester} in {tag.annotator}'s name")
    decisions = (ReviewEvent.Action.ACCEPTED, ReviewEvent.Action.REJECTED, ReviewEvent.Action.NEEDS_CHANGES)
    for tag in Annotation.objects.exclude(status="pending").select_related("annotator", "tag_type"):
        decided, content = latest_decision(tag, decisions)
        if decided is None:
            problems.append(f"tag {tag.pk} is {tag.status} with no decision in its trail")
            continue
        actor = decided.actor
        if not is_reviewer(actor) or (actor.pk == tag.annotator_id and not is_admin(actor)):
            problems.append(f"tag {tag.pk} was decided by {actor}, who may not decide on it")
        if content != current_content(tag, offsets=decided.annotation_id == tag.pk):
            problems.append(f"tag {tag.pk} is {tag.status} with content no reviewer decided on")
    return problems


def current_content(tag: Annotation, *, offsets: bool) -> dict[str, Any]:
    content = reviewed_content(tag.snapshot())
    return content if offsets else {k: v for k, v in content.items() if k not in ("start", "end")}


def latest_decision(tag: Annotation, decisions: tuple[str, ...]) -> tuple[ReviewEvent | None, dict[str, Any]]:
    """The last decision on the tag, or (for a copy on a new revision) on the tag it was copied from."""
    event = tag.events.filter(action__in=decisions).select_related("actor").order_by("-created_at", "-id").first()
    if event is not None:
        return event, reviewed_content(event.after)
    created = tag.events.filter(action="created").first()
    found = re.search(r"tag (\d+)", created.comment) if created else None
    if found is None:
        return None, {}
    source = Annotation.objects.get(pk=int(found.group(1)))
    event, content = latest_decision(source, decisions)
    return event, {k: v for k, v in content.items() if k not in ("start", "end")}


class ForgerySweepTests(TestCase):
    """Each URL of the permission matrix (so a new view is swept by itself), as each role, against tags of
    each kind (pending, accepted, the reviewer's own), with hostile input; then the trail's rules."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie, cls.bert, cls.rita, cls.eddie = annotator(), second_annotator(), reviewer(), editor()
        story = StoryFactory(slug="sweep-story")
        cls.article = ArticleFactory(story=story, body=BODY)
        cls.article.extraction = extract(cls.article.body).to_storage()
        cls.article.save()
        outlets = [OutletFactory(name="Sweep One", slug="sweep-one"), OutletFactory(name="Sweep Two", slug="sweep-two")]
        ArticleCreditFactory(article=cls.article, outlet=outlets[0])
        cls.campaign = CampaignFactory(articles=[cls.article], annotators=[cls.annie, cls.bert, cls.rita], overlap=3)
        for user in (cls.annie, cls.bert, cls.rita):
            Assignment.objects.create(campaign=cls.campaign, article=cls.article, annotator=user)
        pending = annotation_on(cls.article, "the bridge", annotator=cls.annie, campaign=cls.campaign)
        accepted = annotation_on(cls.article, "Officials", annotator=cls.annie, campaign=cls.campaign)
        review_decide(annotation=accepted, reviewer=cls.rita, decision="accept", version=1)
        own = annotation_on(
            cls.article, "the mayor said", annotator=cls.rita, campaign=cls.campaign, kind="attribution"
        )
        annotation_on(cls.article, "the bridge", annotator=cls.bert, campaign=cls.campaign)
        cls.targets = [pending, accepted, own]
        job = Job.objects.create(kind=Job.Kind.EXPORT_ANNOTATIONS, status=Job.Status.DONE, created_by=cls.rita)
        token, _key = ApiToken.issue(user=cls.annie, name="sweep")
        orphan = RevisionOrphan.objects.create(annotation=accepted, revision=cls.article)
        cls.args = {
            "": [],
            "article": [cls.article.pk],
            "story": [story.slug],
            "outlet": [outlets[0].slug],
            "outlets": [outlets[0].slug, outlets[1].slug],
            "campaign": [cls.campaign.pk],
            "adjudicate": [cls.campaign.pk, cls.article.pk],
            "job": [job.pk],
            "token": [token.pk],
            "orphan": [orphan.pk],
        }
        cls.suggestion = next(s for s in cls.article.extraction["framing_candidates"] if s["text"] == "Kiev")

    def form(self, target: Annotation) -> dict[str, Any]:
        start = self.article.body.index("the bridge was hit")
        key = f"framing:{self.suggestion['start']}:{self.suggestion['end']}"
        return {
            "start": start,
            "end": start + len("the bridge was hit"),
            "text": "the bridge was hit",
            "tag_type": tag_type("claim", "prediction").pk,
            "note": "forged",
            "version": Annotation.objects.get(pk=target.pk).version,
            "decision": "accept",
            "comment": "looks fine",
            "confirm": "yes",
            "f_status": "all",
            "use": target.pk,
            "key": key,
            "action": "place",
            "occurrence": 1,
            "format": "doccano",
            "file": SimpleUploadedFile("t.jsonl", doccano_line(self.article, "bert", "was hit twice").encode()),
            # Fields no form has: whoever sends them must not become someone else or decide anything.
            "annotator": self.bert.pk,
            "annotator_id": self.bert.pk,
            "actor": self.bert.pk,
            "status": "accepted",
            "is_gold": "on",
            "created_by": self.bert.pk,
        }

    def json_body(self, target: Annotation) -> str:
        start = self.article.body.index("the bridge was hit")
        return json.dumps(
            {
                "start": start,
                "end": start + len("the bridge was hit"),
                "text": "the bridge was hit",
                "label": "claim/prediction",
                "note": "forged",
                "version": Annotation.objects.get(pk=target.pk).version,
                "annotator": "bert",
                "status": "accepted",
            }
        )

    def request(self, client: Client, name: str, method: str, key: str, target: Annotation) -> Any:
        args = [target.pk] if key == "annotation" else self.args[key]
        url = reverse(name, args=args)
        if method == "delete":
            return client.delete(f"{url}?version={Annotation.objects.get(pk=target.pk).version}")
        if method in ("patch", "json-post"):
            verb = "PATCH" if method == "patch" else "POST"
            return client.generic(verb, url, self.json_body(target), content_type="application/json")
        return client.post(url, self.form(target))  # GET views too: those that also take a POST get one

    def test_no_url_of_the_permission_matrix_forges_the_review_trail(self) -> None:
        assert trail_problems(requester=self.annie, since={"event": 10**9, "gold": 10**9, "tag": 10**9}) == []
        problems, wrote = [], set()
        for name, (method, key, _) in sorted(RULES.items()):
            for user in (self.annie, self.rita, self.eddie):
                for target in self.targets if key == "annotation" else self.targets[:1]:
                    since = {
                        "event": ReviewEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
                        "gold": GoldEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
                        "tag": Annotation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
                    }
                    savepoint = transaction.savepoint_create()
                    try:
                        client = Client(raise_request_exception=False)
                        client.force_login(user)
                        with self.captureOnCommitCallbacks(execute=True):
                            response = self.request(client, name, method, key, target)
                        if response.status_code >= 500:
                            problems.append(f"{name} as {user}: {response.status_code}")
                        found = trail_problems(requester=user, since=since)
                        problems += [f"{name} as {user} on tag {target.pk}: {p}" for p in found]
                        if ReviewEvent.objects.filter(pk__gt=since["event"]).exists():
                            wrote.add((name, user.username))
                    finally:
                        transaction.savepoint_rollback(savepoint)
        assert problems == []
        # The sweep really wrote through the paths that write (it would pass vacuously if all were refused).
        must_write = {
            ("annotations:annotation_update", "annie"),
            ("annotations:annotation_create", "annie"),
            ("annotations:suggestion_accept", "annie"),
            ("annotations:review_decide", "rita"),
            ("annotations:review_correct", "rita"),
            ("annotations:review_bulk", "rita"),
            ("annotations:orphan_resolve", "eddie"),
            ("api:tag_update", "annie"),
            ("api:tag_create", "annie"),
            ("job_import_annotations", "eddie"),
        }
        assert must_write - wrote == set()
