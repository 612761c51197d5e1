"""Outlet-blind campaigns: nothing that identifies the outlet reaches a blind annotator, in any page or API answer."""

import json
import re
from typing import Any

from django.test import TestCase
from django.urls import reverse

from annotations.models import Annotation, Assignment, BlindReveal
from annotations.suggestions import suggestions_for
from annotations.visibility import MASK, MASK_TOKEN, article_view_for
from newsdesk.ingestion.pipeline import article_ingest
from newsdesk.ingestion.readers import ArticleDraft
from newsdesk.models import ApiToken, Outlet
from tests.blind_world import build
from tests.factories import CampaignFactory, StoryFactory, annotator, editor, reviewer, second_annotator, tag_type
from tests.views.test_blind_crawl import NEEDLE, content

BODY = (
    "KARSK, March 3 (Northwind Wire) — Officials said the Vell dam was hit twice overnight, Northwind Wire reported.\n"
    "“We will rebuild it,” the mayor said on Tuesday.\n"
    "Read more: Dam strike floods three villages\n"
    "Reporting by Ana Ruiz for Northwind Wire; editing by Tom Bell. Full story at https://northwind.example/dam"
)
IDENTIFYING = re.compile(r"northwind", re.IGNORECASE)


def per_response(content: bytes) -> bytes:
    """A page without what changes on every response (CSP nonce, CSRF token)."""
    content = re.sub(rb'nonce="[^"]*"', b'nonce=""', content)
    return re.sub(rb'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]*', rb"\1", content)


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
            headers={"hx-request": "true"},
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
            self.client.get(f"/api/articles/{self.article.pk}", headers={"authorization": f"Bearer {key}"}).content
        )
        assert data["my_tags"][0]["text"].startswith("KARSK, March 3 (" + MASK)


class BlindLeakTests(TestCase):
    """Each leak found in the blind campaigns, closed (tests/blind_world.py names the outlets everywhere)."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.w = build()

    def setUp(self) -> None:
        self.hx = {"HX-Request": "true"}

    def assert_clean(self, text: str, where: str) -> None:
        found = NEEDLE.findall(text)
        assert not found, f"{where} names a hidden outlet: {found[:3]}"

    def api(self, user: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.w.tokens[user.username]}"}

    def masked_span(self, user: Any) -> tuple[int, int, str]:
        view = article_view_for(user, self.w.new)
        at = view.body.index(MASK_TOKEN + " said the strike")
        return at, at + len(MASK_TOKEN) + 5, view.body[at : at + len(MASK_TOKEN) + 5]

    def test_tagging_a_masked_span_answers_the_text_shown_everywhere(self) -> None:
        w, annie = self.w, self.w.annie
        start, end, shown = self.masked_span(annie)
        body = json.dumps({"start": start, "end": end, "text": shown, "label": "claim/factual-claim"})
        created = self.client.post(f"/api/articles/{w.new.pk}/tags", body, content_type="application/json",
                                   headers=self.api(annie))  # fmt: skip
        assert created.status_code == 201, created.content
        tag = created.json()
        assert (tag["start"], tag["end"], tag["text"]) == (start, end, f"{MASK_TOKEN} said")
        stored = Annotation.objects.get(pk=tag["id"])
        assert stored.text == "Northwind Wire said", "saved on the real text"
        fetched = self.client.get(f"/api/tags/{tag['id']}", headers=self.api(annie)).json()
        assert fetched["text"] == f"{MASK_TOKEN} said"
        patched = self.client.patch(f"/api/tags/{tag['id']}", json.dumps({"version": 1, "note": "x"}),
                                    content_type="application/json", headers=self.api(annie))  # fmt: skip
        assert patched.json()["text"] == f"{MASK_TOKEN} said"
        self.client.force_login(annie)
        history = self.client.get(reverse("annotations:annotation_history", args=[tag["id"]])).content.decode()
        assert f"“{MASK_TOKEN} said”" in history
        self.assert_clean(history, "history")
        deleted = self.client.post(reverse("annotations:annotation_delete", args=[tag["id"]]), {"version": 2},
                                   headers=self.hx).content.decode()  # fmt: skip
        assert f"Deleted the tag on “{MASK_TOKEN} said”" in deleted
        self.assert_clean(deleted, "the workspace's delete message")

    def test_a_suggestion_hidden_from_the_list_cannot_be_accepted_by_its_key(self) -> None:
        w, annie = self.w, self.w.annie
        view = article_view_for(annie, w.new)
        everything = suggestions_for(w.new)
        hidden = [s for s in everything if view.touches_hidden(s.start, s.end)]
        assert any("Northwind" in s.label for s in hidden), "the cue “told Northwind Wire” is one"
        self.client.force_login(annie)
        page = self.client.get(reverse("annotations:article_annotate", args=[w.new.pk])).content.decode()
        # The cards come in pages (every one of them here), the outlines in the text from offsets.
        listed = reverse("annotations:suggestion_list", args=[w.new.pk])
        workspace = self.client.get(listed, {"through": "zzz:9999999:9999999"}, headers=self.hx).content.decode()
        url = reverse("annotations:suggestion_accept", args=[w.new.pk])
        for s in hidden:
            assert f'data-key="{s.key}"' not in workspace
            start, end = view.span(s.start, s.end)
            assert f"{s.kind[0]}{start}-{end}" not in page.split('data-suggestions="')[1].split('"')[0]
            for key in (s.key, view.suggestion_key(s)):
                response = self.client.post(url, {"key": key}, headers=self.hx)
                assert response.status_code == 422, key
                self.assert_clean(response.content.decode(), "refusal")
        assert not Annotation.objects.filter(annotator=annie, suggestion_key__in=[s.key for s in hidden]).exists()
        offered = next(s for s in everything if not view.touches_hidden(s.start, s.end) and s.start > 60)
        shown_key = view.suggestion_key(offered)
        assert shown_key != offered.key, "the key shown is in offsets of the shown text"
        assert f'data-key="{shown_key}"' in workspace
        start, end = view.span(offered.start, offered.end)
        assert f"{offered.kind[0]}{start}-{end}" in page
        self.client.post(url, {"key": shown_key}, headers=self.hx)
        accepted = Annotation.objects.get(annotator=annie, suggestion_key=offered.key)
        assert (accepted.start, accepted.end) == (offered.start, offered.end)

    def test_titles_speakers_cues_labels_dashboard_and_my_work_are_masked(self) -> None:
        w = self.w
        self.client.force_login(w.annie)
        shown_title = f"{MASK_TOKEN}: Vell dam hit twice ({MASK_TOKEN}) (updated)"
        for name, args in (("annotations:article_annotate", [w.new.pk]), ("article_detail", [w.new.pk]),
                           ("dashboard", []), ("annotations:assignment_list", [])):  # fmt: skip
            page = self.client.get(reverse(name, args=args)).content.decode()
            assert shown_title in page, name
            self.assert_clean(page, name)
        workspace = self.client.get(reverse("annotations:article_annotate", args=[w.new.pk])).content.decode()
        assert f"({MASK_TOKEN})</option>" in workspace, "the speaker that is the outlet, in the quote menu"
        reading = self.client.get(reverse("article_detail", args=[w.new.pk])).content.decode()
        assert f"told {MASK_TOKEN}" in reading, "the cue"
        assert f"{MASK_TOKEN} editor" in reading, "a speaker's title"
        view = article_view_for(w.annie, w.new)
        labels = [s.label for s in view.suggestions(suggestions_for(w.new))]
        assert labels
        assert not any(NEEDLE.search(label) for label in labels)

    def test_every_revision_of_a_blind_article_stays_protected(self) -> None:
        w = self.w
        for user in (w.annie, w.rita):
            assert article_view_for(user, w.old).is_blind
            assert article_view_for(user, w.new).is_blind
            self.client.force_login(user)
            for article in (w.old, w.new):
                for url in (reverse("article_detail", args=[article.pk]),
                            reverse("annotations:article_revisions", args=[article.pk])):  # fmt: skip
                    response = self.client.get(url)
                    assert response.status_code == 200, url
                    self.assert_clean(response.content.decode(), url)
                data = self.client.get(f"/api/articles/{article.pk}", headers=self.api(user)).json()
                assert data["outlets"] == []
                assert data["url"] == ""
                assert MASK_TOKEN in data["body"]
            diff = self.client.get(reverse("annotations:article_revisions", args=[w.new.pk])).content.decode()
            assert "<ins>" in diff
            assert MASK_TOKEN in diff
            listing = self.client.get(reverse("article_list"), {"q": "dam"}).content.decode()
            found = self.client.get("/api/articles/", {"q": "dam"}, headers=self.api(user)).json()
            assert {item["id"] for item in found["items"]} == {w.other.pk}, "search finds neither revision"
            assert f"/articles/{w.old.pk}/" not in listing
            assert f"/articles/{w.new.pk}/" not in listing
        # A campaign made of the latest revision only: the older one, which it does not list, too.
        w.blind.articles.remove(w.old)
        assert article_view_for(w.annie, w.old).is_blind

    def test_outlet_and_story_pages_answer_alike_whatever_is_hidden(self) -> None:
        w = self.w
        hidden, visible = w.outlets[0].slug, w.other_outlet.slug
        urls = [
            [reverse("outlet_detail", args=[s]) for s in (hidden, visible, "no-such-outlet")],
            [reverse("outlet_compare", args=[a, b]) for a, b in ((hidden, visible), (visible, "eastern-courier"))],
            [
                reverse(n, args=[s])
                for n in ("story_detail", "story_compare", "story_compare_json")
                for s in (w.story.slug, "no-such-story")
            ],  # fmt: skip
        ]
        for user in (w.annie, w.rita):
            self.client.force_login(user)
            # Error pages carry the navigation: only their per-response nonce and CSRF token may differ.
            answers = {(r.status_code, per_response(r.content)) for group in urls for r in map(self.client.get, group)}
            assert len(answers) == 1, "one answer for every outlet and story"
            assert next(iter(answers))[0] == 403
        self.client.force_login(w.bert)
        assert self.client.get(urls[0][0]).status_code == self.client.get(urls[0][1]).status_code == 200

    def test_blind_for_reviewers_holds_in_the_queue_adjudication_and_exports(self) -> None:
        w, rita = self.w, self.w.rita
        self.client.force_login(rita)
        queue = reverse("annotations:review_queue")
        page = self.client.get(queue, {"status": "all"}).content.decode()
        assert f"{MASK_TOKEN} said the strike" in page, "the context, masked"
        assert 'id="f-outlet"' in page
        assert "Eastern Courier" not in page, "no outlet menu"
        self.assert_clean(page, "queue")
        hidden_tags = set(Annotation.objects.filter(article__in=[w.old, w.new]).values_list("pk", flat=True))
        for slug in (w.outlets[0].slug, w.other_outlet.slug):
            listed = {a.pk for a in self.client.get(queue, {"status": "all", "outlet": slug}).context["annotations"]}
            assert not listed & hidden_tags, f"?outlet={slug} says nothing of the hidden articles"
        adjudicate = self.client.get(reverse("annotations:campaign_adjudicate", args=[w.blind.pk, w.new.pk]))
        assert MASK_TOKEN in adjudicate.content.decode()
        self.assert_clean(adjudicate.content.decode(), "adjudication")
        rows = [json.loads(line) for line in content(self.client.post(reverse("annotations:annotation_export"),
                                                                      {"format": "jsonl"})).splitlines()]  # fmt: skip
        mine = next(r for r in rows if r["id"] == w.tags["said-new"].pk)
        view = article_view_for(rita, w.new)
        assert mine["article"]["outlets"] == []
        assert mine["article"]["url"] == ""
        assert mine["exact"] == view.body[mine["start"] : mine["end"]] == f"{MASK_TOKEN} said the strike"
        assert mine["article"]["content_hash"] == "", "a hash would let names be tried offline"
        self.client.force_login(w.admin)
        full = content(self.client.post(reverse("annotations:annotation_export"), {"format": "jsonl"}))
        assert "Northwind Wire said the strike" in full, "an admin's export is whole"

    def test_the_reading_views_annotate_button_follows_the_workspace_rule(self) -> None:
        w = self.w
        button = f'href="{reverse("annotations:article_annotate", args=[w.other.pk])}"'
        self.client.force_login(w.admin)
        self.assertContains(self.client.get(reverse("article_detail", args=[w.other.pk])), button)
        inactive = CampaignFactory(articles=[w.other], annotators=[w.annie], is_active=False)
        Assignment.objects.create(campaign=inactive, article=w.other, annotator=w.annie)
        self.client.force_login(w.annie)
        self.assertNotContains(self.client.get(reverse("article_detail", args=[w.other.pk])), button)

    def test_a_reveal_lifts_the_rule_on_every_revision(self) -> None:
        w = self.w
        assert not article_view_for(w.ann2, w.new).is_blind, "ann2 revealed revision 1"
        self.client.force_login(w.ann2)
        self.assertContains(self.client.get(reverse("article_detail", args=[w.new.pk])), "Northwind Wire")

    def test_editing_a_tag_keeps_the_words_its_note_shows_masked(self) -> None:
        w = self.w
        tag = w.tags["said-new"]
        Annotation.objects.filter(pk=tag.pk).update(note="Quote of Northwind Wire")
        tag.refresh_from_db()
        shown = article_view_for(w.annie, w.new).mask(tag.note)
        assert shown == f"Quote of {MASK_TOKEN}"
        self.client.force_login(w.annie)
        url = reverse("annotations:annotation_update", args=[tag.pk])
        framing = tag_type("framing")
        self.client.post(url, {"version": tag.version, "note": shown, "tag_type": framing.pk}, headers=self.hx)
        tag.refresh_from_db()
        assert (tag.tag_type, tag.note) == (framing, "Quote of Northwind Wire")
        self.client.post(url, {"version": tag.version, "note": "my own words"}, headers=self.hx)
        tag.refresh_from_db()
        assert tag.note == "my own words"
