"""Outlet profiles and one outlet against another."""

import re

from django.test import TestCase
from django.urls import reverse

from annotations.models import Annotation
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
)


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

    def test_profile_counts_the_outlets_accepted_tags(self) -> None:
        article = ArticleFactory()
        ArticleCreditFactory(article=article, outlet=self.east)
        annotation_on(article, "ready", annotator=annotator(), kind="framing", status=Annotation.Status.ACCEPTED)
        annotation_on(article, "minister", annotator=annotator("bert"), kind="framing")  # pending: not counted
        response = self.client.get(reverse("outlet_detail", args=["eastern-courier"]))
        self.assertContains(response, "Eastern Courier: accepted tags by label")
        assert ">1 · 100 %<" in response.content.decode()

    def test_outlet_vs_outlet_charts_share_one_scale_and_carry_the_outlet(self) -> None:
        body = self.client.get(reverse("outlet_compare", args=["northwind-wire", "eastern-courier"])).content.decode()
        assert "Northwind Wire: attribution stance" in body
        assert "Eastern Courier: attribution stance" in body
        # One "distancing" quote in Eastern, none in Northwind: its bar is as long as Northwind's "neutral" one.
        widths = [float(w) for w in re.findall(r'<rect x="8" y="\d+" width="([\d.]+)"', body)]
        assert len(widths) == 4
        assert max(widths) == widths[1] == widths[2]  # Northwind neutral, Eastern distancing
        assert "1 · 100 %" in body


class SharedStoriesTests(TestCase):
    """'Stories both covered' counts stories each outlet published an article in, from either side."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = reader()
        cls.north = OutletFactory(name="Northwind Wire", slug="northwind-wire")
        cls.east = OutletFactory(name="Eastern Courier", slug="eastern-courier")
        both = StoryFactory(slug="both", title="Both published")
        mentioned = StoryFactory(slug="mentioned", title="Only mentioned by the other")
        for outlet in (cls.north, cls.east):
            ArticleCreditFactory(article=ArticleFactory(story=both), outlet=outlet)
        # Northwind published an article that cites Eastern Courier: Eastern did not cover the story.
        cited = ArticleFactory(story=mentioned)
        ArticleCreditFactory(article=cited, outlet=cls.north)
        ArticleCreditFactory(article=cited, outlet=cls.east, role="mentioned")

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def test_a_vs_b_lists_the_same_stories_as_b_vs_a(self) -> None:
        ab = self.client.get(reverse("outlet_compare", args=["northwind-wire", "eastern-courier"]))
        ba = self.client.get(reverse("outlet_compare", args=["eastern-courier", "northwind-wire"]))
        assert [s.slug for s in ab.context["stories"]] == [s.slug for s in ba.context["stories"]] == ["both"]
        self.assertContains(ab, "Stories both covered (1)")
        self.assertContains(ba, "Stories both covered (1)")
