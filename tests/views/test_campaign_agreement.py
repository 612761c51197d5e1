"""The campaign's agreement: no figure before two annotators tagged, the right article count, rows only with data,
values checked by hand and against the `krippendorff` package, and who may open the page."""

import io
import json

import krippendorff
import numpy as np
import pytest
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from annotations.agreement import NO_ARTICLES, campaign_agreement, token_labels
from annotations.models import Assignment
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
)

BODY = "Officials said the bridge was hit twice overnight."


class CampaignAgreementTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie, cls.bert, cls.rita = annotator(), second_annotator(), reviewer()
        cls.north, cls.east, cls.west = (ArticleFactory(body=f"{BODY} ({n})") for n in ("north", "east", "west"))
        ArticleCreditFactory(article=cls.north, outlet=OutletFactory(name="Northwind Wire"))
        ArticleCreditFactory(article=cls.east, outlet=OutletFactory(name="Eastern Courier"))
        ArticleCreditFactory(article=cls.west, outlet=OutletFactory(name="Western Post"))
        cls.campaign = CampaignFactory(
            articles=[cls.north, cls.east, cls.west], annotators=[cls.annie, cls.bert], overlap=2
        )
        for article in (cls.north, cls.east, cls.west):
            for user in (cls.annie, cls.bert):
                Assignment.objects.create(campaign=cls.campaign, article=article, annotator=user)

    def tag(self, article: object, text: str, who: object, kind: str = "claim") -> None:
        annotation_on(article, text, annotator=who, campaign=self.campaign, kind=kind)  # type: ignore[arg-type]

    def page(self) -> str:
        self.client.force_login(self.rita)
        return self.client.get(reverse("annotations:campaign_detail", args=[self.campaign.pk])).content.decode()

    def test_before_anyone_tagged_there_is_no_figure_but_a_reason(self) -> None:
        result = campaign_agreement(self.campaign)
        assert (result["articles"], result["reason"]) == (0, NO_ARTICLES)
        for row in result["kinds"].values():
            assert (row["alpha"], row["mean_kappa"], row["mean_f1_exact"]) == (None, None, None)
        page = self.page()
        assert "1.00" not in page
        assert NO_ARTICLES in page
        assert "—" in page

    def test_one_annotators_tags_are_not_agreement(self) -> None:
        self.tag(self.north, "the bridge was hit", self.annie)
        assert campaign_agreement(self.campaign)["articles"] == 0

    def test_two_annotators_who_finished_without_tags_count_but_give_no_figure(self) -> None:
        Assignment.objects.filter(article=self.north).update(status="done")
        result = campaign_agreement(self.campaign)
        assert result["articles"] == 1
        claim = result["kinds"]["claim"]
        assert claim["alpha"] is None
        assert claim["reason"].startswith("No claim tags on the 1 article")
        assert result["labels"] == {}
        assert result["outlets"] == {}

    def test_over_n_articles_counts_only_articles_two_annotators_tagged(self) -> None:
        for who in (self.annie, self.bert):
            self.tag(self.north, "the bridge was hit", who)
            self.tag(self.east, "Officials said", who, kind="attribution")
        self.tag(self.west, "the bridge", self.annie)  # bert never tagged or finished it
        result = campaign_agreement(self.campaign)
        assert result["articles"] == 2
        assert sorted(result["article_ids"]) == sorted([self.north.pk, self.east.pk])
        assert "Over 2 articles that two or more annotators tagged or marked done" in self.page()

    def test_outlet_and_label_rows_appear_only_where_there_is_data(self) -> None:
        for who in (self.annie, self.bert):
            self.tag(self.north, "the bridge was hit", who)
        Assignment.objects.filter(article=self.east).update(status="done")  # coded, but nobody tagged it
        result = campaign_agreement(self.campaign)
        assert list(result["outlets"]) == ["Northwind Wire"]
        assert list(result["labels"]) == ["claim/factual-claim"]
        page = self.page()
        assert "Outlet: Northwind Wire" in page
        assert "Eastern Courier" not in page.split("<h2>Agreement</h2>")[1].split("</table>")[0]

    def test_values_by_hand_and_against_the_krippendorff_package(self) -> None:
        # north: both tag the same claim → the tokens agree; east: annie tags 2 tokens, bert 1 of them.
        for who in (self.annie, self.bert):
            self.tag(self.north, "the bridge was hit", who)
        self.tag(self.east, "Officials said", self.annie)
        self.tag(self.east, "Officials", self.bert)
        claim = campaign_agreement(self.campaign)["kinds"]["claim"]
        rows: list[list[float]] = [[], []]
        for article, spans in (
            (self.north, [("annie", "the bridge was hit"), ("bert", "the bridge was hit")]),
            (self.east, [("annie", "Officials said"), ("bert", "Officials")]),
        ):
            from annotations.agreement import Span

            found = [Span(w, article.body.index(t), article.body.index(t) + len(t), "factual-claim") for w, t in spans]
            labels = token_labels(article.body, found, ["annie", "bert"])
            rows[0] += [0.0 if v == "none" else 1.0 for v in labels["annie"]]
            rows[1] += [0.0 if v == "none" else 1.0 for v in labels["bert"]]
        expected = krippendorff.alpha(reliability_data=np.array(rows), level_of_measurement="nominal")
        assert claim["alpha"] == pytest.approx(expected)
        # By hand: 2 articles × 9 tokens, 17 agree; "said" in east is the one disagreement (annie claim,
        # bert none). n = 36 values: claim 4+4 (north) + 2+1 (east) = 11, none 25.
        # Do = 2/36, De = 2·11·25/(36·35) → alpha = 1 − Do/De = 0.8727…
        assert claim["alpha"] == pytest.approx(1 - (2 / 36) / (2 * 11 * 25 / (36 * 35)))
        # kappa: p_o = 17/18; annie claim 6 / none 12, bert 5 / 13 → p_e = (6·5 + 12·13)/324
        p_e = (6 * 5 + 12 * 13) / 324
        assert claim["mean_kappa"] == pytest.approx((17 / 18 - p_e) / (1 - p_e))
        # F1 exact: north 1.0, east 0.0 → mean 0.5; overlap: both 1.0.
        assert (claim["mean_f1_exact"], claim["mean_f1_overlap"]) == (0.5, 1.0)

    def test_the_page_costs_the_same_queries_whatever_the_number_of_articles_and_tags(self) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.client.force_login(self.rita)
        url = reverse("annotations:campaign_detail", args=[self.campaign.pk])

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert self.client.get(url).status_code == 200
            return len(captured)

        for who in (self.annie, self.bert):
            self.tag(self.north, "the bridge was hit", who)
        few = queries()
        for who in (self.annie, self.bert):
            self.tag(self.east, "Officials said", who, kind="attribution")
            self.tag(self.west, "the bridge", who, kind="framing")
        assert queries() == few

    def test_the_command_prints_dashes_and_the_reason(self) -> None:
        out = io.StringIO()
        call_command("agreement", campaign=self.campaign.pk, stdout=out)
        text = out.getvalue()
        assert "0 articles tagged by two or more annotators" in text
        assert NO_ARTICLES in text
        assert "1.000" not in text
        as_json = io.StringIO()
        call_command("agreement", campaign=self.campaign.pk, json=True, stdout=as_json)
        assert json.loads(as_json.getvalue())["kinds"]["claim"]["alpha"] is None


class CampaignPageAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie, cls.bert, cls.carl = annotator(), second_annotator(), annotator("carl")
        cls.rita, cls.eddie = reviewer(), editor()
        article = ArticleFactory()
        cls.campaign = CampaignFactory(articles=[article], annotators=[cls.annie], name="Members only")
        Assignment.objects.create(campaign=cls.campaign, article=article, annotator=cls.bert)  # assigned, not listed
        cls.url = reverse("annotations:campaign_detail", args=[cls.campaign.pk])

    def test_members_reviewers_and_admins_open_it_others_get_403(self) -> None:
        for user, status in (
            (self.annie, 200),
            (self.bert, 200),
            (self.rita, 200),
            (self.eddie, 200),
            (self.carl, 403),
        ):
            self.client.force_login(user)
            assert self.client.get(self.url).status_code == status, user

    def test_the_list_shows_only_campaigns_one_may_open(self) -> None:
        self.client.force_login(self.carl)
        self.assertNotContains(self.client.get(reverse("annotations:campaign_list")), "Members only")
        self.client.force_login(self.annie)
        self.assertContains(self.client.get(reverse("annotations:campaign_list")), "Members only")
