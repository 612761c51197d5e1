"""Comparison, outlet profiles and story editing views."""

import csv
import io
import json

from django.test import TestCase
from django.urls import reverse

from annotations.models import Annotation
from newsdesk.extraction import extract
from newsdesk.models import Article, Outlet, Story, StorySuggestionRejection
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    OutletFactory,
    SpeakerFactory,
    StoryFactory,
    annotation_on,
    annotator,
    quote_in,
    reader,
    reviewer,
)

NORTH = "NATO chief Erik Lund said on Monday that Russia was preparing an offensive. “They are preparing a new offensive,” Lund said. Kyiv needs more air defence."
EAST = "The head of the US-led bloc claimed that “they are preparing a new offensive” and called for arms for Kiev.\nRead more: Other news"


class CompareTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = reader()
        cls.story = StoryFactory(title="Lund warns of offensive", slug="lund")
        cls.north = OutletFactory(name="Northwind Wire", slug="northwind-wire")
        cls.east = OutletFactory(name="Eastern Courier", slug="eastern-courier")
        lund = SpeakerFactory(name="Erik Lund", affiliation="NATO")
        cls.a = ArticleFactory(title="Lund: offensive coming", body=NORTH, story=cls.story)
        cls.b = ArticleFactory(title="Bloc chief claims offensive", body=EAST, story=cls.story)
        for article, outlet in ((cls.a, cls.north), (cls.b, cls.east)):
            article.extraction = extract(article.body).to_storage()
            article.save()
            ArticleCreditFactory(article=article, outlet=outlet)
        quote_in(
            cls.a,
            "They are preparing a new offensive,",
            speaker=lund,
            speaker_text="Lund",
            cue_verb="said",
            stance="neutral",
        )
        quote_in(
            cls.b,
            "they are preparing a new offensive",
            speaker=lund,
            speaker_text="The head of the US-led bloc",
            cue_verb="claimed",
            stance="distancing",
            kind="partial",
        )
        annotation_on(cls.b, "Kiev", annotator=annotator(), kind="framing", status=Annotation.Status.ACCEPTED)
        cls.url = reverse("story_compare", args=["lund"])

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def test_anonymous_is_sent_to_login(self) -> None:
        self.client.logout()
        for name in ("story_compare", "story_compare_json", "story_compare_csv"):
            assert self.client.get(reverse(name, args=["lund"])).status_code == 302

    def test_page_aligns_the_quote_with_each_outlets_cue_and_naming(self) -> None:
        with self.assertNumQueries(10):
            response = self.client.get(self.url)
        self.assertContains(response, "<html")
        body = response.content.decode()
        assert "Northwind Wire" in body
        assert "Eastern Courier" in body
        assert "claimed" in body
        assert "distancing" in body
        assert "The head of the US-led bloc" in body
        assert "Kiev" in body
        assert "Kyiv" in body
        assert "Read more: Other news" in body
        assert '<svg class="chart"' in body

    def test_htmx_toggle_returns_only_the_comparison(self) -> None:
        response = self.client.get(
            self.url, {"toggles": "1", "show": "quotes", "a": [self.a.pk, self.b.pk]}, headers={"HX-Request": "true"}
        )
        body = response.content.decode()
        assert 'id="comparison"' in body
        assert "<html" not in body
        assert "Read more: Other news" not in body  # boilerplate toggled off

    def test_json_shape(self) -> None:
        data = json.loads(self.client.get(reverse("story_compare_json", args=["lund"])).content)
        assert set(data) >= {"story", "articles", "quote_groups", "speaker_balance", "framing_terms", "tag_counts"}
        shared = [g for g in data["quote_groups"] if g["shared"]]
        assert len(shared) == 1
        members = {m["outlet"]: m for m in shared[0]["members"]}
        assert members["Northwind Wire"]["cue"] == "said"
        assert members["Eastern Courier"]["stance"] == "distancing"
        assert members["Eastern Courier"]["speaker_as_named"] == "The head of the US-led bloc"
        assert data["tag_counts"][str(self.b.pk)] == {"framing · Loaded term": 1}

    def test_csv(self) -> None:
        response = self.client.get(reverse("story_compare_csv", args=["lund"]))
        text = b"".join(response.streaming_content).decode()
        assert text.splitlines()[0].startswith("group,shared,article,outlet")
        assert "Eastern Courier" in text

    def test_csv_defuses_what_a_spreadsheet_would_run(self) -> None:
        Outlet.objects.filter(pk=self.east.pk).update(name="=cmd|' /C calc'!A0")
        response = self.client.get(reverse("story_compare_csv", args=["lund"]))
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        outlets = {row[3] for row in rows[1:]}
        assert "'=cmd|' /C calc'!A0" in outlets
        assert not any(cell.startswith("=") for row in rows for cell in row)

    def test_unknown_story_is_404(self) -> None:
        assert self.client.get(reverse("story_compare", args=["nope"])).status_code == 404


class OutletTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = reader()
        story = StoryFactory(slug="s")
        cls.north = OutletFactory(name="Northwind Wire", slug="northwind-wire")
        cls.east = OutletFactory(name="Eastern Courier", slug="eastern-courier")
        for outlet, verb, stance in ((cls.north, "said", "neutral"), (cls.east, "claimed", "distancing")):
            article = ArticleFactory(story=story)
            ArticleCreditFactory(article=article, outlet=outlet)
            quote_in(
                article,
                "We are ready to continue,",
                speaker=SpeakerFactory(name="The minister"),
                cue_verb=verb,
                stance=stance,
            )

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def test_profile(self) -> None:
        with self.assertNumQueries(14):  # 13, and the outlet's aliases
            response = self.client.get(reverse("outlet_detail", args=["eastern-courier"]))
        self.assertContains(response, "distancing")
        self.assertContains(response, "The minister")
        assert self.client.get(reverse("outlet_detail", args=["nope"])).status_code == 404

    def test_outlet_vs_outlet(self) -> None:
        response = self.client.get(reverse("outlet_compare", args=["northwind-wire", "eastern-courier"]))
        self.assertContains(response, "Stories both covered (1)")
        self.assertContains(response, "distancing")


class StoryEditTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.rita = reviewer()
        cls.story = StoryFactory(title="Vell dam strike", slug="vell")
        from datetime import UTC, datetime

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
