"""The tag export page (annotations/views/export.py): the form, a streamed download, a background job."""

import json

from django.test import TestCase
from django.urls import reverse

from newsdesk.models import Job
from tests.factories import ArticleFactory, CampaignFactory, annotation_on, annotator, reviewer


class ExportPageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.rita, cls.annie = reviewer(), annotator()
        article = ArticleFactory()
        cls.campaign = CampaignFactory(articles=[article])
        for text in ("Talks resumed", "the minister said"):
            annotation_on(article, text, annotator=cls.annie, campaign=cls.campaign)

    def test_form_page(self) -> None:
        self.client.force_login(self.rita)
        response = self.client.get(reverse("annotations:annotation_export"))
        self.assertContains(response, "2 live tags")
        self.assertContains(response, "Label Studio")

    def test_download_streams_the_chosen_format(self) -> None:
        self.client.force_login(self.rita)
        with self.assertNumQueries(8):  # session, user, groups, campaign check, tags, credits, reviews, blind check
            response = self.client.post(
                reverse("annotations:annotation_export"), {"format": "doccano", "campaign": self.campaign.pk}
            )
            body = b"".join(response.streaming_content).decode()
        assert response.streaming
        assert "attachment" in response["Content-Disposition"]
        assert ".jsonl" in response["Content-Disposition"]
        row = json.loads(body)
        assert len(row["label"]) == 2

    def test_background_export_makes_a_job(self) -> None:
        self.client.force_login(self.rita)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("annotations:annotation_export"), {"format": "w3c", "action": "background"}
            )
        job = Job.objects.get()
        self.assertRedirects(response, job.get_absolute_url())
        job.refresh_from_db()
        assert job.status == Job.Status.DONE
        assert job.output_file.name.endswith(".jsonld")
        assert job.params["base_url"] == "http://testserver"

    def test_bad_format_is_422(self) -> None:
        self.client.force_login(self.rita)
        response = self.client.post(reverse("annotations:annotation_export"), {"format": "xml"})
        assert response.status_code == 422

    def test_annotators_cannot_export(self) -> None:
        self.client.force_login(self.annie)
        assert self.client.post(reverse("annotations:annotation_export"), {"format": "jsonl"}).status_code == 403
