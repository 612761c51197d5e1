"""The flow through a campaign: "Mark done" opens the next article of the same campaign, "N of M done", My work to do first."""

import re

from django.test import TestCase
from django.urls import reverse

from annotations.models import Assignment
from tests.factories import ArticleFactory, CampaignFactory, annotator, second_annotator

Status = Assignment.Status


class CampaignFlowTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie = annotator()
        # Another campaign comes first in the queue's global order (lower id, in progress).
        cls.elsewhere = CampaignFactory(name="Elsewhere")
        cls.campaign = CampaignFactory(name="Bridges")
        cls.other_article = ArticleFactory(title="In another campaign")
        cls.articles = [ArticleFactory(title=f"Bridge article {i}") for i in range(4)]
        Assignment.objects.create(
            campaign=cls.elsewhere, article=cls.other_article, annotator=cls.annie, status=Status.IN_PROGRESS
        )
        cls.assignments = [
            Assignment.objects.create(campaign=cls.campaign, article=article, annotator=cls.annie, position=i)
            for i, article in enumerate(cls.articles)
        ]

    def setUp(self) -> None:
        self.client.force_login(self.annie)

    def finish(self, article: object, **headers: str) -> object:
        return self.client.post(reverse("annotations:assignment_finish", args=[article.pk]), headers=headers)  # type: ignore[attr-defined]

    def annotate_url(self, article: object) -> str:
        return reverse("annotations:article_annotate", args=[article.pk])  # type: ignore[attr-defined]

    def test_mark_done_opens_the_next_article_of_the_same_campaign(self) -> None:
        self.assertRedirects(self.finish(self.articles[1]), self.annotate_url(self.articles[2]))
        htmx = self.finish(self.articles[2], **{"HX-Request": "true"})
        assert htmx["HX-Redirect"] == self.annotate_url(self.articles[3])  # type: ignore[index]
        # Past the last one it wraps round to the first still open, never to the other campaign.
        self.assertRedirects(self.finish(self.articles[3]), self.annotate_url(self.articles[0]))
        assert Assignment.objects.get(campaign=self.elsewhere).status == Status.IN_PROGRESS

    def test_mark_done_on_the_last_open_article_goes_to_my_work(self) -> None:
        Assignment.objects.filter(campaign=self.campaign).exclude(pk=self.assignments[0].pk).update(status=Status.DONE)
        response = self.finish(self.articles[0])
        self.assertRedirects(response, reverse("annotations:assignment_list"), fetch_redirect_response=False)
        page = self.client.get(reverse("annotations:assignment_list")).content.decode()
        assert "Every article of Bridges is done." in page

    def test_workspace_shows_n_of_m_done_for_the_campaign(self) -> None:
        Assignment.objects.filter(pk__in=[self.assignments[0].pk, self.assignments[2].pk]).update(status=Status.DONE)
        html = self.client.get(self.annotate_url(self.articles[1])).content.decode()
        assert re.search(r'<progress value="2" max="4"[^>]*>', html)
        assert "2 of 4 done" in html
        # The next-article link stays in the campaign.
        assert f"?after={self.assignments[1].pk}" in html

    def test_next_article_after_one_stays_in_its_campaign(self) -> None:
        url = reverse("annotations:assignment_next")
        self.assertRedirects(
            self.client.get(f"{url}?after={self.assignments[0].pk}"), self.annotate_url(self.articles[1])
        )
        # Without `after` (the dashboard's link) it is the queue's first open article, in any campaign.
        self.assertRedirects(self.client.get(url), self.annotate_url(self.other_article))

    def test_next_after_someone_elses_assignment_is_the_plain_queue(self) -> None:
        bert = second_annotator()
        theirs = Assignment.objects.create(campaign=self.campaign, article=self.articles[0], annotator=bert)
        url = reverse("annotations:assignment_next")
        self.assertRedirects(self.client.get(f"{url}?after={theirs.pk}"), self.annotate_url(self.other_article))
        self.assertRedirects(self.client.get(f"{url}?after=nonsense"), self.annotate_url(self.other_article))

    def test_my_work_lists_to_do_first_and_done_last(self) -> None:
        Assignment.objects.filter(pk=self.assignments[0].pk).update(status=Status.DONE)
        Assignment.objects.filter(pk=self.assignments[3].pk).update(status=Status.IN_PROGRESS)
        html = self.client.get(reverse("annotations:assignment_list")).content.decode()
        titles = re.findall(r">((?:Bridge article \d)|In another campaign)</a>", html)
        assert titles == [
            "In another campaign",  # in progress
            "Bridge article 3",  # in progress
            "Bridge article 1",
            "Bridge article 2",
            "Bridge article 0",  # done, last
        ]
        partial = self.client.get(reverse("annotations:assignment_list"), headers={"HX-Request": "true"})
        assert "<html" not in partial.content.decode()
        assert re.findall(r">(Bridge article \d|In another campaign)</a>", partial.content.decode()) == titles
