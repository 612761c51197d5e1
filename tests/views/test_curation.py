"""Curation (versions grouped by span, the gold layer built from them), decisions on ticked rows, review inside the article."""

from typing import Any

from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations import gold
from annotations.models import Annotation, Assignment, GoldAnnotation, GoldEvent, ReasonCode
from annotations.review import review_decide
from annotations.views.curation import span_groups
from annotations.visibility import article_view_for
from tests.blind_world import NEEDLES, build
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

HX = {"HX-Request": "true"}
BODY = "Officials said the bridge was hit twice overnight.\nThe mayor promised to rebuild it by spring."


def queries(client: Any, url: str, **kwargs: Any) -> int:
    """Queries of one request, with nothing cached (the agreement order is cached per state of the data)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **kwargs)
    assert response.status_code == 200, response.status_code
    return len(captured)


class CurationTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie, cls.bert, cls.rita, cls.eddie = annotator(), second_annotator(), reviewer(), editor()
        cls.article = ArticleFactory(title="Bridge", body=BODY)
        cls.calm = ArticleFactory(title="Calm article", body=BODY + "\nCalm.")
        ArticleCreditFactory(article=cls.article, outlet=OutletFactory(name="Harbor Ledger", slug="harbor-ledger"))
        cls.campaign = CampaignFactory(articles=[cls.article, cls.calm], annotators=[cls.annie, cls.bert])
        for article in (cls.article, cls.calm):
            for who in (cls.annie, cls.bert):
                Assignment.objects.create(campaign=cls.campaign, article=article, annotator=who, status="done")
        cls.a = annotation_on(cls.article, "the bridge was hit", annotator=cls.annie, campaign=cls.campaign)
        cls.b = annotation_on(
            cls.article, "the bridge was hit twice", annotator=cls.bert, campaign=cls.campaign, kind="framing"
        )
        cls.mayor = annotation_on(cls.article, "rebuild it by spring", annotator=cls.annie, campaign=cls.campaign)
        # The calm article: both annotators agree exactly.
        for who in (cls.annie, cls.bert):
            annotation_on(cls.calm, "the bridge was hit", annotator=who, campaign=cls.campaign)
        cls.other = CampaignFactory(articles=[cls.article], annotators=[cls.annie])
        cls.elsewhere = annotation_on(cls.article, "Officials", annotator=cls.annie, campaign=cls.other)
        cls.url = reverse("annotations:campaign_adjudicate", args=[cls.campaign.pk, cls.article.pk])
        cls.curate = reverse("annotations:campaign_curate", args=[cls.campaign.pk])

    def post(self, data: dict[str, Any], **kwargs: Any) -> Any:
        return self.client.post(self.url, data, headers=HX, **kwargs)

    # Who gets in

    def test_pages_send_anonymous_to_login_and_refuse_annotators(self) -> None:
        for url in (self.url, self.curate):
            response = self.client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))
            self.client.force_login(self.annie)
            assert self.client.get(url).status_code == 403
            assert self.client.post(url, {"use": self.b.pk}).status_code in (403, 405)
            self.client.logout()
        assert not GoldAnnotation.objects.exists()

    # Reading

    def test_full_page_and_htmx_partial(self) -> None:
        self.client.force_login(self.rita)
        page = self.client.get(self.url)
        self.assertContains(page, "<html")
        self.assertContains(page, 'id="curation-text"')
        self.assertContains(page, 'data-o="15"')  # the article as segments with offsets, for selections
        partial = self.client.get(self.url, headers=HX).content.decode()
        assert 'id="curation-panel"' in partial
        assert "<html" not in partial
        assert "curation-text" not in partial

    def test_versions_of_one_span_are_grouped_with_their_statuses(self) -> None:
        review_decide(annotation=self.b, reviewer=self.rita, decision="reject", version=1, comment="too long")
        self.client.force_login(self.eddie)
        groups = self.client.get(self.url).context["groups"]
        assert [[m.pk for m in g.members] for g in groups] == [[self.b.pk, self.a.pk], [self.mayor.pk]]
        assert (groups[0].agreed, groups[1].missing) == (False, ["bert"])
        page = self.client.get(self.url).content.decode()
        assert "status-rejected" in page
        assert "Rejected" in page
        assert "status-pending" in page
        assert "Officials" not in [g.text for g in groups]  # another campaign's tag is not a version here

    def test_groups_join_overlaps_transitively(self) -> None:
        view = article_view_for(self.rita, self.article)
        spans = [Annotation(start=0, end=5), Annotation(start=4, end=9), Annotation(start=8, end=12)]
        spans.append(Annotation(start=20, end=22))
        for span in spans:
            span.annotator, span.in_gold, span.tag_type_id = self.annie, False, 1  # type: ignore[attr-defined]
        assert [(g.start, g.end, len(g.members)) for g in span_groups(spans, [], view)] == [(0, 12, 3), (20, 22, 1)]

    def test_articles_come_lowest_agreement_first(self) -> None:
        self.client.force_login(self.rita)
        rows = self.client.get(self.curate).context["rows"]
        assert [r["view"].pk for r in rows] == [self.article.pk, self.calm.pk]
        assert rows[0]["alpha"] < rows[1]["alpha"] == 1.0
        assert rows[0]["n_tags"] == 3
        assert rows[0]["n_gold"] == 0

    def test_agreement_order_is_cached_until_a_tag_or_assignment_changes(self) -> None:
        self.client.force_login(self.rita)
        cache.clear()
        first = queries(self.client, self.curate)
        with CaptureQueriesContext(connection) as cached:
            self.client.get(self.curate)
        assert len(cached) < first
        review_decide(annotation=self.mayor, reviewer=self.rita, decision="accept", version=1)  # a change
        annotation_on(self.calm, "mayor", annotator=self.annie, campaign=self.campaign, tag_type=tag_type("framing"))
        rows = self.client.get(self.curate).context["rows"]
        assert rows[1]["alpha"] < 1.0  # recomputed: the calm article no longer agrees fully

    def test_queries_do_not_grow_with_the_tags(self) -> None:
        self.client.force_login(self.rita)
        before = (
            queries(self.client, self.url),
            queries(self.client, self.url, headers=HX),
            queries(self.client, self.curate),
        )
        for i in range(15):
            for who in (self.annie, self.bert):
                annotation_on(self.article, "Officials", annotator=who, campaign=self.campaign, note=str(i))
                annotation_on(self.calm, "mayor", annotator=who, campaign=self.campaign, note=str(i))
        gold.gold_from_annotation(annotation=self.a, actor=self.rita)
        gold.gold_from_annotation(annotation=self.b, actor=self.rita)
        after = (
            queries(self.client, self.url),
            queries(self.client, self.url, headers=HX),
            queries(self.client, self.curate),
        )
        assert after == before

    # Writing

    def test_take_answers_the_panel_and_changes_no_tag(self) -> None:
        self.client.force_login(self.rita)
        response = self.post({"use": self.b.pk})
        assert response.status_code == 200
        body = response.content.decode()
        assert 'id="curation-panel"' in body
        assert "<html" not in body
        assert "Took bert’s version" in body
        item = GoldAnnotation.objects.get()
        assert (item.source, item.text, item.tag_type.kind) == (self.b, "the bridge was hit twice", "framing")
        self.b.refresh_from_db()
        assert (self.b.status, self.b.version) == ("pending", 1)

    def test_merge_covers_the_union_with_the_chosen_label(self) -> None:
        self.client.force_login(self.rita)
        label = tag_type("attribution")
        response = self.post({"action": "merge", "merge": [self.a.pk, self.b.pk], "tag_type": label.pk})
        assert response.status_code == 200, response.content
        item = GoldAnnotation.objects.get()
        assert (item.start, item.end, item.text, item.tag_type, item.source) == (
            self.a.start, self.b.end, "the bridge was hit twice", label, None,
        )  # fmt: skip
        assert item.events.get().comment == "merged from annie, bert"

    def test_merge_refuses_one_version_and_versions_apart(self) -> None:
        self.client.force_login(self.rita)
        label = tag_type("claim").pk
        assert self.post({"action": "merge", "merge": [self.a.pk], "tag_type": label}).status_code == 422
        apart = self.post({"action": "merge", "merge": [self.a.pk, self.mayor.pk], "tag_type": label})
        assert apart.status_code == 422
        assert "overlapping" in apart.content.decode()
        assert not GoldAnnotation.objects.exists()

    def test_own_item_from_a_selection_then_undo_walks_back_one_choice_at_a_time(self) -> None:
        self.client.force_login(self.rita)
        self.post({"use": self.a.pk})
        added = self.post({"start": 0, "end": 9, "text": "Officials", "tag_type": tag_type("attribution").pk})
        assert added.status_code == 200
        assert GoldAnnotation.objects.alive().count() == 2
        assert "Undid the new gold item" in self.post({"action": "undo"}).content.decode()
        assert list(GoldAnnotation.objects.alive().values_list("text", flat=True)) == ["the bridge was hit"]
        self.post({"action": "undo"})
        assert not GoldAnnotation.objects.alive().exists()
        assert "Nothing of yours to undo" in self.post({"action": "undo"}).content.decode()
        # Every step is in the gold trail, undos marked.
        assert list(GoldEvent.objects.order_by("id").values_list("action", "comment")) == [
            ("created", ""), ("created", ""), ("removed", "undo"), ("removed", "undo"),
        ]  # fmt: skip

    def test_undo_of_a_removal_and_of_a_replacement(self) -> None:
        self.client.force_login(self.rita)
        self.post({"use": self.a.pk})
        item = GoldAnnotation.objects.get()
        self.post({"remove": item.pk, "version": item.version})
        assert not GoldAnnotation.objects.alive().exists()
        self.post({"action": "undo"})
        item.refresh_from_db()
        assert item.removed_at is None
        gold.gold_replace(item=item, actor=self.rita, version=item.version, note="changed", start=0, end=9)
        self.post({"action": "undo"})
        item.refresh_from_db()
        assert (item.text, item.note, item.source) == ("the bridge was hit", "", self.a)

    def test_remove_is_version_checked(self) -> None:
        self.client.force_login(self.rita)
        self.post({"use": self.a.pk})
        item = GoldAnnotation.objects.get()
        stale = self.post({"remove": item.pk, "version": item.version + 1})
        assert stale.status_code == 409
        assert GoldAnnotation.objects.alive().count() == 1

    def test_without_htmx_a_write_redirects_back(self) -> None:
        self.client.force_login(self.rita)
        response = self.client.post(self.url, {"use": self.a.pk})
        self.assertRedirects(response, self.url)

    # Adversarial

    def test_reviewer_cannot_take_or_merge_their_own_tag(self) -> None:
        own = annotation_on(self.article, "the bridge", annotator=self.rita, campaign=self.campaign)
        self.client.force_login(self.rita)
        assert self.post({"use": own.pk}).status_code == 403
        merge = {"action": "merge", "merge": [own.pk, self.a.pk], "tag_type": tag_type("claim").pk}
        assert self.post(merge).status_code == 403
        assert not GoldAnnotation.objects.exists()
        page = self.client.get(self.url).content.decode()
        assert f'id="take-{own.pk}"' not in page  # no button for it either

    def test_another_campaigns_tags_and_gold_are_not_found_here(self) -> None:
        self.client.force_login(self.rita)
        assert self.post({"use": self.elsewhere.pk}).status_code == 404
        merge = {"action": "merge", "merge": [self.elsewhere.pk, self.a.pk], "tag_type": tag_type("claim").pk}
        assert self.post(merge).status_code == 404
        foreign, _ = gold.gold_from_annotation(annotation=self.elsewhere, actor=self.eddie)
        assert self.post({"remove": foreign.pk, "version": foreign.version}).status_code == 404
        assert self.post({"action": "undo"}).content.decode().count("Nothing of yours to undo") == 1
        foreign.refresh_from_db()
        assert foreign.removed_at is None
        # An article outside the campaign has no curation page.
        outside = ArticleFactory(body="Elsewhere.")
        url = reverse("annotations:campaign_adjudicate", args=[self.campaign.pk, outside.pk])
        assert self.client.get(url).status_code == 404


class SelectedRowsTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie, cls.bert, cls.rita = annotator(), second_annotator(), reviewer()
        cls.article = ArticleFactory(body=BODY)
        ArticleCreditFactory(article=cls.article, outlet=OutletFactory(name="Harbor Ledger", slug="harbor-ledger"))
        cls.campaign = CampaignFactory(articles=[cls.article], annotators=[cls.annie, cls.bert])
        cls.a = annotation_on(cls.article, "the bridge was hit", annotator=cls.annie, campaign=cls.campaign)
        cls.b = annotation_on(cls.article, "the bridge was hit twice", annotator=cls.bert, campaign=cls.campaign)
        cls.c = annotation_on(cls.article, "rebuild it by spring", annotator=cls.annie, campaign=cls.campaign)
        cls.own = annotation_on(cls.article, "Officials", annotator=cls.rita, campaign=cls.campaign)
        cls.url = reverse("annotations:review_selected")
        cls.reason = ReasonCode.objects.filter(is_active=True).first()

    def statuses(self) -> dict[int, str]:
        return dict(Annotation.objects.values_list("pk", "status"))

    def test_anonymous_to_login_annotator_refused(self) -> None:
        response = self.client.post(self.url, {"pick": f"{self.a.pk}:1", "decision": "accept"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        self.client.force_login(self.annie)
        assert self.client.post(self.url, {"pick": f"{self.b.pk}:1", "decision": "accept"}).status_code == 403
        assert set(self.statuses().values()) == {"pending"}

    def test_reject_with_a_reason_acts_only_on_the_ticked_rows(self) -> None:
        self.client.force_login(self.rita)
        picks = [f"{self.a.pk}:1", f"{self.c.pk}:1"]
        data = {"pick": picks, "decision": "reject", "reason": self.reason.slug, "f_status": "pending"}  # type: ignore[union-attr]
        response = self.client.post(self.url, data, headers=HX)
        assert response.status_code == 200
        body = response.content.decode()
        assert "<html" not in body
        assert 'id="select-message"' in body
        assert "Rejected 2 tags" in body
        assert body.count('hx-swap-oob="outerHTML"') == 2  # the two decided rows, nothing else
        assert self.statuses() == {
            self.a.pk: "rejected",
            self.b.pk: "pending",
            self.c.pk: "rejected",
            self.own.pk: "pending",
        }
        event = self.a.events.latest("id")
        assert (event.actor, event.reason, event.action) == (self.rita, self.reason, "rejected")

    def test_needs_changes_without_reason_or_comment_is_refused(self) -> None:
        self.client.force_login(self.rita)
        response = self.client.post(self.url, {"pick": f"{self.a.pk}:1", "decision": "needs_changes"}, headers=HX)
        assert response.status_code == 422
        assert "Say why" in response.content.decode()
        ok = self.client.post(self.url, {"pick": f"{self.a.pk}:1", "decision": "needs_changes", "comment": "span?"})
        assert ok.status_code == 302
        assert self.statuses()[self.a.pk] == "needs_changes"

    def test_own_tags_and_stale_rows_are_left_alone_and_reported(self) -> None:
        self.client.force_login(self.rita)
        picks = [f"{self.own.pk}:1", f"{self.b.pk}:7", f"{self.a.pk}:1", "999999:1"]
        body = self.client.post(self.url, {"pick": picks, "decision": "accept"}, headers=HX).content.decode()
        assert "Accepted 1 tag." in body
        assert "1 of your own" in body
        assert "changed since" in body
        assert self.statuses() == {
            self.a.pk: "accepted",
            self.b.pk: "pending",
            self.c.pk: "pending",
            self.own.pk: "pending",
        }

    def test_nothing_ticked_or_garbage_is_a_clear_error(self) -> None:
        self.client.force_login(self.rita)
        for picks in ([], ["abc"], [f"{self.a.pk}"], ["1:2:3"]):
            response = self.client.post(self.url, {"pick": picks, "decision": "accept"}, headers=HX)
            assert response.status_code == 422, picks
        assert set(self.statuses().values()) == {"pending"}

    def test_queue_ticks_rows_and_groups_versions_of_one_span(self) -> None:
        self.client.force_login(self.rita)
        page = self.client.get(reverse("annotations:review_queue"))
        groups = page.context["groups"]
        assert [[a.pk for a in g] for g in groups] == [[self.b.pk, self.a.pk], [self.c.pk], [self.own.pk]]
        body = page.content.decode()
        assert f'value="{self.a.pk}:1" form="select-form"' in body
        assert 'class="span-versions"' in body
        assert 'type="number"' not in body  # spans are corrected by selecting words, not typed offsets
        assert f'data-o="{self.a.start}"' in body

    def test_queue_queries_do_not_grow_with_the_tags(self) -> None:
        self.client.force_login(self.rita)
        url = reverse("annotations:review_queue")
        before = queries(self.client, url), queries(self.client, url, headers=HX)
        for i in range(12):
            annotation_on(self.article, "the bridge", annotator=self.bert, campaign=self.campaign, note=str(i))
        assert (queries(self.client, url), queries(self.client, url, headers=HX)) == before


class ArticleReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie, cls.bert, cls.rita = annotator(), second_annotator(), reviewer()
        cls.article = ArticleFactory(body=BODY)
        cls.campaign = CampaignFactory(articles=[cls.article], annotators=[cls.annie, cls.bert])
        cls.a = annotation_on(cls.article, "the bridge was hit", annotator=cls.annie, campaign=cls.campaign)
        cls.own = annotation_on(cls.article, "Officials", annotator=cls.rita, campaign=cls.campaign)
        cls.url = reverse("annotations:article_review", args=[cls.article.pk])

    def test_roles(self) -> None:
        response = self.client.get(self.url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        self.client.force_login(self.annie)
        assert self.client.get(self.url).status_code == 403

    def test_page_shows_the_text_and_every_tag_with_its_decisions(self) -> None:
        self.client.force_login(self.rita)
        page = self.client.get(self.url)
        self.assertContains(page, "<html")
        body = page.content.decode()
        assert f'id="row-{self.a.pk}"' in body
        assert f'id="accept-{self.a.pk}"' in body
        assert f'id="accept-{self.own.pk}"' not in body
        assert "Your own tag" in body
        assert 'data-span-form="open"' in body
        assert f'data-o="{self.a.start}"' in body

    def test_decisions_from_the_article_go_through_the_review_path(self) -> None:
        self.client.force_login(self.rita)
        decide = reverse("annotations:review_decide", args=[self.a.pk])
        response = self.client.post(decide, {"decision": "accept", "version": 1, "next": self.url})
        self.assertRedirects(response, self.url)
        self.a.refresh_from_db()
        assert (self.a.status, self.a.version) == ("accepted", 2)
        assert (
            self.client.post(
                reverse("annotations:review_decide", args=[self.own.pk]), {"decision": "accept", "version": 1}
            ).status_code
            == 403
        )

    def test_filters_and_bounded_queries(self) -> None:
        self.client.force_login(self.rita)
        assert self.client.get(self.url, {"status": "accepted"}).context["annotations"] == []
        before = queries(self.client, self.url)
        for i in range(12):
            annotation_on(self.article, "mayor", annotator=self.bert, campaign=self.campaign, note=str(i))
        assert queries(self.client, self.url) == before


class BlindCurationTests(TestCase):
    """A reviewer blind in a campaign sees no outlet on the curation pages, the article review or a decision's answer."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = build()

    def assert_clean(self, text: str, where: str) -> None:
        lowered = text.lower()
        assert not [n for n in NEEDLES if n in lowered], where

    def test_blind_reviewer_sees_no_outlet(self) -> None:
        w = self.world
        self.client.force_login(w.rita)
        said = w.tags["said-new"]
        for url in (
            reverse("annotations:campaign_curate", args=[w.blind.pk]),
            reverse("annotations:campaign_adjudicate", args=[w.blind.pk, w.new.pk]),
            reverse("annotations:article_review", args=[w.new.pk]),
        ):
            self.assert_clean(self.client.get(url).content.decode(), url)
            self.assert_clean(self.client.get(url, headers=HX).content.decode(), f"htmx {url}")
        answer = self.client.post(
            reverse("annotations:review_selected"),
            {"pick": f"{said.pk}:{said.version}", "decision": "needs_changes", "comment": "check"},
            headers=HX,
        )
        assert "Sent back 1 tag" in answer.content.decode()
        self.assert_clean(answer.content.decode(), "selected answer")
