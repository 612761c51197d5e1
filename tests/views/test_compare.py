"""The story comparison: page, compare.json and compare.csv; cached per change, never stale."""

import csv
import io
import json
from typing import Any

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Annotation
from newsdesk.comparison.story import MAX_COLUMNS
from newsdesk.extraction import extract
from newsdesk.models import Article, Outlet, Quote, Speaker
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    OutletFactory,
    SpeakerAliasFactory,
    SpeakerFactory,
    StoryFactory,
    annotation_on,
    annotator,
    quote_in,
    reader,
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
        cache.clear()
        self.client.force_login(self.user)

    def test_anonymous_is_sent_to_login(self) -> None:
        self.client.logout()
        for name in ("story_compare", "story_compare_json", "story_compare_csv"):
            assert self.client.get(reverse(name, args=["lund"])).status_code == 302

    def test_page_aligns_the_quote_with_each_outlets_cue_and_naming(self) -> None:
        # session, user, story, roles, blind check, articles, credits, quotes, aliases, chains, tag counts;
        # a cache miss reads the articles' text and extraction once more.
        with self.assertNumQueries(12):
            response = self.client.get(self.url)
        assert response.context["c"].cached is False
        with self.assertNumQueries(11):
            again = self.client.get(self.url)
        assert again.context["c"].cached is None, "the rendered comparison came from the cache, nothing derived"
        hx = {"HX-Request": "true"}
        cache.clear()
        fresh = self.client.get(self.url, headers=hx).content
        assert self.client.get(self.url, headers=hx).content == fresh, "a cache hit renders what a miss renders"
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
        text = response.content.decode()
        assert text.splitlines()[0].startswith("group,shared,article,outlet")
        assert "Eastern Courier" in text
        assert response["Content-Disposition"] == 'attachment; filename="lund-quotes.csv"'

    def csv_rows(self, table: str) -> list[dict[str, str]]:
        response = self.client.get(reverse("story_compare_csv", args=["lund"]), {"table": table})
        assert response.status_code == 200
        return list(csv.DictReader(io.StringIO(response.content.decode())))

    def test_csv_of_speaker_balance_and_of_figures(self) -> None:
        speakers = self.csv_rows("speakers")
        assert {(r["speaker"], r["outlet"], r["words"], r["share"]) for r in speakers} == {
            ("Erik Lund", "Northwind Wire", "6", "1.0000"),
            ("Erik Lund", "Eastern Courier", "6", "1.0000"),
        }
        assert "The head of the US-led bloc" in speakers[0]["named_as"]
        assert self.csv_rows("figures") == []  # no counted figures in this story
        Article.objects.filter(pk=self.a.pk).update(
            extraction=extract("At least 12 people were killed, the governor said.").to_storage()
        )
        figures = self.csv_rows("figures")
        assert [(r["category"], r["outlet"], r["value"], r["qualifier"]) for r in figures] == [
            ("killed", "Northwind Wire", "12.0", "at least")
        ]

    def test_csv_of_an_unknown_table_is_a_clear_400(self) -> None:
        response = self.client.get(reverse("story_compare_csv", args=["lund"]), {"table": "<script>"})
        assert response.status_code == 400
        assert b"<script>" not in response.content
        assert b"quotes, figures, speakers" in response.content

    def test_csv_defuses_what_a_spreadsheet_would_run(self) -> None:
        Outlet.objects.filter(pk=self.east.pk).update(name="=cmd|' /C calc'!A0")
        response = self.client.get(reverse("story_compare_csv", args=["lund"]))
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        outlets = {row[3] for row in rows[1:]}
        assert "'=cmd|' /C calc'!A0" in outlets
        assert not any(cell.startswith("=") for row in rows for cell in row)

    def test_unknown_story_is_404(self) -> None:
        assert self.client.get(reverse("story_compare", args=["nope"])).status_code == 404


class CompareFreshnessTests(TestCase):
    """What is cached is keyed by what it is computed from: any change shows on the next request."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = reader()
        cls.story = StoryFactory(slug="lund")
        cls.lund = SpeakerFactory(name="Erik Lund", affiliation="NATO")
        cls.a = ArticleFactory(body=NORTH, story=cls.story)
        cls.b = ArticleFactory(body=EAST, story=cls.story)
        for article, name in ((cls.a, "Northwind Wire"), (cls.b, "Eastern Courier")):
            article.extraction = extract(article.body).to_storage()
            article.save()
            ArticleCreditFactory(article=article, outlet=OutletFactory(name=name))
        cls.qa = quote_in(cls.a, "They are preparing a new offensive,", speaker=cls.lund, cue_verb="said")
        quote_in(cls.b, "they are preparing a new offensive", speaker=cls.lund, cue_verb="claimed", kind="partial")
        cls.url = reverse("story_compare_json", args=["lund"])

    def setUp(self) -> None:
        cache.clear()
        self.client.force_login(self.user)

    def get(self) -> dict[str, Any]:
        response = self.client.get(self.url)
        assert response.status_code == 200
        return json.loads(response.content)

    def test_a_second_request_is_served_from_the_cache(self) -> None:
        first = self.get()
        with CaptureQueriesContext(connection) as queries:
            assert self.get() == first
        assert not any('"extraction"' in q["sql"] and '"body"' in q["sql"] for q in queries.captured_queries)

    def test_an_edited_quote_shows_at_once(self) -> None:
        self.get()
        Quote.objects.filter(pk=self.qa.pk).update(text="They are preparing a spring offensive,")
        texts = {m["text"] for g in self.get()["quote_groups"] for m in g["members"]}
        assert "They are preparing a spring offensive," in texts

    def test_a_reextracted_article_shows_at_once(self) -> None:
        """`reextract` rewrites the extraction in place: same id, same text, new figures."""
        assert self.get()["figures"] == []
        Article.objects.filter(pk=self.b.pk).update(
            extraction=extract(EAST + "\nAt least 12 people were killed.").to_storage()
        )
        assert [f["category"] for f in self.get()["figures"]] == ["killed"]

    def test_a_renamed_speaker_and_a_new_alias_show_at_once(self) -> None:
        self.get()
        Speaker.objects.filter(pk=self.lund.pk).update(name="Erik M. Lund")
        assert [s["speaker"] for s in self.get()["speakers"]] == ["Erik M. Lund"]
        other = SpeakerFactory(name="Erik Lundqvist")
        Quote.objects.filter(article=self.b).update(speaker=other)
        assert sorted(s["speaker"] for s in self.get()["speakers"]) == ["Erik Lundqvist", "Erik M. Lund"]
        SpeakerAliasFactory(speaker=self.lund, alias="Erik Lundqvist", kind="name")  # the same man, it turns out
        speakers = self.get()["speakers"]
        assert [s["speaker"] for s in speakers] == ["Erik M. Lund"]  # the fuller name stands for both
        assert "Erik Lundqvist" in speakers[0]["named_as"]

    def test_an_article_added_to_the_story_shows_at_once(self) -> None:
        assert len(self.get()["articles"]) == 2
        third = ArticleFactory(body="“They are preparing a new offensive,” Lund said.", story=self.story)
        quote_in(third, "They are preparing a new offensive,", speaker=self.lund)
        data = self.get()
        assert len(data["articles"]) == 3
        assert len(next(g for g in data["quote_groups"] if g["shared"])["members"]) == 3

    def test_tag_counts_follow_every_tag_in_one_aggregate_query(self) -> None:
        assert self.get()["tag_counts"][str(self.b.pk)] == {}
        annotation_on(self.b, "Kiev", annotator=annotator(), kind="framing", status=Annotation.Status.ACCEPTED)
        with CaptureQueriesContext(connection) as queries:
            data = self.get()
        assert data["tag_counts"][str(self.b.pk)] == {"framing · Loaded term": 1}
        tag_queries = [q["sql"] for q in queries.captured_queries if "annotations_annotation" in q["sql"]]
        assert len(tag_queries) == 1
        assert "COUNT(" in tag_queries[0]
        assert "GROUP BY" in tag_queries[0]


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "compare_cache"}}
)
class CompareOnTheDatabaseCacheTests(CompareFreshnessTests):
    """The same with Django's database cache, which workers share (no per-process memory semantics)."""

    @classmethod
    def setUpTestData(cls) -> None:
        call_command("createcachetable", verbosity=0)
        super().setUpTestData()


class CompareManyColumnsTests(TestCase):
    def test_twenty_articles_side_by_side(self) -> None:
        story = StoryFactory(slug="wide")
        for n in range(MAX_COLUMNS + 2):
            ArticleCreditFactory(article=ArticleFactory(story=story), outlet=OutletFactory(name=f"Outlet {n:02}"))
        self.client.force_login(reader())
        data = self.client.get(reverse("story_compare_json", args=["wide"])).json()
        assert len(data["articles"]) == MAX_COLUMNS == 20
        response = self.client.get(reverse("story_compare", args=["wide"]))
        assert response.content.decode().count('class="compare-head"') == 20


# The same event in three invented outlets: one quote with other boundaries, one speaker under three names.

HALLETT_A = (
    "Rep. Owen Hallett (R-Ore.) said the dam deal was reckless. “We will not sign a deal that leaves the valley "
    "without water, and we will not be rushed into it by anyone,” Hallett said on Tuesday.\n"
    "“The bridge will reopen to traffic before the winter, but not before the inspectors have finished their "
    "work,” he added."
)
HALLETT_B = (
    "Mr. Hallett said his office would “not be rushed into it by anyone.”\n"
    "“The bridge will reopen to traffic before the winter,” Mr. Hallett said, “but not before the inspectors "
    "have finished their work.”"
)
HALLETT_C = (
    "“We will not sign a deal that leaves the valley without water … we will not be rushed,” the congressman said."
)


class RealCoverageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = reader()
        story = StoryFactory(slug="valley", title="Valley dam deal")
        owen = SpeakerFactory(name="Owen Hallett", title="Representative for Oregon", affiliation="Republican Party")
        short = SpeakerFactory(name="Hallett")  # how an article that only says "Mr. Hallett" stores him
        articles = []
        for body, name in ((HALLETT_A, "Northwind Wire"), (HALLETT_B, "Eastern Courier"), (HALLETT_C, "Baltic Ledger")):
            article = ArticleFactory(body=body, story=story)
            ArticleCreditFactory(article=article, outlet=OutletFactory(name=name))
            articles.append(article)
        a, b, c = articles
        quote_in(
            a,
            "We will not sign a deal that leaves the valley without water, and we will not be rushed into it by anyone,",
            speaker=owen,
            speaker_text="Hallett",
        )
        quote_in(
            a,
            "The bridge will reopen to traffic before the winter, but not before the inspectors have finished their work,",
            speaker=owen,
            speaker_text="he",
        )
        quote_in(b, "not be rushed into it by anyone.", speaker=short, speaker_text="Mr. Hallett", kind="partial")
        quote_in(b, "The bridge will reopen to traffic before the winter,", speaker=short, speaker_text="Mr. Hallett")
        quote_in(b, "but not before the inspectors have finished their work.", speaker_text="Mr. Hallett")
        quote_in(
            c,
            "We will not sign a deal that leaves the valley without water … we will not be rushed,",
            speaker_text="the congressman",
        )
        cls.a, cls.b, cls.c = a, b, c

    def setUp(self) -> None:
        cache.clear()
        self.client.force_login(self.user)

    def test_the_same_quote_is_aligned_across_fragment_ellipsis_and_split(self) -> None:
        data = self.client.get(reverse("story_compare_json", args=["valley"])).json()
        shared = [g for g in data["quote_groups"] if g["shared"]]
        by_outlet = [sorted((m["outlet"], m["text"][:24]) for m in g["members"]) for g in shared]
        assert by_outlet == [
            [
                ("Baltic Ledger", "We will not sign a deal "),
                ("Eastern Courier", "not be rushed into it by"),
                ("Northwind Wire", "We will not sign a deal "),
            ],
            [
                ("Eastern Courier", "The bridge will reopen t"),
                ("Eastern Courier", "but not before the inspe"),
                ("Northwind Wire", "The bridge will reopen t"),
            ],
        ]
        assert not [g for g in data["quote_groups"] if not g["shared"]], "every quote found its counterpart"

    def test_one_speaker_in_the_balance_however_each_outlet_names_him(self) -> None:
        data = self.client.get(reverse("story_compare_json", args=["valley"])).json()
        assert [s["speaker"] for s in data["speakers"]] == ["Owen Hallett"]
        assert {"Hallett", "Mr. Hallett", "the congressman", "he"} <= set(data["speakers"][0]["named_as"])
        assert data["speakers"][0]["affiliation"] == "Republican Party"
        for article in (self.a, self.b, self.c):
            assert list(data["speaker_balance"][str(article.pk)]) == ["Owen Hallett"]
        assert data["speaker_balance"][str(self.c.pk)]["Owen Hallett"]["share"] == 1.0
        page = self.client.get(reverse("story_compare", args=["valley"]))
        self.assertContains(page, "Northwind Wire: quoted words per speaker")
        self.assertContains(page, "Baltic Ledger: quoted words per speaker")
