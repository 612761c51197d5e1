"""The gold layer's service API: create, replace, remove, restore; who and when; audit; never the annotators' tags."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from annotations import gold
from annotations.agreement import campaign_agreement
from annotations.campaigns import annotator_stats
from annotations.models import Annotation, Assignment, GoldAnnotation, GoldEvent
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

BODY = "Officials said the bridge was hit twice overnight.\nThe mayor said the town would rebuild it soon."


class GoldLayerTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie, cls.bert, cls.rita, cls.eddie = annotator(), second_annotator(), reviewer(), editor()
        cls.article = ArticleFactory(body=BODY)
        cls.campaign = CampaignFactory(articles=[cls.article], annotators=[cls.annie, cls.bert], overlap=2)
        for user in (cls.annie, cls.bert):
            Assignment.objects.create(campaign=cls.campaign, article=cls.article, annotator=user)

    def setUp(self) -> None:
        self.annies = annotation_on(self.article, "the bridge was hit", annotator=self.annie, campaign=self.campaign)
        self.berts = annotation_on(
            self.article, "the bridge was hit", annotator=self.bert, campaign=self.campaign, note="bert's note"
        )

    def test_use_a_version_then_another_replaces_the_item_and_records_who_and_when(self) -> None:
        item, created = gold.gold_from_annotation(annotation=self.annies, actor=self.rita)
        assert created
        assert (item.source, item.created_by, item.updated_by, item.version) == (self.annies, self.rita, self.rita, 1)
        replaced, created = gold.gold_from_annotation(annotation=self.berts, actor=self.eddie)
        assert (created, replaced.pk, replaced.source, replaced.note) == (False, item.pk, self.berts, "bert's note")
        assert (replaced.created_by, replaced.updated_by, replaced.version) == (self.rita, self.eddie, 2)
        events = list(GoldEvent.objects.order_by("id").values_list("action", "actor__username"))
        assert events == [("created", "rita"), ("replaced", "eddie")]
        replace = GoldEvent.objects.get(action="replaced")
        assert (replace.before["source"], replace.after["source"]) == (self.annies.pk, self.berts.pk)
        assert gold.gold_layer(campaign=self.campaign, article=self.article) == [replaced]

    def test_the_annotators_tags_are_never_changed(self) -> None:
        before = [(a.pk, a.status, a.version, a.snapshot()) for a in Annotation.objects.order_by("pk")]
        item, _ = gold.gold_from_annotation(annotation=self.annies, actor=self.rita)
        gold.gold_create(
            campaign=self.campaign,
            article=self.article,
            actor=self.rita,
            start=0,
            end=9,
            text="Officials",
            tag_type=tag_type("attribution"),
        )
        gold.gold_remove(item=item, actor=self.rita, version=item.version)
        after = [(a.pk, a.status, a.version, a.snapshot()) for a in Annotation.objects.order_by("pk")]
        assert after == before
        assert not self.annies.events.exists()

    def test_remove_and_restore_are_versioned_and_audited(self) -> None:
        item, _ = gold.gold_from_annotation(annotation=self.annies, actor=self.rita)
        with pytest.raises(gold.GoldConflict):
            gold.gold_remove(item=item, actor=self.rita, version=7)
        removed = gold.gold_remove(item=item, actor=self.rita, version=1, comment="wrong span")
        assert removed.removed_at is not None
        assert gold.gold_layer(campaign=self.campaign, article=self.article) == []
        restored = gold.gold_restore(item=removed, actor=self.eddie, version=2)
        assert (restored.removed_at, restored.version) == (None, 3)
        assert [e.action for e in gold.gold_history(item=item)] == ["created", "removed", "restored"]

    def test_replace_the_span_or_label_and_duplicates_are_refused(self) -> None:
        item, _ = gold.gold_from_annotation(annotation=self.annies, actor=self.rita)
        start = BODY.index("the bridge was hit twice")
        wider = gold.gold_replace(
            item=item, actor=self.rita, version=1, start=start, end=start + 24, text="the bridge was hit twice"
        )
        assert (wider.text, wider.suffix[:10]) == ("the bridge was hit twice", " overnight")
        with pytest.raises(ValidationError):
            gold.gold_replace(item=wider, actor=self.rita, version=2, start=0, end=5, text="wrong")
        other, _ = gold.gold_from_annotation(annotation=self.berts, actor=self.rita)  # the old span, again
        with pytest.raises(ValidationError, match="already holds"):
            gold.gold_replace(item=other, actor=self.rita, version=1, start=start, end=start + 24)
        again, created = gold.gold_create(
            campaign=self.campaign,
            article=self.article,
            actor=self.rita,
            start=start,
            end=start + 24,
            tag_type=self.annies.tag_type,
        )
        assert (again, created) == (wider, False)

    def test_who_may_adjudicate_and_with_what(self) -> None:
        with pytest.raises(PermissionDenied):
            gold.gold_from_annotation(annotation=self.annies, actor=self.bert)
        ritas = annotation_on(self.article, "Officials", annotator=self.rita, campaign=self.campaign)
        with pytest.raises(PermissionDenied, match="own tags"):
            gold.gold_from_annotation(annotation=ritas, actor=self.rita)
        outside = ArticleFactory()
        with pytest.raises(ValidationError, match="not part of the campaign"):
            gold.gold_create(
                campaign=self.campaign, article=outside, actor=self.rita, start=0, end=5, tag_type=tag_type("claim")
            )
        assert not GoldAnnotation.objects.exists()


class AdjudicationLeavesAgreementTests(TestCase):
    """'Use X's' used to move the tag into gold: Claim alpha fell and "All agree" became "Missing: …"."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie, cls.bert, cls.rita = annotator(), second_annotator(), reviewer()
        cls.articles = [ArticleFactory(body=BODY), ArticleFactory(body=BODY + "\nA third line of text.")]
        cls.campaign = CampaignFactory(articles=cls.articles, annotators=[cls.annie, cls.bert], overlap=2)
        for article in cls.articles:
            for user in (cls.annie, cls.bert):
                Assignment.objects.create(campaign=cls.campaign, article=article, annotator=user)
        first, second = cls.articles
        cls.agreed = [
            annotation_on(first, "the bridge was hit", annotator=user, campaign=cls.campaign)
            for user in (cls.annie, cls.bert)
        ]
        annotation_on(first, "the town would rebuild it", annotator=cls.annie, campaign=cls.campaign)
        annotation_on(second, "Officials said", annotator=cls.bert, campaign=cls.campaign, kind="attribution")
        annotation_on(second, "the bridge", annotator=cls.annie, campaign=cls.campaign)

    def figures(self) -> tuple[object, ...]:
        return (campaign_agreement(self.campaign), annotator_stats(self.campaign))

    def test_adjudicating_changes_no_agreement_figure_and_no_tag_count(self) -> None:
        before = self.figures()
        assert before[0]["kinds"]["claim"]["alpha"] is not None
        gold.gold_from_annotation(annotation=self.agreed[0], actor=self.rita)
        gold.gold_from_annotation(annotation=self.agreed[1], actor=self.rita)
        gold.gold_create(
            campaign=self.campaign,
            article=self.articles[1],
            actor=self.rita,
            start=0,
            end=9,
            text="Officials",
            tag_type=tag_type("attribution"),
        )
        assert self.figures() == before

    def test_the_adjudication_page_still_says_all_agree(self) -> None:
        from django.urls import reverse

        url = reverse("annotations:campaign_adjudicate", args=[self.campaign.pk, self.articles[0].pk])
        self.client.force_login(self.rita)
        self.assertContains(self.client.get(url), "All agree")
        self.client.post(url, {"use": self.agreed[0].pk})
        page = self.client.get(url)
        self.assertContains(page, "All agree")
        self.assertNotContains(page, "Missing: annie")
        self.assertContains(page, "In gold")
        self.assertNotContains(page, f'id="take-{self.agreed[0].pk}"')  # annie's version is the one in gold
