"""Attribution chains in the reading view, the comparison, the workspace, the API and the export."""

import json

from django.test import TestCase
from django.urls import reverse

from annotations.export import annotations_for_export, export_chunks
from annotations.models import Annotation, Assignment
from newsdesk.ingestion.pipeline import article_ingest
from newsdesk.ingestion.readers import read_file
from newsdesk.models import ApiToken, AttributionChain
from tests.factories import CampaignFactory, StoryFactory, annotator, tag_type
from tests.unit.extraction.test_chains import SEED


class ChainTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        from pathlib import Path

        seed = Path(__file__).resolve().parents[2] / "newsdesk" / "demo_data" / "seed.txt"
        draft = read_file(seed, max_bytes=10**7)[0]
        cls.story = StoryFactory(slug="seed")
        cls.article = article_ingest(draft=draft, story=cls.story).article
        cls.chain = AttributionChain.objects.get(article=cls.article, links__0__name="BBC")
        cls.annie = annotator()
        campaign = CampaignFactory(articles=[cls.article], annotators=[cls.annie])
        Assignment.objects.create(campaign=campaign, article=cls.article, annotator=cls.annie)

    def setUp(self) -> None:
        self.client.force_login(self.annie)

    def test_the_reading_view_shows_the_seeds_chain_with_the_publisher_first(self) -> None:
        response = self.client.get(reverse("article_detail", args=[self.article.pk]))
        self.assertContains(response, "Attribution chains")
        html = response.content.decode()
        chain_html = html[html.index('class="plain-list chains"') :]
        assert chain_html.index("<strong>RT</strong>") < chain_html.index("<strong>BBC</strong>")
        assert chain_html.index("<strong>BBC</strong>") < chain_html.index("<strong>Jens Stoltenberg</strong>")
        assert str(self.chain) == "BBC → Jens Stoltenberg"
        assert self.chain.quote is not None

    def test_the_comparison_lists_chains_per_article(self) -> None:
        self.assertContains(self.client.get(reverse("story_compare", args=["seed"])), "Attribution chains")
        data = self.client.get(reverse("story_compare_json", args=["seed"])).json()
        assert ["RT", "BBC", "Jens Stoltenberg"] in [c["path"] for c in data["chains"][str(self.article.pk)]]

    def test_a_tag_links_to_the_chain_in_the_workspace_and_the_export_carries_it(self) -> None:
        start = SEED.index("Speaking to the BBC")
        end = start + len("Speaking to the BBC")
        response = self.client.post(
            reverse("annotations:annotation_create", args=[self.article.pk]),
            {
                "start": start,
                "end": end,
                "text": self.article.body[start:end],
                "tag_type": tag_type("attribution").pk,
                "chain": self.chain.pk,
            },
            headers={"hx-request": "true"},
        )
        assert response.status_code == 200
        tag = Annotation.objects.get(annotator=self.annie)
        assert tag.chain == self.chain
        row = json.loads("".join(export_chunks("jsonl", annotations_for_export())).splitlines()[0])
        assert row["chain"] == ["RT", "BBC", "Jens Stoltenberg"]
        csv_text = "".join(export_chunks("csv", annotations_for_export()))
        assert "RT → BBC → Jens Stoltenberg" in csv_text

    def test_the_api_links_a_tag_to_a_chain_of_the_same_article_only(self) -> None:
        _token, key = ApiToken.issue(user=self.annie, name="t")
        auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
        start = SEED.index("Speaking to the BBC")
        payload = {
            "start": start,
            "end": start + 8,
            "text": "Speaking",
            "label": "attribution/named-source",
            "chain": self.chain.pk,
        }
        response = self.client.post(
            f"/api/articles/{self.article.pk}/tags", json.dumps(payload), content_type="application/json", **auth
        )
        assert response.status_code == 201
        assert response.json()["chain"] == self.chain.pk
        other = AttributionChain.objects.create(article=article_ingest_other(), start=0, end=1, links=[])
        payload["chain"], payload["idempotency_key"] = other.pk, "k2"
        response = self.client.post(
            f"/api/articles/{self.article.pk}/tags", json.dumps(payload), content_type="application/json", **auth
        )
        assert response.status_code == 422


def article_ingest_other():  # noqa: ANN201
    from tests.factories import ArticleFactory

    return ArticleFactory()
