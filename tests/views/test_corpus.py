"""Reading views: dashboard, article list (search, filters, pagination, htmx partial), reading view."""

from django.test import TestCase
from django.urls import reverse

from annotations.models import Assignment
from newsdesk.models import ArticleCredit
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    CampaignFactory,
    OutletFactory,
    SpeakerFactory,
    StoryFactory,
    annotation_on,
    annotator,
    quote_in,
    reader,
)


class DashboardTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = annotator()
        cls.story = StoryFactory(title="Talks in Vell")
        cls.article = ArticleFactory(title="Talks resume", story=cls.story)
        campaign = CampaignFactory(name="Winter campaign")
        Assignment.objects.create(campaign=campaign, article=cls.article, annotator=cls.user)

    def test_anonymous_is_sent_to_login(self) -> None:
        response = self.client.get(reverse("dashboard"))
        self.assertRedirects(response, f"{reverse('login')}?next=/")

    def test_dashboard_lists_my_assignments_stories_and_figures(self) -> None:
        self.client.force_login(self.user)
        with self.assertNumQueries(14):
            response = self.client.get(reverse("dashboard"))
        self.assertContains(response, "My assignments")
        self.assertContains(response, "Talks resume")
        self.assertContains(response, "Winter campaign")
        self.assertContains(response, "Talks in Vell")
        assert "<html" in response.content.decode()


class ArticleListTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = reader()
        cls.north = OutletFactory(name="Northwind Wire", slug="northwind-wire")
        cls.baltic = OutletFactory(name="Baltic Ledger", slug="baltic-ledger")
        cls.story = StoryFactory(title="Dam strike", slug="dam-strike")
        cls.dam = ArticleFactory(
            title="Dam breached near Vell", body="Water rose in Vell after the strike.", story=cls.story
        )
        ArticleCreditFactory(article=cls.dam, outlet=cls.north)
        cls.talks = ArticleFactory(title="Ceasefire talks", body="Negotiators met in Dorin on Monday.")
        ArticleCreditFactory(article=cls.talks, outlet=cls.baltic)
        from datetime import UTC, datetime

        cls.dam.published_at = datetime(2023, 3, 14, tzinfo=UTC)
        cls.dam.save()
        cls.talks.published_at = datetime(2023, 1, 2, tzinfo=UTC)
        cls.talks.save()

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def test_lists_articles_with_outlets(self) -> None:
        response = self.client.get(reverse("article_list"))
        self.assertContains(response, "Dam breached near Vell")
        self.assertContains(response, "Ceasefire talks")
        self.assertContains(response, "Northwind Wire")

    def test_search_over_title_and_body(self) -> None:
        response = self.client.get(reverse("article_list"), {"q": "Dorin"})
        self.assertContains(response, "Ceasefire talks")
        self.assertNotContains(response, "Dam breached")
        response = self.client.get(reverse("article_list"), {"q": "breached"})
        self.assertContains(response, "Dam <mark>breached</mark> near Vell", html=False)
        self.assertNotContains(response, "Ceasefire talks")

    def test_filters_by_outlet_story_and_date(self) -> None:
        assert (
            "Ceasefire" not in self.client.get(reverse("article_list"), {"outlet": "northwind-wire"}).content.decode()
        )
        assert "Ceasefire" not in self.client.get(reverse("article_list"), {"story": "dam-strike"}).content.decode()
        response = self.client.get(reverse("article_list"), {"from": "2023-03-01"})
        self.assertContains(response, "Dam breached")
        self.assertNotContains(response, "Ceasefire talks")
        response = self.client.get(reverse("article_list"), {"to": "2023-02-01", "from": "not-a-date"})
        self.assertContains(response, "Ceasefire talks")
        self.assertNotContains(response, "Dam breached")

    def test_filter_by_tag(self) -> None:
        annotation_on(self.dam, "Water rose", annotator=annotator())
        response = self.client.get(reverse("article_list"), {"tag": "factual-claim"})
        self.assertContains(response, "Dam breached")
        self.assertNotContains(response, "Ceasefire talks")

    def test_htmx_request_gets_only_the_results(self) -> None:
        response = self.client.get(reverse("article_list"), {"q": "Dorin"}, headers={"HX-Request": "true"})
        body = response.content.decode()
        assert 'id="article-results"' in body
        assert "<html" not in body
        assert "Ceasefire talks" in body

    def test_pagination_and_bounded_queries(self) -> None:
        for i in range(30):
            article = ArticleFactory(title=f"Bulletin {i}")
            ArticleCreditFactory(article=article, outlet=self.north)
        with self.assertNumQueries(10):
            response = self.client.get(reverse("article_list"))
        self.assertContains(response, "Page 1 of 2")
        response = self.client.get(reverse("article_list"), {"page": "2"})
        self.assertContains(response, "Page 2 of 2")
        response = self.client.get(reverse("article_list"), {"page": "999"})
        assert response.status_code == 200

    def test_anonymous_is_sent_to_login(self) -> None:
        self.client.logout()
        response = self.client.get(reverse("article_list"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


class ArticleDetailTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = reader()
        cls.article = ArticleFactory(
            title="<script>alert(1)</script> headline",
            body="Intro <img src=x onerror=alert(2)> line.\n“We will hold,” the mayor said.\nRead more: Other news",
        )
        ArticleCreditFactory(article=cls.article, outlet=OutletFactory(name="Northwind Wire"))
        ArticleCreditFactory(
            article=cls.article, outlet=OutletFactory(name="Baltic Ledger"), role=ArticleCredit.Role.ADDITIONAL_INPUT
        )
        mayor = SpeakerFactory(name="Anna Sorel", title="Mayor")
        quote_in(
            cls.article, "We will hold,", speaker=mayor, speaker_text="the mayor", cue_verb="said", stance="neutral"
        )

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def test_shows_text_credits_quotes_and_speakers(self) -> None:
        with self.assertNumQueries(10):
            response = self.client.get(reverse("article_detail", args=[self.article.pk]))
        self.assertContains(response, "Northwind Wire")
        self.assertContains(response, "Baltic Ledger")
        self.assertContains(response, "Additional input")
        self.assertContains(response, "Anna Sorel")
        self.assertContains(response, "the mayor")
        self.assertContains(response, 'class="quote quote-direct')

    def test_hostile_text_is_escaped(self) -> None:
        body = self.client.get(reverse("article_detail", args=[self.article.pk])).content.decode()
        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert "<img src=x" not in body

    def test_missing_article_is_404(self) -> None:
        response = self.client.get(reverse("article_detail", args=[999999]))
        assert response.status_code == 404

    def test_anonymous_is_sent_to_login(self) -> None:
        self.client.logout()
        response = self.client.get(reverse("article_detail", args=[self.article.pk]))
        assert response.status_code == 302
