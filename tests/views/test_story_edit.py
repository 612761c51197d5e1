"""Story create and edit, adding articles, and 'possibly the same story' suggestions."""

from datetime import UTC, datetime

from django.test import TestCase
from django.urls import reverse

from newsdesk.models import Article, Story, StorySuggestionRejection
from tests.factories import ArticleFactory, StoryFactory, annotator, reviewer


class StoryEditTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.rita = reviewer()
        cls.story = StoryFactory(title="Vell dam strike", slug="vell")

        t = datetime(2023, 3, 14, tzinfo=UTC)
        ArticleFactory(
            title="Strike on Vell river dam floods villages",
            body="A missile strike damaged the Vell river dam, flooding villages downstream.",
            story=cls.story,
            published_at=t,
        )
        cls.candidate = ArticleFactory(
            title="Vell river dam strike floods villages downstream",
            body="The Vell river dam was damaged by a missile strike, and villages downstream were flooded.",
            published_at=t,
        )
        cls.unrelated = ArticleFactory(
            title="Grain ships leave Northport", body="Grain exports resumed on Monday.", published_at=t
        )

    def test_reviewers_only(self) -> None:
        self.client.force_login(annotator())
        assert self.client.get(reverse("story_create")).status_code == 403
        assert self.client.get(reverse("story_suggestions", args=["vell"])).status_code == 403

    def test_create_and_edit(self) -> None:
        self.client.force_login(self.rita)
        response = self.client.post(
            reverse("story_create"), {"title": "Harbour reopens", "slug": "", "description": ""}
        )
        story = Story.objects.get(title="Harbour reopens")
        self.assertRedirects(response, story.get_absolute_url())
        assert self.client.post(reverse("story_edit", args=[story.slug]), {"title": ""}).status_code == 422

    def test_suggestions_confirm_and_reject(self) -> None:
        self.client.force_login(self.rita)
        page = self.client.get(reverse("story_suggestions", args=["vell"]))
        self.assertContains(page, self.candidate.title)
        self.assertNotContains(page, self.unrelated.title)
        self.client.post(
            reverse("story_suggestions", args=["vell"]), {"article": self.candidate.pk, "decision": "reject"}
        )
        assert StorySuggestionRejection.objects.filter(story=self.story, article=self.candidate).exists()
        self.assertNotContains(
            self.client.get(reverse("story_suggestions", args=["vell"])), f'value="{self.candidate.pk}"'
        )
        self.client.post(reverse("story_add_articles", args=["vell"]), {"article": [self.unrelated.pk]})
        assert Article.objects.get(pk=self.unrelated.pk).story == self.story
