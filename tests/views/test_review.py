"""Review views: roles, both shapes, decisions, bulk, history, feedback, adjudication, queries."""

from django.test import TestCase
from django.urls import reverse

from annotations.models import Annotation, Assignment, ReviewEvent
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    CampaignFactory,
    OutletFactory,
    annotation_on,
    annotator,
    editor,
    reviewer,
    second_annotator,
    tag_type,
)


class ReviewViewTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie = annotator()
        cls.bert = second_annotator()
        cls.rita = reviewer()
        cls.eddie = editor()
        cls.article = ArticleFactory(
            body="Officials said the bridge was hit twice overnight.\nThe mayor said “we will rebuild”."
        )
        ArticleCreditFactory(article=cls.article, outlet=OutletFactory(name="Northwind Wire", slug="northwind-wire"))
        cls.campaign = CampaignFactory(articles=[cls.article], annotators=[cls.annie, cls.bert], overlap=2)
        Assignment.objects.create(campaign=cls.campaign, article=cls.article, annotator=cls.annie)
        Assignment.objects.create(campaign=cls.campaign, article=cls.article, annotator=cls.bert)
        cls.queue = reverse("annotations:review_queue")

    def setUp(self) -> None:
        self.tag = annotation_on(self.article, "the bridge was hit", annotator=self.annie, campaign=self.campaign)
        self.other = annotation_on(
            self.article, "we will rebuild", annotator=self.bert, campaign=self.campaign, kind="framing"
        )

    def test_queue_needs_a_reviewer(self) -> None:
        assert self.client.get(self.queue).status_code == 302
        self.client.force_login(self.annie)
        assert self.client.get(self.queue).status_code == 403
        decide = reverse("annotations:review_decide", args=[self.tag.pk])
        assert self.client.post(decide, {"decision": "accept", "version": 1}).status_code == 403

    def test_queue_page_partial_and_filters(self) -> None:
        self.client.force_login(self.rita)
        with self.assertNumQueries(13):  # one of them: the blind campaigns this reviewer works under
            page = self.client.get(self.queue)
        self.assertContains(page, "<html")
        self.assertContains(page, "the bridge was hit")
        self.assertContains(page, "Northwind Wire")
        partial = self.client.get(self.queue, {"kind": "framing"}, headers={"HX-Request": "true"}).content.decode()
        assert 'id="review-list"' in partial
        assert "<html" not in partial
        assert "we will rebuild" in partial
        assert "the bridge was hit</mark>" not in partial
        for params in (
            {"annotator": "annie"},
            {"outlet": "northwind-wire"},
            {"campaign": str(self.campaign.pk)},
            {"label": "factual-claim"},
            {"story": "nope"},
            {"campaign": "x"},
        ):
            assert self.client.get(self.queue, params).status_code == 200

    def test_queue_query_count_does_not_grow_with_tags(self) -> None:
        for i in range(20):
            annotation_on(self.article, "Officials", annotator=self.annie, note=str(i))
        self.client.force_login(self.rita)
        with self.assertNumQueries(13):
            self.client.get(self.queue)

    def test_decide_with_htmx_returns_the_row(self) -> None:
        self.client.force_login(self.rita)
        url = reverse("annotations:review_decide", args=[self.tag.pk])
        response = self.client.post(url, {"decision": "accept", "version": 1}, headers={"HX-Request": "true"})
        assert response.status_code == 200
        body = response.content.decode()
        assert f'id="row-{self.tag.pk}"' in body
        assert "<html" not in body
        self.tag.refresh_from_db()
        assert self.tag.status == "accepted"

    def test_decision_errors(self) -> None:
        self.client.force_login(self.rita)
        url = reverse("annotations:review_decide", args=[self.tag.pk])
        missing = self.client.post(url, {"decision": "reject", "version": 1}, headers={"HX-Request": "true"})
        assert missing.status_code == 422
        assert missing["HX-Retarget"] == f"#problem-{self.tag.pk}"
        assert (
            self.client.post(url, {"decision": "explode", "version": 1}, headers={"HX-Request": "true"}).status_code
            == 422
        )
        assert (
            self.client.post(url, {"decision": "accept", "version": 9}, headers={"HX-Request": "true"}).status_code
            == 409
        )
        ok = self.client.post(url, {"decision": "reject", "version": 1, "reason": "wrong-span"})
        self.assertRedirects(ok, self.queue)

    def test_a_nul_character_is_a_400_and_changes_nothing(self) -> None:
        # PostgreSQL refuses NUL in text; the request is refused before any view reads it.
        self.client.force_login(self.rita)
        url = reverse("annotations:review_decide", args=[self.tag.pk])
        response = self.client.post(url, {"decision": "reject", "version": 1, "comment": "bad\x00span"})
        assert response.status_code == 400
        self.tag.refresh_from_db()
        assert self.tag.status == "pending"
        assert self.client.get(self.queue, {"outlet": "a\x00"}).status_code == 400
        assert self.client.get(self.queue, {"outlet": "a"}).status_code == 200

    def test_correct_label(self) -> None:
        self.client.force_login(self.rita)
        url = reverse("annotations:review_correct", args=[self.tag.pk])
        response = self.client.post(
            url, {"version": 1, "tag_type": tag_type("claim", "prediction").pk}, headers={"HX-Request": "true"}
        )
        assert response.status_code == 200
        self.tag.refresh_from_db()
        assert self.tag.tag_type.slug == "prediction"
        # The correction is an edit and an acceptance: two versions on.
        assert self.tag.version == 3
        bad = self.client.post(url, {"version": 3, "start": 0, "end": 999}, headers={"HX-Request": "true"})
        assert bad.status_code == 422

    def test_bulk_needs_confirmation(self) -> None:
        self.client.force_login(self.rita)
        url = reverse("annotations:review_bulk")
        self.client.post(url, {"decision": "accept", "f_status": "pending"})
        assert Annotation.objects.filter(status="accepted").count() == 0
        self.client.post(url, {"decision": "accept", "f_status": "pending", "f_kind": "claim", "confirm": "yes"})
        assert list(Annotation.objects.filter(status="accepted")) == [self.tag]

    def test_the_bulk_redirect_keeps_filter_values_whole(self) -> None:
        from urllib.parse import parse_qs, urlsplit

        self.client.force_login(self.rita)
        response = self.client.post(
            reverse("annotations:review_bulk"),
            {"decision": "accept", "confirm": "yes", "f_status": "pending", "f_annotator": "a&b=c", "f_story": "x#y z"},
        )
        location = urlsplit(response["Location"])
        assert location.path == reverse("annotations:review_queue")
        assert parse_qs(location.query) == {"status": ["pending"], "annotator": ["a&b=c"], "story": ["x#y z"]}

    def test_history_and_feedback(self) -> None:
        ReviewEvent.record(annotation=self.tag, actor=self.rita, action="needs_changes", comment="Widen the span")
        Annotation.objects.filter(pk=self.tag.pk).update(status="needs_changes")
        history = reverse("annotations:annotation_history", args=[self.tag.pk])
        self.client.force_login(self.bert)
        assert self.client.get(history).status_code == 403
        self.client.force_login(self.annie)
        self.assertContains(self.client.get(history), "Widen the span")
        assert "<html" not in self.client.get(history, headers={"HX-Request": "true"}).content.decode()
        feedback = self.client.get(reverse("annotations:my_feedback"))
        self.assertContains(feedback, "Widen the span")
        self.assertContains(feedback, "Needs changes")
