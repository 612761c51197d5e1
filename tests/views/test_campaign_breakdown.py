"""The campaign page breaks acceptance down by label and by outlet, and reasons by outlet."""

from django.test import TestCase
from django.urls import reverse

from annotations.models import ReasonCode
from annotations.review import review_decide
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    CampaignFactory,
    OutletFactory,
    annotation_on,
    annotator,
    reviewer,
)


class BreakdownTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.rita, annie = reviewer(), annotator()
        north, east = ArticleFactory(), ArticleFactory()
        ArticleCreditFactory(article=north, outlet=OutletFactory(name="Northwind Wire"))
        ArticleCreditFactory(article=east, outlet=OutletFactory(name="Eastern Courier"))
        cls.campaign = CampaignFactory(articles=[north, east], annotators=[annie])
        accepted = annotation_on(north, "Talks resumed", annotator=annie, campaign=cls.campaign)
        rejected = annotation_on(east, "the minister said", annotator=annie, campaign=cls.campaign, kind="attribution")
        review_decide(annotation=accepted, reviewer=cls.rita, decision="accept", version=1)
        cls.reason = ReasonCode.objects.order_by("order").first()
        review_decide(annotation=rejected, reviewer=cls.rita, decision="reject", version=1, reason=cls.reason)

    def test_acceptance_by_label_and_outlet_and_reasons_by_outlet(self) -> None:
        self.client.force_login(self.rita)
        response = self.client.get(reverse("annotations:campaign_detail", args=[self.campaign.pk]))
        self.assertContains(response, "Acceptance by label and by outlet")
        by_outlet = {r["article__credits__outlet__name"]: r for r in response.context["by_outlet"]}
        assert by_outlet["Northwind Wire"]["acceptance"] == 100
        assert by_outlet["Eastern Courier"]["acceptance"] == 0
        assert {r["tag_type__kind"] for r in response.context["by_label"]} == {"claim", "attribution"}
        assert response.context["reasons_by_outlet"] == [
            {"events__reason__label": self.reason.label, "article__credits__outlet__name": "Eastern Courier", "n": 1}
        ]

    def test_a_blind_campaign_keeps_the_outlet_table_from_non_admins(self) -> None:
        self.campaign.is_blind = True
        self.campaign.save()
        self.client.force_login(self.rita)
        response = self.client.get(reverse("annotations:campaign_detail", args=[self.campaign.pk]))
        self.assertNotContains(response, "Northwind Wire")
