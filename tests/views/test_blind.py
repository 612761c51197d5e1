"""Outlet-blind campaigns: nothing that identifies the outlet reaches a blind annotator, in any page or API answer."""

import json
import re

from annotations.visibility import MASK, MASK_TOKEN, article_view_for
from django.test import TestCase
from django.urls import reverse

from annotations.models import Annotation, Assignment, BlindReveal
from newsdesk.ingestion.pipeline import article_ingest
from newsdesk.ingestion.readers import ArticleDraft
from newsdesk.models import ApiToken, Outlet
from tests.factories import CampaignFactory, StoryFactory, annotator, editor, reviewer, second_annotator

BODY = (
    "KARSK, March 3 (Northwind Wire) — Officials said the Vell dam was hit twice overnight, Northwind Wire reported.\n"
    "“We will rebuild it,” the mayor said on Tuesday.\n"
    "Read more: Dam strike floods three villages\n"
    "Reporting by Ana Ruiz for Northwind Wire; editing by Tom Bell. Full story at https://northwind.example/dam"
)
IDENTIFYING = re.compile(r"northwind", re.IGNORECASE)


class BlindTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie, cls.bert, cls.rita, cls.admin = annotator(), second_annotator(), reviewer(), editor()
        cls.story = StoryFactory(slug="vell-dam", title="Vell dam strike")
        draft = ArticleDraft(
            title="Dam hit twice overnight",
            body=BODY,
            source="test",
            source_format="txt",
            url="https://northwind.example/dam",
            outlets=(("Northwind Wire", "primary"),),
        )
        cls.article = article_ingest(draft=draft, story=cls.story).article
        Outlet.objects.filter(name="Northwind Wire").update(domain="northwind.example")
        cls.blind = CampaignFactory(name="Blind pilot", articles=[cls.article], annotators=[cls.annie], is_blind=True)
        Assignment.objects.create(campaign=cls.blind, article=cls.article, annotator=cls.annie)
        seeing = CampaignFactory(name="Open", articles=[cls.article], annotators=[cls.bert])
        Assignment.objects.create(campaign=seeing, article=cls.article, annotator=cls.bert)

    def pages(self) -> dict[str, str]:
        pk = self.article.pk
        return {
            "workspace": reverse("annotations:article_annotate", args=[pk]),
            "article": reverse("article_detail", args=[pk]),
            "article list": reverse("article_list") + "?q=dam",
            "dashboard": reverse("dashboard"),
            "my work": reverse("annotations:assignment_list"),
        }

    def assert_nothing_identifying(self, text: str, where: str) -> None:
        found = IDENTIFYING.findall(text)
        assert not found, f"{where} shows the outlet: {found[:3]}"

    def test_no_page_shows_the_outlet_to_a_blind_annotator(self) -> None:
        self.client.force_login(self.annie)
        for where, url in self.pages().items():
            response = self.client.get(url)
            assert response.status_code == 200, where
            self.assert_nothing_identifying(response.content.decode(), where)
        workspace = self.client.get(self.pages()["workspace"]).content.decode()
        assert "Officials" in workspace
        assert "Tuesday" in workspace
        assert MASK in workspace
        assert "Outlet hidden (blind campaign)" in workspace

    def test_outlet_pages_are_closed_to_a_blind_annotator(self) -> None:
        self.client.force_login(self.annie)
        for name, args in (
            ("story_detail", ["vell-dam"]),
            ("story_compare", ["vell-dam"]),
            ("story_compare_json", ["vell-dam"]),
            ("story_compare_csv", ["vell-dam"]),
            ("outlet_detail", ["northwind-wire"]),
        ):
            response = self.client.get(reverse(name, args=args))
            assert response.status_code == 403, name
            self.assert_nothing_identifying(response.content.decode(), name)

    def test_the_api_hides_the_outlet_too(self) -> None:
        _token, key = ApiToken.issue(user=self.annie, name="t")
        auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
        detail = self.client.get(f"/api/articles/{self.article.pk}", **auth)
        assert detail.status_code == 200
        self.assert_nothing_identifying(detail.content.decode(), "API article")
        assert detail.json()["outlets"] == []
        assert detail.json()["url"] == ""
        listing = self.client.get("/api/articles/?q=dam", **auth)
        self.assert_nothing_identifying(listing.content.decode(), "API list")
        assert self.client.get("/api/stories/vell-dam/compare", **auth).status_code == 403

    def test_others_still_see_the_outlet(self) -> None:
        for user in (self.bert, self.admin):
            self.client.force_login(user)
            assert "Northwind Wire" in self.client.get(self.pages()["workspace"]).content.decode()
            assert self.client.get(reverse("story_compare", args=["vell-dam"])).status_code == 200

    def test_the_mask_hides_the_length_and_tags_on_the_shown_text_land_on_the_real_one(self) -> None:
        body = article_view_for(self.annie, self.article).body
        assert "(" + MASK_TOKEN + ")" in body, "one token, whatever the name's length"
        assert MASK * (len(MASK_TOKEN) + 1) not in body
        shown_start = body.index("March 3 (")
        shown_end = body.index(")", shown_start) + 1
        self.client.force_login(self.annie)
        tag_type = Annotation._meta.get_field("tag_type").related_model.objects.get(
            kind="framing", slug="naming-choice"
        )
        response = self.client.post(
            reverse("annotations:annotation_create", args=[self.article.pk]),
            {"start": shown_start, "end": shown_end, "text": body[shown_start:shown_end], "tag_type": tag_type.pk},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200, response.content[:300]
        tag = Annotation.objects.get(annotator=self.annie)
        assert tag.text == "March 3 (Northwind Wire)", "stored on the real text"
        assert self.article.body[tag.start : tag.end] == tag.text
        self.assert_nothing_identifying(response.content.decode(), "the answer to a save")
        self.assertContains(response, f"March 3 ({MASK_TOKEN})")

    def test_revealing_is_explicit_and_logged(self) -> None:
        self.client.force_login(self.annie)
        response = self.client.post(
            reverse("annotations:article_reveal", args=[self.article.pk]),
            {"next": self.pages()["workspace"], "reason": "need the dateline"},
        )
        assert response.status_code == 302
        assert response["Location"] == self.pages()["workspace"]
        reveal = BlindReveal.objects.get()
        assert (reveal.user, reveal.campaign, reveal.reason) == (self.annie, self.blind, "need the dateline")
        assert "Northwind Wire" in self.client.get(self.pages()["workspace"]).content.decode()
        campaign_page = self.client.get(reverse("annotations:campaign_detail", args=[self.blind.pk]))
        self.assertContains(campaign_page, "Revealed")

    def test_reveal_never_sends_the_user_to_another_site(self) -> None:
        self.client.force_login(self.annie)
        url = reverse("annotations:article_reveal", args=[self.article.pk])
        for elsewhere in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
            response = self.client.post(url, {"next": elsewhere})
            assert response["Location"] == self.article.get_absolute_url(), elsewhere

    def test_reviewers_can_be_blind_too(self) -> None:
        self.blind.is_blind_for_reviewers = True
        self.blind.save()
        self.client.force_login(self.rita)
        for where in ("workspace", "article"):
            self.assert_nothing_identifying(self.client.get(self.pages()[where]).content.decode(), where)
        assert self.client.get(reverse("story_compare", args=["vell-dam"])).status_code == 403

    def test_a_blind_annotator_sees_tags_masked_in_the_api(self) -> None:
        Annotation.objects.create(
            article=self.article,
            annotator=self.annie,
            start=0,
            end=31,
            text=self.article.body[:31],
            tag_type=Annotation._meta.get_field("tag_type").related_model.objects.first(),
        )
        _token, key = ApiToken.issue(user=self.annie, name="t")
        data = json.loads(
            self.client.get(f"/api/articles/{self.article.pk}", HTTP_AUTHORIZATION=f"Bearer {key}").content
        )
        assert data["my_tags"][0]["text"].startswith("KARSK, March 3 (" + MASK)
