"""Adding the articles picked on the list (or every match of its filters) to a campaign: admins only, in one action."""

from django.test import TestCase
from django.urls import reverse

from annotations.models import Assignment, Campaign
from tests.factories import ArticleFactory, CampaignFactory, annotator, editor, reviewer

HTMX = {"HX-Request": "true"}
LIST = reverse("article_list")


class CampaignFromTheListTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.admin, cls.rita = editor(), reviewer()
        cls.annie, cls.bert = annotator(), annotator("bert")
        cls.articles = [ArticleFactory(title=f"Dam report {i}") for i in range(4)]
        cls.campaign = CampaignFactory(
            name="Dam campaign", annotators=[cls.annie, cls.bert], articles=[cls.articles[0]]
        )
        cls.campaign.overlap = 2
        cls.campaign.save()

    def post(self, data: dict, **kwargs: object) -> object:
        return self.client.post(reverse("annotations:campaign_add_articles"), data, **kwargs)

    def test_anonymous_goes_to_login(self) -> None:
        response = self.post({"campaign": self.campaign.pk, "all": "1"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert self.campaign.articles.count() == 1

    def test_only_admins_add_to_a_campaign(self) -> None:
        self.client.force_login(self.rita)
        assert self.post({"campaign": self.campaign.pk, "all": "1"}).status_code == 403
        assert self.campaign.articles.count() == 1

    def test_every_match_is_added_and_assigned_and_the_list_offers_it(self) -> None:
        self.client.force_login(self.admin)
        self.assertContains(self.client.get(LIST), "Dam campaign")
        with self.assertNumQueries(18):  # none per article (the inserts are batched)
            response = self.post({"campaign": self.campaign.pk, "all": "1", "q": "dam", "next": LIST}, headers=HTMX)
        assert response.status_code == 302
        assert self.campaign.articles.count() == 4
        assert Assignment.objects.filter(campaign=self.campaign).count() == 8  # every article × overlap 2
        partial = self.client.get(LIST, headers=HTMX)
        self.assertContains(partial, "Added 3 articles to “Dam campaign” (1 was in it already); 8 new assignments.")

    def test_no_campaign_or_an_unknown_one(self) -> None:
        self.client.force_login(self.admin)
        response = self.post({"article": [self.articles[1].pk]}, headers=HTMX)
        assert response.status_code == 422
        self.assertContains(response, "Choose the campaign", status_code=422)
        assert self.post({"campaign": 999999, "article": [self.articles[1].pk]}).status_code == 404
        assert Campaign.objects.get().articles.count() == 1
