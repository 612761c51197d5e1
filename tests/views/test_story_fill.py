"""Stories from the UI: articles picked on the list (or every match, or an import's) go in with one action.

Adding them to a campaign instead is tested in test_campaign_articles.py.

Also: an import with a story puts its duplicates in that story and says so, on every path
(the command line, a background job, the API).
"""

import json
from io import StringIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from newsdesk.models import Article, Job, Story
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    CampaignFactory,
    OutletFactory,
    StoryFactory,
    annotator,
    editor,
    reviewer,
)

HTMX = {"HX-Request": "true"}
LIST = reverse("article_list")


class StoryFromTheListTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.rita, cls.annie, cls.admin = reviewer(), annotator(), editor()
        cls.north = OutletFactory(name="Northwind Wire", slug="northwind-wire")
        cls.dams = [
            ArticleFactory(title=f"Dam report {i}", body=f"The dam on the Vell broke, report {i}.") for i in range(30)
        ]
        for article in cls.dams:
            ArticleCreditFactory(article=article, outlet=cls.north)
        cls.others = [ArticleFactory(title=f"Grain note {i}", body=f"Grain prices, note {i}.") for i in range(3)]
        cls.old = StoryFactory(title="Old story", slug="old-story")
        Article.objects.filter(pk=cls.dams[0].pk).update(story=cls.old)

    def setUp(self) -> None:
        self.client.force_login(self.rita)

    def post(self, data: dict, **kwargs: object) -> object:
        return self.client.post(reverse("story_add_selection"), data, **kwargs)

    def test_anonymous_goes_to_login_and_annotators_may_not(self) -> None:
        self.client.logout()
        assert self.post({"to_story": "x", "article": [self.dams[1].pk]})["Location"].startswith(reverse("login"))
        self.client.force_login(self.annie)
        assert self.post({"to_story": "x", "article": [self.dams[1].pk]}).status_code == 403
        assert not Story.objects.filter(title="x").exists()

    def test_the_list_offers_the_selection_to_reviewers_only(self) -> None:
        self.assertContains(self.client.get(LIST), 'name="to_story"')
        self.assertNotContains(self.client.get(LIST), 'name="campaign"')  # campaigns are for admins
        self.client.force_login(self.annie)
        response = self.client.get(LIST)
        self.assertNotContains(response, 'name="to_story"')
        self.assertNotContains(response, 'name="article"')

    def test_checked_rows_make_a_new_story(self) -> None:
        chosen = [self.dams[1].pk, self.dams[2].pk]
        response = self.post({"to_story": "Vell dam coverage", "article": chosen, "next": f"{LIST}?q=dam"})
        self.assertRedirects(response, f"{LIST}?q=dam", fetch_redirect_response=False)
        story = Story.objects.get(title="Vell dam coverage")
        assert sorted(story.articles.values_list("pk", flat=True)) == chosen
        assert story.created_by == self.rita
        page = self.client.get(f"{LIST}?q=dam")
        self.assertContains(page, "Made the new story “Vell dam coverage” with 2 articles.")

    def test_every_match_of_the_filters_goes_in_across_pages_and_moves_are_told(self) -> None:
        story = StoryFactory(title="Dam strike", slug="dam-strike")
        response = self.post(
            {"to_story": "dam-strike", "all": "1", "q": "dam", "outlet": "northwind-wire", "next": LIST}, follow=True
        )
        assert story.articles.count() == 30  # 25 on the first page, 5 on the second: all of them
        assert not Article.objects.filter(story=story, title__startswith="Grain").exists()
        self.assertContains(response, "Added 30 articles to “Dam strike” (1 moved from another story).")

    def test_checked_rows_already_in_it_are_counted_apart(self) -> None:
        response = self.client.post(
            reverse("story_add_articles", args=["old-story"]),
            {"article": [self.dams[0].pk, self.dams[3].pk]},
            follow=True,
        )
        self.assertContains(response, "Added 1 article to “Old story”; 1 was in it already.")

    def test_htmx_is_answered_with_the_list_and_its_message(self) -> None:
        response = self.post(
            {"to_story": "Old story", "article": [self.dams[4].pk], "next": f"{LIST}?q=dam"}, headers=HTMX
        )
        assert response.status_code == 302  # htmx follows it, asking for the partial again
        partial = self.client.get(response["Location"], headers=HTMX)
        body = partial.content.decode()
        assert "<html" not in body
        assert 'id="article-results"' in body
        assert "Added 1 article to “Old story”." in body

    def test_nothing_selected_or_no_story_named_is_a_422_for_htmx_and_writes_nothing(self) -> None:
        for data, message in (
            ({"to_story": "New one"}, "Select some articles first."),
            ({"to_story": "  ", "article": [self.dams[5].pk]}, "Name the story to add them to."),
            ({"to_story": "New one", "article": ["x", "99999999999999999999"]}, "Select some articles first."),
        ):
            response = self.post(data, headers=HTMX)
            assert response.status_code == 422
            assert response["HX-Retarget"] == "#selection-message"
            self.assertContains(response, message, status_code=422)
        assert not Story.objects.filter(title="New one").exists()
        # Without htmx: the message on the page it came from.
        self.assertContains(
            self.post({"to_story": "New one", "next": LIST}, follow=True), "Select some articles first."
        )

    def test_the_cost_does_not_grow_with_the_selection(self) -> None:
        StoryFactory(title="Counted", slug="counted")
        # session, user, roles, blind campaigns, any?, story, savepoint, 2 counts, update, release
        with self.assertNumQueries(11):
            self.post({"to_story": "counted", "article": [self.dams[6].pk]})
        with self.assertNumQueries(11):
            self.post({"to_story": "counted", "all": "1", "q": "dam"})

    def test_articles_a_blind_campaign_hides_are_never_selected(self) -> None:
        blind = CampaignFactory(is_blind=True, is_blind_for_reviewers=True, articles=[self.dams[7]])
        assert blind.is_blind_for_reviewers
        self.post({"to_story": "Seen", "all": "1", "q": "dam"})
        self.post({"to_story": "Seen", "article": [self.dams[7].pk, self.dams[8].pk]})
        seen = Story.objects.get(title="Seen")
        assert not seen.articles.filter(pk=self.dams[7].pk).exists()
        assert seen.articles.filter(pk=self.dams[8].pk).exists()


ROWS = [
    {"title": "Ferry sails again", "body": "The ferry sailed again on Monday, port officials said."},
    {"title": "Port reopens", "body": "The port reopened on Friday after the storm, the harbour master said."},
]


class ImportStoryTests(TestCase):
    """A finished import makes a story of its articles; importing with a story fills it, duplicates too."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.admin, cls.rita = editor(), reviewer()

    def upload(self, story: str = "") -> Job:
        data = "\n".join(json.dumps(row) for row in ROWS).encode()
        upload = SimpleUploadedFile("harbour-news.jsonl", data)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("job_import_articles"), {"file": upload, "format": "auto", "story": story})
        return Job.objects.order_by("-pk").first()

    def test_a_finished_import_offers_to_make_a_story_of_its_articles(self) -> None:
        self.client.force_login(self.admin)
        job = self.upload()
        assert job.articles.count() == 2
        page = self.client.get(reverse("job_detail", args=[job.pk]))
        self.assertContains(page, "A story of these 2 articles")
        self.assertContains(page, 'value="Harbour news"')
        response = self.client.post(reverse("story_add_selection"), {"job": job.pk, "to_story": "Harbour news"})
        story = Story.objects.get(title="Harbour news")
        self.assertRedirects(response, story.get_absolute_url(), fetch_redirect_response=False)
        assert story.articles.count() == 2
        # Someone else's job is not theirs to use.
        self.client.force_login(self.rita)
        assert self.client.post(reverse("story_add_selection"), {"job": job.pk, "to_story": "Mine"}).status_code == 403

    def test_importing_again_with_a_story_puts_the_duplicates_in_it_and_says_so(self) -> None:
        self.client.force_login(self.admin)
        self.upload()
        job = self.upload(story="Harbour week")
        assert job.skipped == 2
        assert job.message == "Imported 0, duplicates 2 (2 now in the story “Harbour week”), failed 0 of 2."
        assert Story.objects.get(title="Harbour week").articles.count() == 2
        assert job.articles.count() == 2  # the duplicates are its articles too
        self.assertContains(self.client.get(reverse("job_detail", args=[job.pk])), "The import put them in")


class DuplicatesIntoTheStoryTests(TestCase):
    def test_the_command_line_puts_duplicates_in_the_story_and_says_so(self) -> None:
        path = Path(self.id().replace(".", "-") + ".jsonl")
        tmp = Path("/tmp") / path
        tmp.write_text("\n".join(json.dumps(row) for row in ROWS))
        try:
            call_command("import_articles", str(tmp), stdout=StringIO())
            StoryFactory(title="Storm", slug="storm")
            out = StringIO()
            call_command("import_articles", str(tmp), "--story", "harbour", stdout=out)
            first = Article.objects.get(title="Ferry sails again")
            Article.objects.filter(pk=first.pk).update(story=Story.objects.get(slug="storm"))
            again = StringIO()
            call_command("import_articles", str(tmp), "--story", "harbour", stdout=again)
        finally:
            tmp.unlink()
        assert "now in the story “Harbour”" in out.getvalue()
        assert "imported 0, duplicates 2 (2 now in the story), errors 0" in out.getvalue()
        assert "now in the story “Harbour” (was in “Storm”)" in again.getvalue()
        assert Story.objects.get(slug="harbour").articles.count() == 2

    def test_the_api_puts_a_duplicate_in_the_story_and_says_so(self) -> None:
        self.client.force_login(editor())
        row = {"title": "Ferry sails again", "body": ROWS[0]["body"]}
        assert self.client.post("/api/articles/", row, content_type="application/json").status_code == 201
        response = self.client.post("/api/articles/", {**row, "story": "Harbour"}, content_type="application/json")
        assert response.status_code == 409
        answer = response.json()
        assert answer["story"] == "harbour"
        assert answer["detail"] == "This text is already stored. It is now in the story “Harbour”."
        assert Article.objects.get(pk=answer["article_id"]).story.slug == "harbour"
        plain = self.client.post("/api/articles/", row, content_type="application/json").json()
        assert plain["detail"] == "This text is already stored."
        assert plain["story"] == "harbour"
