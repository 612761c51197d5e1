"""Corpus model rules: content hash, frozen bodies, normalisation, slugs."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.test import TestCase

from newsdesk.models import Article, ArticleBodyFrozen, Story, body_hash, body_normalise
from tests.factories import ArticleFactory, annotation_on, annotator


class ArticleTests(TestCase):
    def test_content_hash_follows_the_body(self) -> None:
        article = ArticleFactory(body="One.\nTwo.")
        assert article.content_hash == body_hash("One.\nTwo.")

    def test_the_same_text_cannot_be_stored_twice(self) -> None:
        ArticleFactory(body="Same text.")
        with pytest.raises(IntegrityError):
            ArticleFactory(body="Same text.")

    def test_body_can_change_while_there_are_no_annotations(self) -> None:
        article = ArticleFactory(body="Draft text.")
        article.body = "Edited text."
        article.save()
        article.refresh_from_db()
        assert article.body == "Edited text."

    def test_body_is_frozen_once_annotated(self) -> None:
        article = ArticleFactory(body="Officials said the bridge was hit.")
        annotation_on(article, "the bridge was hit", annotator=annotator())
        article = Article.objects.get(pk=article.pk)
        article.body = "Officials said the bridge was destroyed."
        with pytest.raises(ArticleBodyFrozen, match="cannot change"):
            article.save()
        with pytest.raises(ValidationError, match="cannot change"):
            article.full_clean()
        article.refresh_from_db()
        assert article.body == "Officials said the bridge was hit."

    def test_other_fields_stay_editable_when_annotated(self) -> None:
        article = ArticleFactory(body="Talks resumed.")
        annotation_on(article, "Talks", annotator=annotator())
        article = Article.objects.get(pk=article.pk)
        article.title = "New title"
        article.save()
        assert Article.objects.get(pk=article.pk).title == "New title"

    def test_paragraphs_have_offsets_into_the_body(self) -> None:
        article = ArticleFactory(body="First.\nSecond one.")
        assert article.paragraphs == [(0, 6, "First."), (7, 18, "Second one.")]
        for start, end, text in article.paragraphs:
            assert article.body[start:end] == text


def test_body_normalise_uses_nfc_single_newlines_and_no_blank_lines() -> None:
    assert body_normalise("Cafe\u0301  au\r\n\r\n  lait\n\n") == "Café au\nlait"


@pytest.mark.django_db
def test_story_slug_is_made_from_the_title() -> None:
    story = Story.objects.create(title="Strike on the Vell dam")
    assert story.slug == "strike-on-the-vell-dam"
