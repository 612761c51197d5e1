"""Word search (newsdesk.search) on SQLite (FTS5) and PostgreSQL: words, ranking, snippets, the list and the API."""

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.urls import reverse

from annotations.models import Assignment
from newsdesk.models import Article
from newsdesk.search import articles_search, fts_query, marked, search_snippets, sqlite_fts_ensure
from tests.factories import ArticleCreditFactory, ArticleFactory, CampaignFactory, OutletFactory, annotator, reader

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)> checkpoint "quoted" & <b>shelling</b>'


def search(query: str) -> list[str]:
    return [a.title for a in articles_search(Article.objects.all(), query)]


class WordSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.title_hit = ArticleFactory(
            title="Checkpoint near Vell comes under shelling",
            body="Residents sheltered in basements overnight.",
            published_at=datetime(2023, 3, 1, tzinfo=UTC),
        )
        cls.body_hit = ArticleFactory(
            title="Night in the river towns",
            body="The checkpoint on the bridge road was shelled twice, a soldier said.",
            published_at=datetime(2023, 3, 2, tzinfo=UTC),
        )
        cls.other = ArticleFactory(title="Grain ships leave Northport", body="Talks on the corridor went on.")
        cls.hostile = ArticleFactory(title="Hostile body", body=HOSTILE)

    def test_two_words_in_a_title_are_found_although_not_side_by_side(self) -> None:
        # The case: "checkpoint shelling" found nothing on SQLite (a substring match).
        assert "Checkpoint near Vell comes under shelling" in search("checkpoint shelling")

    def test_words_are_stemmed_and_title_matches_rank_first(self) -> None:
        found = search("checkpoint shelling")
        assert found[0] == "Checkpoint near Vell comes under shelling"
        assert "Night in the river towns" in found  # "shelled"
        assert "Grain ships leave Northport" not in found

    def test_phrases_exclusions_and_alternatives(self) -> None:
        assert search('"bridge road"') == ["Night in the river towns"]
        assert search('"road bridge"') == []
        assert "Night in the river towns" not in search("checkpoint -bridge")
        assert set(search("grain or basements")) == {
            "Grain ships leave Northport",
            "Checkpoint near Vell comes under shelling",
        }

    def test_search_syntax_in_the_query_is_read_as_words(self) -> None:
        for query in [
            "NEAR(checkpoint shelling)",
            "title:checkpoint",
            "checkpoint*",
            '"unclosed',
            "^checkpoint",
            "AND OR NOT",
            "(((",
            "'",
        ]:
            list(articles_search(Article.objects.all(), query))  # no syntax error reaches the user

    def test_snippets_mark_the_words_and_escape_the_stored_text(self) -> None:
        snippets = search_snippets("checkpoint shelling", [self.title_hit.pk, self.body_hit.pk, self.hostile.pk])
        assert (
            snippets[self.title_hit.pk].title == "<mark>Checkpoint</mark> near Vell comes under <mark>shelling</mark>"
        )
        assert "<mark>checkpoint</mark>" in snippets[self.body_hit.pk].body
        hostile = snippets[self.hostile.pk].body
        assert "<mark>checkpoint</mark>" in hostile
        assert "<mark>shelling</mark>" in hostile
        # Only our marks are markup: the stored tags are escaped (SQLite) or left out (ts_headline drops them).
        assert "<" not in hostile.replace("<mark>", "").replace("</mark>", "")
        if not settings.IS_POSTGRES:
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile

    def test_a_mark_token_in_stored_text_cannot_make_markup(self) -> None:
        assert marked("a <mark> b", "S1", "E1") == "a &lt;mark&gt; b"
        assert marked("S1word E1 <i>", "S1", "E1") == "<mark>word </mark> &lt;i&gt;"

    def test_the_index_follows_edits_and_deletions(self) -> None:
        Article.objects.filter(pk=self.other.pk).update(title="Grain ships shelled off Northport")
        assert "Grain ships shelled off Northport" in search("shelling")
        Article.objects.filter(pk=self.other.pk).delete()
        assert "Grain ships shelled off Northport" not in search("shelling")


@pytest.mark.skipif(settings.IS_POSTGRES, reason="the FTS5 index is SQLite's")
class SqliteIndexTests(TestCase):
    def test_lost_triggers_are_put_back_and_the_index_rebuilt(self) -> None:
        # SQLite rebuilds a table to alter it, which drops its triggers; migrate puts them back.
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER newsdesk_article_fts_insert")
        ArticleFactory(title="Ferry resumes after the shelling", body="The ferry sailed again.")
        assert search("ferry") == []
        assert sqlite_fts_ensure() is True
        assert search("ferry") == ["Ferry resumes after the shelling"]
        assert sqlite_fts_ensure() is False  # nothing to do the second time
        ArticleFactory(title="Second ferry", body="Another one.")
        assert set(search("ferry")) == {"Ferry resumes after the shelling", "Second ferry"}


def test_fts_queries_quote_every_word() -> None:
    assert fts_query("checkpoint shelling").match == '"checkpoint" AND "shelling"'
    assert fts_query('"bridge road" -night').match == '"bridge road"'
    assert fts_query('"bridge road" -night').exclude == '"night"'
    assert fts_query("grain or basements").match == '("grain" OR "basements")'
    assert fts_query('NEAR(a b) title:x "c').match == '"NEAR a" AND "b" AND "title x" AND "c"'
    assert fts_query("-only").match == ""


class ArticleListSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = reader()
        outlet = OutletFactory(name="Northwind Wire", slug="northwind-wire")
        for i in range(30):
            article = ArticleFactory(title=f"Shelling report {i}", body=f"A checkpoint was hit, report {i}.")
            ArticleCreditFactory(article=article, outlet=outlet)
        cls.hidden = ArticleFactory(title="Checkpoint shelling in a blind campaign", body="Hidden checkpoint.")
        blind = CampaignFactory(is_blind=True, articles=[cls.hidden], annotators=[cls.user])
        Assignment.objects.create(campaign=blind, article=cls.hidden, annotator=cls.user)

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def test_the_list_shows_ranked_matches_with_snippets_in_bounded_queries(self) -> None:
        with self.assertNumQueries(11):  # session, user, roles, blind ×2, count, page, credits, snippets, menus ×2
            response = self.client.get(reverse("article_list"), {"q": "checkpoint shelling"})
        self.assertContains(response, "30 articles matching")
        self.assertContains(response, '<p class="snippet">A <mark>checkpoint</mark> was hit', count=25)
        self.assertNotContains(response, "blind campaign")  # hidden from the list, as before

    def test_the_partial_carries_the_snippets(self) -> None:
        response = self.client.get(reverse("article_list"), {"q": "checkpoint"}, headers={"HX-Request": "true"})
        body = response.content.decode()
        assert "<html" not in body
        assert 'id="article-results"' in body
        assert "<mark>checkpoint</mark>" in body

    def test_the_api_searches_words_the_same_way(self) -> None:
        self.client.force_login(annotator("api-reader"))
        response = self.client.get("/api/articles/", {"q": "checkpoint shelling", "limit": 100})
        assert response.status_code == 200
        titles = [item["title"] for item in response.json()["items"]]
        assert len(titles) == 31  # the blind article too: this user is not blind
        assert response.json()["count"] == 31
        assert self.client.get("/api/articles/", {"q": "checkpoint -report"}).json()["count"] == 1
