"""The export form picks outlets and stories from lists (by slug underneath), and a link can pick them in advance."""

import json

from django.test import TestCase
from django.urls import reverse

from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    OutletFactory,
    StoryFactory,
    annotation_on,
    annotator,
    reviewer,
)


def export_corpus() -> None:
    """Two stories of one outlet, one tag in each (on "dam" and on "talks")."""
    north = OutletFactory(name="Northwind Wire", slug="northwind-wire")
    annie = annotator()
    for story, text in (
        (("Vell dam strike", "vell-dam"), "The dam broke."),
        (("Ceasefire talks", "talks"), "The talks began."),
    ):
        article = ArticleFactory(story=StoryFactory(title=story[0], slug=story[1]), body=text)
        ArticleCreditFactory(article=article, outlet=north)
        annotation_on(article, text.split()[1], annotator=annie)


class ExportFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.rita = reviewer()
        export_corpus()
        OutletFactory(name="Baltic <Ledger>", slug="baltic-ledger")

    def setUp(self) -> None:
        self.client.force_login(self.rita)

    def test_outlets_and_stories_are_offered_by_name(self) -> None:
        with self.assertNumQueries(7):  # session, user, roles, campaigns, outlets, stories, tag count
            response = self.client.get(reverse("annotations:annotation_export"))
        self.assertContains(response, '<option value="vell-dam">Vell dam strike</option>', html=True)
        self.assertContains(response, '<option value="northwind-wire">Northwind Wire</option>', html=True)
        self.assertContains(response, "Baltic &lt;Ledger&gt;")
        self.assertNotContains(response, 'type="text" name="story"')

    def test_a_link_picks_the_story_in_advance(self) -> None:
        response = self.client.get(reverse("annotations:annotation_export"), {"story": "vell-dam"})
        self.assertContains(response, '<option value="vell-dam" selected>Vell dam strike</option>', html=True)
        story_page = self.client.get(reverse("story_detail", args=["vell-dam"]))
        self.assertContains(story_page, reverse("annotations:annotation_export") + "?story=vell-dam")

    def test_the_picked_story_narrows_the_export(self) -> None:
        response = self.client.post(
            reverse("annotations:annotation_export"),
            {"format": "jsonl", "story": "vell-dam", "outlet": "northwind-wire"},
        )
        rows = [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]
        assert [row["exact"] for row in rows] == ["dam"]

    def test_an_unknown_story_is_a_422_with_the_form(self) -> None:
        response = self.client.post(reverse("annotations:annotation_export"), {"format": "jsonl", "story": "nope"})
        assert response.status_code == 422
        self.assertContains(response, "Select a valid choice", status_code=422)
