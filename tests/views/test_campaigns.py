"""Campaign pages (annotations/views/campaigns.py): list, detail, edit, by role."""

from django.test import TestCase
from django.urls import reverse

from annotations.models import Annotation, Assignment, Campaign, GoldAnnotation
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    CampaignFactory,
    OutletFactory,
    annotation_on,
    annotator,
    editor,
    reviewer,
    second_annotator,
    tag_type,
)


class CampaignViewTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie = annotator()
        cls.bert = second_annotator()
        cls.rita = reviewer()
        cls.eddie = editor()
        cls.article = ArticleFactory(body="Officials said the bridge was hit twice overnight.")
        cls.campaign = CampaignFactory(articles=[cls.article], annotators=[cls.annie, cls.bert], overlap=2)
        Assignment.objects.create(campaign=cls.campaign, article=cls.article, annotator=cls.annie)
        Assignment.objects.create(campaign=cls.campaign, article=cls.article, annotator=cls.bert)
        annotation_on(cls.article, "the bridge was hit", annotator=cls.annie, campaign=cls.campaign)
        annotation_on(cls.article, "the bridge was hit", annotator=cls.bert, campaign=cls.campaign)

    def test_list_and_detail_with_agreement(self) -> None:
        self.client.force_login(self.annie)
        self.assertContains(self.client.get(reverse("annotations:campaign_list")), self.campaign.name)
        detail = self.client.get(reverse("annotations:campaign_detail", args=[self.campaign.pk]))
        self.assertContains(detail, "Krippendorff")
        self.assertContains(detail, '<svg class="chart"')
        self.assertContains(detail, "1.00")  # both annotators agree on the claim

    def test_agreement_is_broken_down_by_outlet(self) -> None:

        ArticleCreditFactory(article=self.article, outlet=OutletFactory(name="Northwind Wire"))
        self.client.force_login(self.rita)
        detail = self.client.get(reverse("annotations:campaign_detail", args=[self.campaign.pk]))
        outlets = detail.context["agreement"]["outlets"]
        assert list(outlets) == ["Northwind Wire"]
        assert outlets["Northwind Wire"]["articles"] == 1
        assert outlets["Northwind Wire"]["alpha"] == 1.0
        self.assertContains(detail, "Outlet: Northwind Wire")

    def test_create_needs_admin_and_makes_assignments(self) -> None:
        url = reverse("annotations:campaign_create")
        self.client.force_login(self.rita)
        assert self.client.get(url).status_code == 403
        self.client.force_login(self.eddie)
        assert self.client.get(url).status_code == 200
        bad = self.client.post(url, {"name": "", "overlap": 0, "visibility": "own"})
        assert bad.status_code == 422
        response = self.client.post(
            url,
            {
                "name": "New one",
                "overlap": 1,
                "visibility": "own",
                "annotators": [self.annie.pk],
                "search": "Officials",
                "is_active": "on",
            },
        )
        campaign = Campaign.objects.get(name="New one")
        self.assertRedirects(response, reverse("annotations:campaign_detail", args=[campaign.pk]))
        assert list(campaign.articles.all()) == [self.article]
        assert Assignment.objects.filter(campaign=campaign, annotator=self.annie).count() == 1

    def test_adjudication(self) -> None:
        url = reverse("annotations:campaign_adjudicate", args=[self.campaign.pk, self.article.pk])
        self.client.force_login(self.annie)
        assert self.client.get(url).status_code == 403
        self.client.force_login(self.rita)
        page = self.client.get(url)
        self.assertContains(page, "All agree")
        tag = Annotation.objects.filter(annotator=self.annie).first()
        assert tag is not None
        self.client.post(url, {"use": tag.pk})
        item = GoldAnnotation.objects.get()
        assert (item.source, item.text, item.created_by) == (tag, tag.text, self.rita)
        tag.refresh_from_db()
        assert (tag.status, tag.version, tag.deleted_at) == ("pending", 1, None)  # the annotator's tag is untouched
        self.assertContains(self.client.get(url), "All agree")
        response = self.client.post(
            url, {"start": 0, "end": 9, "text": "Officials", "tag_type": tag_type("attribution").pk}
        )
        assert response.status_code == 302
        assert GoldAnnotation.objects.alive().count() == 2
        assert Annotation.objects.count() == 2  # gold items are not tags
        bad = self.client.post(url, {"start": 0, "end": 9, "text": "Wrong", "tag_type": tag_type("attribution").pk})
        assert bad.status_code == 422
        removed = self.client.post(url, {"remove": item.pk, "version": item.version})
        assert removed.status_code == 302
        assert GoldAnnotation.objects.alive().count() == 1

    def test_adjudication_forms_answer_ids_that_are_not_numbers_with_a_404(self) -> None:
        url = reverse("annotations:campaign_adjudicate", args=[self.campaign.pk, self.article.pk])
        self.client.force_login(self.rita)
        for field in ("use", "remove"):
            for value in ("abc", "1.5", "9" * 30, "-3"):
                assert self.client.post(url, {field: value}).status_code == 404, (field, value)
