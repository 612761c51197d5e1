"""Review workflow rules: who may decide, version checks, reasons, audit trail, gold layer, campaigns."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from annotations import review
from annotations.campaigns import campaign_assign
from annotations.models import Annotation, Assignment, ReasonCode, ReviewEvent
from annotations.services import AnnotationConflict, annotation_update
from tests.factories import (
    ArticleFactory,
    CampaignFactory,
    annotation_on,
    annotator,
    editor,
    reviewer,
    second_annotator,
    tag_type,
)


class ReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie = annotator()
        cls.rita = reviewer()
        cls.article = ArticleFactory(body="Officials said the bridge was hit twice overnight.")

    def setUp(self) -> None:
        self.tag = annotation_on(self.article, "the bridge was hit", annotator=self.annie)

    def test_accept_records_an_event_and_bumps_the_version(self) -> None:
        review.review_decide(annotation=self.tag, reviewer=self.rita, decision="accept", version=1)
        self.tag.refresh_from_db()
        assert (self.tag.status, self.tag.version) == (Annotation.Status.ACCEPTED, 2)
        event = ReviewEvent.objects.get()
        assert (event.action, event.actor, event.before["status"], event.after["status"]) == (
            "accepted",
            self.rita,
            "pending",
            "accepted",
        )

    def test_reject_needs_a_reason_or_comment(self) -> None:
        with pytest.raises(ValidationError, match="Say why"):
            review.review_decide(annotation=self.tag, reviewer=self.rita, decision="reject", version=1)
        reason = ReasonCode.objects.get(slug="wrong-span")
        review.review_decide(annotation=self.tag, reviewer=self.rita, decision="reject", version=1, reason=reason)
        assert ReviewEvent.objects.get().reason == reason

    def test_annotators_cannot_decide(self) -> None:
        with pytest.raises(PermissionDenied):
            review.review_decide(annotation=self.tag, reviewer=second_annotator(), decision="accept", version=1)

    def test_reviewer_cannot_approve_own_annotation(self) -> None:
        own = annotation_on(self.article, "Officials", annotator=self.rita)
        with pytest.raises(PermissionDenied, match="own tags"):
            review.review_decide(annotation=own, reviewer=self.rita, decision="accept", version=1)

    def test_stale_version_is_a_conflict(self) -> None:
        with pytest.raises(AnnotationConflict):
            review.review_decide(annotation=self.tag, reviewer=self.rita, decision="accept", version=7)

    def test_needs_changes_loop_returns_to_the_queue_after_the_fix(self) -> None:
        review.review_decide(
            annotation=self.tag, reviewer=self.rita, decision="needs_changes", version=1, comment="Widen it"
        )
        self.tag.refresh_from_db()
        assert self.tag.status == Annotation.Status.NEEDS_CHANGES
        annotation_update(annotation=self.tag, actor=self.annie, version=2, note="widened")
        self.tag.refresh_from_db()
        assert self.tag.status == Annotation.Status.PENDING

    def test_correct_label_and_span(self) -> None:
        body = self.article.body
        start = body.index("the bridge was hit twice")
        review.review_correct(
            annotation=self.tag,
            reviewer=self.rita,
            version=1,
            tag_type=tag_type("claim", "prediction"),
            start=start,
            end=start + 24,
            text="the bridge was hit twice",
        )
        self.tag.refresh_from_db()
        assert (self.tag.text, self.tag.tag_type.slug, self.tag.status) == (
            "the bridge was hit twice",
            "prediction",
            "accepted",
        )
        # A correction is the reviewer's edit and then that reviewer's acceptance of what they wrote.
        edit, decision = ReviewEvent.objects.order_by("id")
        assert (edit.action, edit.actor, edit.after["status"]) == ("edited", self.rita, "pending")
        assert edit.before["end"] != edit.after["end"]
        assert (decision.action, decision.actor, decision.after["status"]) == ("accepted", self.rita, "accepted")
        assert decision.after["text"] == "the bridge was hit twice"
        assert self.tag.version == 3
        with pytest.raises(ValidationError):
            review.review_correct(annotation=self.tag, reviewer=self.rita, version=3, start=0, end=5, text="wrong")
        with pytest.raises(ValidationError, match="Nothing to correct"):
            review.review_correct(annotation=self.tag, reviewer=self.rita, version=3)

    def test_reviewer_cannot_correct_own_tag(self) -> None:
        own = annotation_on(self.article, "Officials", annotator=self.rita)
        with pytest.raises(PermissionDenied, match="own tags"):
            review.review_correct(annotation=own, reviewer=self.rita, version=1, tag_type=tag_type("attribution"))

    def test_bulk_skips_own_tags(self) -> None:
        annotation_on(self.article, "Officials", annotator=self.rita)
        count = review.review_bulk(annotations=Annotation.objects.all(), reviewer=self.rita, decision="accept")
        assert count == 1
        assert Annotation.objects.filter(status="accepted").count() == 1


class CampaignAssignTests(TestCase):
    def test_balanced_with_overlap_and_later_additions_leave_finished_work(self) -> None:
        people = [annotator("a1"), annotator("a2"), annotator("a3")]
        articles = [ArticleFactory() for _ in range(4)]
        campaign = CampaignFactory(articles=articles, annotators=people, overlap=2)
        assert campaign_assign(campaign=campaign) == 8
        loads = sorted(Assignment.objects.filter(annotator=p).count() for p in people)
        assert loads in ([2, 3, 3], [3, 3, 2]) or max(loads) - min(loads) <= 1
        for article in articles:
            assert Assignment.objects.filter(article=article).count() == 2
        done = Assignment.objects.first()
        assert done is not None
        Assignment.objects.filter(pk=done.pk).update(status="done")
        campaign.articles.add(ArticleFactory())
        campaign.annotators.add(editor("late"))
        assert campaign_assign(campaign=campaign) == 2
        assert Assignment.objects.get(pk=done.pk).status == "done"
        assert campaign_assign(campaign=campaign) == 0
