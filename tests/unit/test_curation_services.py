"""Curation's service functions: merge and undo in the gold layer, decisions on ticked rows, per-article agreement."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from annotations import gold, review
from annotations.agreement import article_agreements
from annotations.models import Annotation, Assignment, GoldAnnotation, ReviewEvent
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


class CurationServiceTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie, cls.bert, cls.rita, cls.eddie = annotator(), second_annotator(), reviewer(), editor()
        cls.article = ArticleFactory(body=BODY)
        cls.campaign = CampaignFactory(articles=[cls.article], annotators=[cls.annie, cls.bert])
        for user in (cls.annie, cls.bert):
            Assignment.objects.create(campaign=cls.campaign, article=cls.article, annotator=user, status="done")
        cls.a = annotation_on(cls.article, "the bridge was hit", annotator=cls.annie, campaign=cls.campaign)
        cls.b = annotation_on(cls.article, "bridge was hit twice", annotator=cls.bert, campaign=cls.campaign)
        cls.far = annotation_on(cls.article, "rebuild it soon", annotator=cls.bert, campaign=cls.campaign)

    def test_merge_is_the_union_of_overlapping_versions_and_leaves_the_tags(self) -> None:
        item, created = gold.gold_merge(sources=[self.b, self.a], actor=self.rita, tag_type=tag_type("framing"))
        assert created
        assert BODY[item.start : item.end] == item.text == "the bridge was hit twice"
        assert item.source is None
        assert set(Annotation.objects.values_list("version", "status")) == {(1, "pending")}

    def test_merge_refuses_own_tags_other_campaigns_and_versions_apart(self) -> None:
        own = annotation_on(self.article, "Officials said", annotator=self.rita, campaign=self.campaign)
        mine = annotation_on(self.article, "Officials", annotator=self.annie, campaign=self.campaign)
        with pytest.raises(PermissionDenied):
            gold.gold_merge(sources=[own, mine], actor=self.rita, tag_type=tag_type("claim"))
        other = CampaignFactory(articles=[self.article])
        elsewhere = annotation_on(self.article, "the bridge", annotator=self.bert, campaign=other)
        with pytest.raises(ValidationError):
            gold.gold_merge(sources=[self.a, elsewhere], actor=self.rita, tag_type=tag_type("claim"))
        with pytest.raises(ValidationError):
            gold.gold_merge(sources=[self.a, self.far], actor=self.rita, tag_type=tag_type("claim"))
        assert not GoldAnnotation.objects.exists()

    def test_undo_walks_back_each_adjudicators_own_choices(self) -> None:
        mine, _ = gold.gold_from_annotation(annotation=self.a, actor=self.rita)
        theirs, _ = gold.gold_from_annotation(annotation=self.b, actor=self.eddie)
        assert gold.gold_undo(campaign=self.campaign, article=self.article, actor=self.rita) == "the new gold item"
        assert list(GoldAnnotation.objects.alive()) == [theirs]  # eddie's choice is his to undo
        assert gold.gold_undo(campaign=self.campaign, article=self.article, actor=self.rita) is None
        mine.refresh_from_db()
        assert mine.removed_at is not None
        with pytest.raises(PermissionDenied):
            gold.gold_undo(campaign=self.campaign, article=self.article, actor=self.annie)

    def test_selected_rows_are_decided_each_on_its_version(self) -> None:
        own = annotation_on(self.article, "Officials", annotator=self.rita, campaign=self.campaign)
        result = review.review_selected(
            selections=[(self.a.pk, 1), (self.b.pk, 2), (own.pk, 1)],
            reviewer=self.rita,
            decision="needs_changes",
            comment="check the span",
        )
        assert ([a.pk for a in result.decided], result.changed, result.own) == ([self.a.pk], [self.b.pk], [own.pk])
        assert ReviewEvent.objects.filter(action="needs_changes").count() == 1
        assert dict(Annotation.objects.values_list("pk", "status"))[self.b.pk] == "pending"

    def test_selection_checks(self) -> None:
        assert review.check_selection(["3:1", "3:2", "4:1"]) == [(3, 2), (4, 1)]
        for bad in ([], ["3"], ["a:1"], ["3:-1"], [f"{i}:1" for i in range(review.SELECTION_MAX + 1)]):
            with pytest.raises(ValidationError):
                review.check_selection(bad)
        with pytest.raises(ValidationError):
            review.review_selected(selections=[(self.a.pk, 1)], reviewer=self.rita, decision="reject")

    def test_article_agreement_is_lowest_where_annotators_differ(self) -> None:
        calm = ArticleFactory(body=BODY + "\nCalm.")
        self.campaign.articles.add(calm)
        for user in (self.annie, self.bert):
            Assignment.objects.create(campaign=self.campaign, article=calm, annotator=user, status="done")
            annotation_on(calm, "the bridge was hit", annotator=user, campaign=self.campaign)
        found = article_agreements(self.campaign)
        assert found[calm.pk] == 1.0
        assert found[self.article.pk] < 1.0
