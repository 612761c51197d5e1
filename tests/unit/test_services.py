"""Write services on tags: the one versioned-change helper, "an edit of a decided tag is pending", undo, idempotency."""

import pytest
from django.core.exceptions import ValidationError
from django.test import TestCase

from annotations import services
from annotations.export import annotations_for_export
from annotations.models import Annotation, Assignment, ReviewEvent
from annotations.review import review_correct, review_decide
from newsdesk.extraction import extract
from newsdesk.models import AttributionChain
from tests.factories import (
    ArticleFactory,
    CampaignFactory,
    SpeakerFactory,
    annotation_on,
    annotator,
    editor,
    quote_in,
    reviewer,
    second_annotator,
    tag_type,
)

BODY = "Officials said the bridge was hit twice overnight, the mayor said."


class DecidedTagEditTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie, cls.bert, cls.rita = annotator(), second_annotator(), reviewer()
        cls.article = ArticleFactory(body=BODY)
        cls.campaign = CampaignFactory(articles=[cls.article], annotators=[cls.annie, cls.bert], overlap=2)
        for user in (cls.annie, cls.bert):
            Assignment.objects.create(campaign=cls.campaign, article=cls.article, annotator=user)

    def setUp(self) -> None:
        self.tag = annotation_on(self.article, "the bridge was hit", annotator=self.annie, campaign=self.campaign)

    def decided(self, decision: str) -> Annotation:
        return review_decide(annotation=self.tag, reviewer=self.rita, decision=decision, version=1, comment="why")

    def test_editing_an_accepted_tag_returns_it_to_pending(self) -> None:
        self.decided("accept")
        services.annotation_update(
            annotation=self.tag, actor=self.annie, version=2, tag_type=tag_type("claim", "prediction")
        )
        self.tag.refresh_from_db()
        assert (self.tag.status, self.tag.version) == ("pending", 3)
        event = ReviewEvent.objects.filter(action="edited").get()
        assert (event.before["status"], event.after["status"], event.actor) == ("accepted", "pending", self.annie)

    def test_editing_a_rejected_tag_or_only_its_note_returns_it_to_pending(self) -> None:
        self.decided("reject")
        services.annotation_update(annotation=self.tag, actor=self.annie, version=2, note="a second look")
        self.tag.refresh_from_db()
        assert self.tag.status == "pending"

    def test_an_edit_that_changes_nothing_keeps_the_decision_and_records_nothing(self) -> None:
        self.decided("accept")
        services.annotation_update(annotation=self.tag, actor=self.annie, version=2, note=self.tag.note)
        self.tag.refresh_from_db()
        assert (self.tag.status, self.tag.version, ReviewEvent.objects.count()) == ("accepted", 2, 1)

    def test_deleting_keeps_the_status_and_decisions_need_the_version_read(self) -> None:
        self.decided("accept")
        services.annotation_delete(annotation=self.tag, actor=self.annie, version=2)
        self.tag.refresh_from_db()
        assert self.tag.status == "accepted"
        fresh = annotation_on(self.article, "Officials", annotator=self.annie)
        with pytest.raises(ValidationError, match="version is missing"):
            review_decide(annotation=fresh, reviewer=self.rita, decision="accept", version=None)
        with pytest.raises(services.AnnotationConflict):
            review_decide(annotation=fresh, reviewer=self.rita, decision="accept", version=5)

    def test_exports_and_agreement_no_longer_take_an_edited_tag_as_accepted(self) -> None:
        self.decided("accept")
        assert list(annotations_for_export(status="accepted")) == [self.tag]
        services.annotation_update(
            annotation=self.tag, actor=self.annie, version=2, tag_type=tag_type("claim", "prediction")
        )
        assert list(annotations_for_export(status="accepted")) == []
        assert list(annotations_for_export(status="pending")) == [self.tag]

    def test_a_reviewers_correction_is_their_acceptance_of_what_they_wrote(self) -> None:
        corrected = review_correct(
            annotation=self.tag, reviewer=self.rita, version=1, tag_type=tag_type("claim", "prediction")
        )
        assert corrected.status == "accepted"
        actions = list(ReviewEvent.objects.order_by("id").values_list("action", "actor__username"))
        assert actions == [("edited", "rita"), ("accepted", "rita")]
        # …and the annotator's next edit sends it back to the queue like any other.
        services.annotation_update(annotation=corrected, actor=self.annie, version=corrected.version, note="hm")
        corrected.refresh_from_db()
        assert corrected.status == "pending"


class UndoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie, cls.rita, cls.eddie = annotator(), reviewer(), editor()
        cls.article = ArticleFactory(body=BODY)
        cls.quotes = [quote_in(cls.article, "the bridge was hit"), quote_in(cls.article, "the mayor said")]
        cls.chains = [
            AttributionChain.objects.create(article=cls.article, start=0, end=9, links=[]),
            AttributionChain.objects.create(article=cls.article, start=51, end=65, links=[]),
        ]
        cls.speakers = [SpeakerFactory(name="The Mayor"), SpeakerFactory(name="An Official")]

    def test_undo_restores_every_field_the_edit_changed_the_chain_link_included(self) -> None:
        tag = annotation_on(
            self.article,
            "the bridge was hit",
            annotator=self.annie,
            note="first",
            quote=self.quotes[0],
            chain=self.chains[0],
            speaker=self.speakers[0],
        )
        original = tag.snapshot()
        services.annotation_update(
            annotation=tag,
            actor=self.annie,
            version=1,
            tag_type=tag_type("claim", "prediction"),
            note="second",
            speaker=self.speakers[1],
            quote=self.quotes[1],
            chain=self.chains[1],
        )
        assert services.annotation_undo(article=self.article, actor=self.annie) == "the edit"
        tag.refresh_from_db()
        assert tag.snapshot() == original
        assert tag.chain_id == self.chains[0].pk

    def test_undo_of_an_edit_restores_the_span_too_and_never_a_decision(self) -> None:
        tag = annotation_on(self.article, "the bridge was hit", annotator=self.annie)
        review_decide(annotation=tag, reviewer=self.rita, decision="accept", version=1)
        start = BODY.index("the bridge was hit twice")
        services.annotation_change(
            annotation=tag,
            actor=self.annie,
            action=ReviewEvent.Action.EDITED,
            version=2,
            changes={"start": start, "end": start + 24},
        )
        tag.refresh_from_db()
        assert (tag.text, tag.status) == ("the bridge was hit twice", "pending")
        services.annotation_undo(article=self.article, actor=self.annie)
        tag.refresh_from_db()
        assert (tag.text, tag.end, tag.suffix[:6]) == ("the bridge was hit", start + 18, " twice")
        assert tag.status == "pending"  # a reviewer decides again: the undo was the annotator's

    def test_undo_leaves_changes_made_by_others_to_other_fields(self) -> None:
        tag = annotation_on(self.article, "the bridge was hit", annotator=self.eddie, note="mine")
        services.annotation_update(annotation=tag, actor=self.eddie, version=1, note="edited")
        review_correct(annotation=tag, reviewer=self.rita, version=2, tag_type=tag_type("claim", "prediction"))
        services.annotation_undo(article=self.article, actor=self.eddie)
        tag.refresh_from_db()
        assert (tag.note, tag.tag_type.slug) == ("mine", "prediction")


class IdempotencyTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie = annotator()
        # Twins: the same first sentence at the same offsets, so the same suggestion keys.
        cls.first = ArticleFactory(body=BODY + "\nOne version.")
        cls.twin = ArticleFactory(body=BODY + "\nAnother version.")
        for article in (cls.first, cls.twin):
            article.extraction = extract(article.body).to_storage()
            article.save()

    def test_accepting_the_same_offset_suggestion_on_a_twin_article_makes_its_own_tag(self) -> None:
        key = services.suggestions_for(self.first)[0].key
        assert key in {s.key for s in services.suggestions_for(self.twin)}
        made, created = services.suggestion_accept(article=self.first, annotator=self.annie, key=key)
        twin, twin_created = services.suggestion_accept(article=self.twin, annotator=self.annie, key=key)
        assert (created, twin_created) == (True, True)
        assert (made.article, twin.article) == (self.first, self.twin)
        again, created_again = services.suggestion_accept(article=self.twin, annotator=self.annie, key=key)
        assert (again, created_again) == (twin, False)

    def test_a_client_key_spent_on_another_article_is_refused(self) -> None:
        def create(article: object) -> tuple[Annotation, bool]:
            return services.annotation_create(
                article=article,  # type: ignore[arg-type]
                annotator=self.annie,
                start=0,
                end=9,
                text="Officials",
                tag_type=tag_type("claim"),
                idempotency_key="k-1",
            )

        create(self.first)
        with pytest.raises(ValidationError, match="another article"):
            create(self.twin)
        assert Annotation.objects.count() == 1
