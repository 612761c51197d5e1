from django.test import TestCase
from django.urls import reverse

from tests.factories import ArticleCreditFactory, ArticleFactory, OutletFactory, StoryFactory, reader, reviewer


class StoryTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = reader()
        cls.story = StoryFactory(title="Vell dam strike", slug="vell-dam")
        for name in ("Northwind Wire", "Eastern Courier"):
            article = ArticleFactory(title=f"{name} on the dam", story=cls.story)
            ArticleCreditFactory(article=article, outlet=OutletFactory(name=name))
        StoryFactory(title="Empty story", slug="empty")

    def setUp(self) -> None:
        self.client.force_login(self.user)

    def test_list_shows_stories_with_counts_and_compare_links(self) -> None:
        with self.assertNumQueries(4):
            response = self.client.get(reverse("story_list"))
        self.assertContains(response, "Vell dam strike")
        self.assertContains(response, reverse("story_compare", args=["vell-dam"]))
        self.assertNotContains(response, reverse("story_compare", args=["empty"]))

    def test_detail_lists_articles_with_outlets(self) -> None:
        with self.assertNumQueries(7):
            response = self.client.get(reverse("story_detail", args=["vell-dam"]))
        self.assertContains(response, "Northwind Wire on the dam")
        self.assertContains(response, "Eastern Courier")

    def test_unknown_story_is_404(self) -> None:
        assert self.client.get(reverse("story_detail", args=["nope"])).status_code == 404

    def test_anonymous_is_sent_to_login(self) -> None:
        self.client.logout()
        for url in (reverse("story_list"), reverse("story_detail", args=["vell-dam"])):
            response = self.client.get(url)
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]


class CorpusAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        from django.contrib.auth import get_user_model

        cls.admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-irrelevant")
        article = ArticleFactory(title="Admin article")
        ArticleCreditFactory(article=article, outlet=OutletFactory(name="Northwind Wire"))

    def test_admin_changelists_and_forms_render(self) -> None:
        self.client.force_login(self.admin)
        for model in ("outlet", "story", "article", "speaker", "quote"):
            for suffix in ("", "?q=x", "add/"):
                response = self.client.get(f"/admin/newsdesk/{model}/{suffix}")
                assert response.status_code == 200, (model, suffix)
        self.assertContains(self.client.get("/admin/newsdesk/article/"), "Northwind Wire")


class RevisedArticleTests(TestCase):
    """An article the outlet edited after publication is listed once, as it is now."""

    def test_a_revised_article_is_listed_once_with_its_revision(self) -> None:
        from newsdesk.ingestion.pipeline import article_ingest
        from newsdesk.ingestion.readers import ArticleDraft

        story = StoryFactory(title="Port reopens", slug="port")
        url = "https://wire.example/port"
        for body in ("Ships moved again on Monday.", "Ships moved again on Monday, officials said."):
            draft = ArticleDraft(title="Port reopens", body=body, source="t", source_format="txt", url=url)
            latest = article_ingest(draft=draft, story=story).article
        self.client.force_login(reader())
        response = self.client.get(reverse("story_detail", args=["port"]))
        self.assertContains(response, "Port reopens</a>", count=1)  # one row, not one per revision
        self.assertContains(response, "revision 2")
        self.assertContains(response, reverse("annotations:article_revisions", args=[latest.pk]))
        listing = self.client.get(reverse("story_list"))
        assert listing.context["stories"].get(slug="port").n_articles == 1
        # The article list keeps every revision, and says which is which.
        articles = self.client.get(reverse("article_list"))
        self.assertContains(articles, "revision 1, a newer one exists")
        self.assertContains(articles, "revision 2</a>")


class StorySuggestionPageTests(TestCase):
    """'Possibly the same story…' works for a story with no articles yet, and says why each one is suggested."""

    @classmethod
    def setUpTestData(cls) -> None:
        from datetime import UTC, date, datetime

        cls.rita = reviewer()
        cls.story = StoryFactory(title="Vell dam strike", slug="vell-dam-empty", date=date(2023, 3, 14))
        cls.same = ArticleFactory(
            title="Dam disaster on the Vell river",
            body="A missile strike on the Vell river dam flooded villages, governor Anna Sorel said.",
            published_at=datetime(2023, 3, 14, 9, tzinfo=UTC),
        )
        for i in range(10):
            ArticleFactory(title=f"Bread prices {i}", published_at=datetime(2023, 3, 14, tzinfo=UTC))

    def test_an_empty_story_gets_suggestions_with_their_reasons(self) -> None:
        self.client.force_login(self.rita)
        self.assertContains(
            self.client.get(reverse("story_detail", args=["vell-dam-empty"])), "Possibly the same story"
        )
        with self.assertNumQueries(8):  # session, user, roles, story, its articles, by date, by words, speakers
            response = self.client.get(reverse("story_suggestions", args=["vell-dam-empty"]))
        self.assertContains(response, "Dam disaster on the Vell river")
        self.assertContains(response, "<strong>Vell</strong>")
        self.assertContains(response, "3 h apart")
        self.assertNotContains(response, "Bread prices")

    def test_confirming_adds_and_rejecting_hides_it(self) -> None:
        self.client.force_login(self.rita)
        url = reverse("story_suggestions", args=["vell-dam-empty"])
        self.client.post(url, {"article": self.same.pk, "decision": "reject"})
        self.assertNotContains(self.client.get(url), f'href="{self.same.get_absolute_url()}"')
        self.client.post(url, {"article": self.same.pk, "decision": "confirm"})
        assert self.same.__class__.objects.get(pk=self.same.pk).story_id == self.story.pk

    def test_annotators_get_no_suggestions(self) -> None:
        self.client.force_login(reader())
        assert self.client.get(reverse("story_suggestions", args=["vell-dam-empty"])).status_code == 403
