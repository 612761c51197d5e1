"""Workspace endpoints: permissions, both response shapes, every validation error, conflicts, query counts."""

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse

from annotations.models import Annotation, Assignment, Campaign, ReviewEvent, SuggestionDismissal, TagType
from annotations.suggestions import RECENT
from newsdesk.extraction import extract
from tests.factories import (
    ArticleFactory,
    CampaignFactory,
    annotation_on,
    annotator,
    editor,
    reader,
    reviewer,
    second_annotator,
    tag_type,
)

BODY = "Officials said the bridge was hit twice.\n“We will rebuild it,” the mayor said in Kiev."


class WorkspaceTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie = annotator()
        cls.bert = second_annotator()
        cls.rita = reviewer()
        cls.eddie = editor()
        cls.rex = reader()
        cls.article = ArticleFactory(body=BODY)
        cls.article.extraction = extract(cls.article.body).to_storage()
        cls.article.save()
        cls.campaign = CampaignFactory(
            articles=[cls.article], annotators=[cls.annie, cls.bert], visibility=Campaign.Visibility.OWN
        )
        Assignment.objects.create(campaign=cls.campaign, article=cls.article, annotator=cls.annie)
        Assignment.objects.create(campaign=cls.campaign, article=cls.article, annotator=cls.bert)
        cls.claim = tag_type("claim")
        cls.url = reverse("annotations:article_annotate", args=[cls.article.pk])
        cls.create_url = reverse("annotations:annotation_create", args=[cls.article.pk])

    def setUp(self) -> None:
        cache.clear()  # what the workspace keeps per article row version (suggestions, sentences)
        RECENT.clear()

    def post_tag(self, text: str = "the bridge was hit", **extra: object) -> object:
        start = self.article.body.index(text)
        data = {"start": start, "end": start + len(text), "text": text, "tag_type": self.claim.pk, **extra}
        return self.client.post(self.create_url, data, headers={"HX-Request": "true"})

    # Reading

    def test_anonymous_is_sent_to_login(self) -> None:
        response = self.client.get(self.url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert self.client.post(self.create_url).status_code == 302

    def tags_page(self, **params: object) -> str:
        url = reverse("annotations:annotation_list", args=[self.article.pk])
        return self.client.get(url, params, headers={"HX-Request": "true"}).content.decode()

    def suggestions_page(self, **params: object) -> str:
        url = reverse("annotations:suggestion_list", args=[self.article.pk])
        return self.client.get(url, params, headers={"HX-Request": "true"}).content.decode()

    def test_full_page_and_htmx_partial(self) -> None:
        self.client.force_login(self.annie)
        page = self.client.get(self.url)
        self.assertContains(page, "<html")
        self.assertContains(page, 'id="toolbar"')
        partial = self.client.get(self.url, headers={"HX-Request": "true"}).content.decode()
        assert 'id="workspace"' in partial
        assert "<html" not in partial
        assert Assignment.objects.get(annotator=self.annie).status == Assignment.Status.IN_PROGRESS

    def test_the_text_marks_every_tag_compactly_and_the_cards_come_in_pages(self) -> None:
        outer = annotation_on(self.article, "the bridge was hit", annotator=self.annie)
        inner = annotation_on(self.article, "bridge", annotator=self.annie, note="inner note")
        self.client.force_login(self.annie)
        page = self.client.get(self.url).content.decode()
        # Nested tags: the outer one alone, then both (innermost label's colour, "n"), then the outer again.
        # Where a tag starts, its label rides along as a chip (data-chip, drawn by CSS).
        chip = outer.tag_type.label
        assert f'<mark class="t{outer.tag_type_id}" data-a="{outer.pk}" data-chip="{chip}">the </mark>' in page
        assert (
            f'<mark class="t{inner.tag_type_id} n" data-a="{outer.pk} {inner.pk}" data-chip="{chip}">bridge</mark>'
            in page
        )
        assert f'<mark class="t{outer.tag_type_id}" data-a="{outer.pk}"> was hit</mark>' in page
        assert 'id="tags-count">(2)</span>' in page
        assert "inner note" not in page, "cards are not part of the page: they load once the text is shown"
        assert 'hx-trigger="load"' in page
        cards = self.tags_page()
        assert f'id="a{outer.pk}"' in cards
        assert "inner note" in cards
        assert cards.index(f'id="a{outer.pk}"') < cards.index(f'id="a{inner.pk}"')  # the text's order
        assert "<html" not in cards
        full = self.client.get(reverse("annotations:annotation_list", args=[self.article.pk]))
        self.assertContains(full, "<html")
        self.assertContains(full, "inner note")

    def test_tag_pages_follow_each_other_and_reach_a_given_tag(self) -> None:
        tags = [annotation_on(self.article, "Officials", annotator=self.annie, note=f"n{i}") for i in range(45)]
        self.client.force_login(self.annie)
        first = self.tags_page()
        assert first.count('class="tag-item') == 40
        assert f'?after={tags[39].pk}"' in first
        assert 'hx-trigger="intersect once"' in first
        second = self.tags_page(after=tags[39].pk)
        assert second.count('class="tag-item') == 5
        assert f'id="a{tags[40].pk}"' in second
        assert f'id="a{tags[39].pk}"' not in second
        assert 'class="more"' not in second
        # The cursor still works once its tag is gone (deleted since the page loaded).
        Annotation.objects.filter(pk=tags[39].pk).update(deleted_at="2026-01-01T00:00:00Z")
        assert self.tags_page(after=tags[39].pk).count('class="tag-item') == 5
        reach = self.tags_page(through=tags[44].pk)
        assert reach.count('class="tag-item') == 44
        assert 'class="more"' not in reach

    def test_suggestion_pages_and_the_marks_in_the_text(self) -> None:
        self.client.force_login(self.annie)
        page = self.client.get(self.url).content.decode()
        kiev = next(s["start"] for s in self.article.extraction["framing_candidates"] if s["text"] == "Kiev")
        assert f"f{kiev}-{kiev + 4}" in page, "every open suggestion is outlined in the text from its offsets"
        cards = self.suggestions_page()
        assert f'data-key="framing:{kiev}:{kiev + 4}"' in cards
        assert f'id="s-framing-{kiev}-{kiev + 4}"' in cards
        after = self.suggestions_page(after=f"framing:{kiev}:{kiev + 4}")
        assert f'data-key="framing:{kiev}:{kiev + 4}"' not in after
        self.client.force_login(self.rita)
        assert self.client.get(reverse("annotations:suggestion_list", args=[self.article.pk])).status_code == 403

    def test_user_without_assignment_or_role_gets_403(self) -> None:
        self.client.force_login(self.rex)
        assert self.client.get(self.url).status_code == 403
        assert self.post_tag().status_code == 403  # type: ignore[attr-defined]

    def test_annotator_of_another_article_gets_403(self) -> None:
        other = annotator("olga")
        self.client.force_login(other)
        assert self.client.get(self.url).status_code == 403

    def test_reviewer_sees_all_layers_read_only(self) -> None:
        annotation_on(self.article, "the bridge", annotator=self.annie)
        self.client.force_login(self.rita)
        response = self.client.get(self.url)
        self.assertContains(response, "Read-only")
        self.assertContains(response, "the bridge")
        self.assertNotContains(response, 'id="toolbar"')
        cards = self.tags_page()
        assert "the bridge" in cards
        assert 'class="badge">annie<' in cards
        assert "edit-button" not in cards
        assert "delete-button" not in cards
        assert self.post_tag().status_code == 403  # type: ignore[attr-defined]

    def test_admin_can_annotate_any_article(self) -> None:
        self.client.force_login(self.eddie)
        assert self.client.get(self.url).status_code == 200
        assert self.post_tag().status_code == 200  # type: ignore[attr-defined]

    def test_annotators_see_only_their_own_layer(self) -> None:
        bert = annotation_on(self.article, "the bridge", annotator=self.bert, note="bert's secret note")
        self.client.force_login(self.annie)
        self.assertNotContains(self.client.get(self.url), f'data-a="{bert.pk}"')
        assert "secret note" not in self.tags_page()
        assert f'id="a{bert.pk}"' not in self.tags_page(through=bert.pk)

    def test_others_layer_shows_once_done_when_the_campaign_allows(self) -> None:
        Campaign.objects.filter(pk=self.campaign.pk).update(visibility=Campaign.Visibility.AFTER_DONE)
        bert = annotation_on(self.article, "the bridge", annotator=self.bert, note="bert note")
        self.client.force_login(self.annie)
        assert "bert note" not in self.tags_page()
        Assignment.objects.filter(annotator=self.annie).update(status=Assignment.Status.DONE)
        assert "bert note" in self.tags_page()
        self.assertContains(
            self.client.get(self.url), f'<mark class="t{bert.tag_type_id} o" data-a="{bert.pk}" data-chip="'
        )

    def test_workspace_queries_are_bounded(self) -> None:
        for i in range(30):
            annotation_on(self.article, "bridge", annotator=self.annie, note=f"n{i}")
        self.client.force_login(self.annie)
        # One of them: is the article hidden from this user (blind campaigns); one: the campaign's "N of M done";
        # one: the labels in the marked text's cache key (a renamed label shows on its chips at once).
        with self.assertNumQueries(19):
            self.client.get(self.url)
        with self.assertNumQueries(16):  # the extraction is read once per row version; the assignment has started
            self.client.get(self.url)
        with self.assertNumQueries(7):  # session, user, article, assignment, roles, blind campaigns, the page
            self.tags_page()
        with self.assertNumQueries(8):  # … assignment, roles, blind campaigns, dismissed, taken
            self.suggestions_page()

    def write_queries(self) -> dict[str, int]:
        """The queries of each write (create, edit, delete, undo, accept, dismiss), in that order."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        counts = {}
        hx = {"HX-Request": "true"}
        key = f"k{Annotation.objects.count()}"
        start = self.article.body.index("Officials")
        data = {
            "start": start,
            "end": start + 9,
            "text": "Officials",
            "tag_type": self.claim.pk,
            "idempotency_key": key,
        }
        with CaptureQueriesContext(connection) as create:
            assert self.client.post(self.create_url, data, headers=hx).status_code == 200
        tag = Annotation.objects.get(idempotency_key=key)
        edit_url = reverse("annotations:annotation_update", args=[tag.pk])
        with CaptureQueriesContext(connection) as edit:
            assert self.client.post(edit_url, {"version": 1, "note": "x"}, headers=hx).status_code == 200
        delete_url = reverse("annotations:annotation_delete", args=[tag.pk])
        with CaptureQueriesContext(connection) as delete:
            assert self.client.post(delete_url, {"version": 2}, headers=hx).status_code == 200
        undo_url = reverse("annotations:annotation_undo", args=[self.article.pk])
        with CaptureQueriesContext(connection) as undo:
            assert self.client.post(undo_url, headers=hx).status_code == 200
        quote = next(q for q in self.article.extraction["quotes"] if q["kind"] == "direct")
        suggestion = {"key": f"quote:{quote['start']}:{quote['end']}"}
        accept_url = reverse("annotations:suggestion_accept", args=[self.article.pk])
        with CaptureQueriesContext(connection) as accept:
            assert self.client.post(accept_url, suggestion, headers=hx).status_code == 200
        ReviewEvent.objects.filter(annotation__suggestion_key=suggestion["key"]).delete()
        Annotation.objects.filter(suggestion_key=suggestion["key"]).delete()
        dismiss_url = reverse("annotations:suggestion_dismiss", args=[self.article.pk])
        with CaptureQueriesContext(connection) as dismiss:
            assert self.client.post(dismiss_url, suggestion, headers=hx).status_code == 200
        SuggestionDismissal.objects.all().delete()
        for name, captured in (
            ("create", create),
            ("edit", edit),
            ("delete", delete),
            ("undo", undo),
            ("accept", accept),
            ("dismiss", dismiss),
        ):
            counts[name] = len(captured)
        return counts

    def test_every_write_costs_the_same_queries_at_one_tag_and_at_many(self) -> None:
        self.client.force_login(self.annie)
        self.client.get(self.url)
        pinned = {"create": 18, "edit": 15, "delete": 16, "undo": 18, "accept": 22, "dismiss": 13}
        assert self.write_queries() == pinned
        for i in range(120):
            annotation_on(self.article, "bridge" if i % 2 else "the mayor", annotator=self.annie, note=f"n{i}")
        assert self.write_queries() == pinned

    def test_a_write_answers_only_what_changed(self) -> None:
        others = [annotation_on(self.article, "mayor", annotator=self.annie, note=f"far {i}") for i in range(50)]
        self.client.force_login(self.annie)
        response = self.post_tag(note="check")
        body = response.content.decode()  # type: ignore[attr-defined]
        tag = Annotation.objects.get(note="check")
        assert 'id="ws-message"' in body
        assert "Saved: Claim · Factual claim on “the bridge was hit”." in body
        assert 'id="tags-count" class="muted" hx-swap-oob="true">(51)</span>' in body
        assert '<p hx-swap-oob="true" id="p0" data-start="0" data-end="40">' in body
        chip = self.claim.label
        assert f'<mark class="t{self.claim.pk}" data-a="{tag.pk}" data-chip="{chip}">the bridge was hit</mark>' in body
        assert f'id="a{tag.pk}"' in body
        assert "check" in body
        assert 'id="p1"' not in body, "the paragraph without the change is not sent"
        assert not any(f'"a{o.pk}"' in body for o in others), "nor the cards of other tags"
        assert 'id="workspace"' not in body
        assert "<html" not in body
        assert len(body) < 6000

    def test_delete_and_undo_answer_the_card_going_and_coming_back(self) -> None:
        tag = annotation_on(self.article, "bridge", annotator=self.annie)
        ReviewEvent.record(annotation=tag, actor=self.annie, action=ReviewEvent.Action.CREATED)
        self.client.force_login(self.annie)
        hx = {"HX-Request": "true"}
        deleted = self.client.post(
            reverse("annotations:annotation_delete", args=[tag.pk]), {"version": 1}, headers=hx
        ).content.decode()
        assert f'data-remove="a{tag.pk}"' in deleted
        assert f'data-a="{tag.pk}"' not in deleted
        assert 'id="p0"' in deleted
        assert "(0)</span>" in deleted
        undone = self.client.post(reverse("annotations:annotation_undo", args=[self.article.pk]), headers=hx)
        assert "Undid the deletion." in undone.content.decode()
        assert f'<li id="a{tag.pk}"' in undone.content.decode()
        assert f'data-a="{tag.pk}"' in undone.content.decode()

    # Creating

    def test_create_answers_the_changed_fragments_and_records_the_event(self) -> None:
        self.client.force_login(self.annie)
        with self.assertNumQueries(17):  # no idempotency key: one lookup fewer than in the pinned counts
            response = self.post_tag(note="check")
        assert response.status_code == 200  # type: ignore[attr-defined]
        body = response.content.decode()  # type: ignore[attr-defined]
        assert 'id="ws-changes"' in body
        assert 'hx-swap-oob="true"' in body
        assert "<html" not in body
        annotation = Annotation.objects.get()
        assert (annotation.text, annotation.note, annotation.campaign) == ("the bridge was hit", "check", self.campaign)
        assert annotation.prefix.endswith("Officials said ")
        assert ReviewEvent.objects.get().action == ReviewEvent.Action.CREATED

    def test_non_htmx_create_redirects_back(self) -> None:
        self.client.force_login(self.annie)
        start = self.article.body.index("bridge")
        response = self.client.post(
            self.create_url, {"start": start, "end": start + 6, "text": "bridge", "tag_type": self.claim.pk}
        )
        self.assertRedirects(response, self.url)
        assert Annotation.objects.count() == 1

    def test_the_same_idempotency_key_never_makes_two_tags(self) -> None:
        self.client.force_login(self.annie)
        self.post_tag(idempotency_key="k-1")
        response = self.post_tag(idempotency_key="k-1")
        assert response.status_code == 200  # type: ignore[attr-defined]
        assert Annotation.objects.count() == 1
        self.assertContains(response, "Already saved")  # type: ignore[arg-type]

    def test_validation_errors_answer_422_with_a_message(self) -> None:
        self.client.force_login(self.annie)
        long = len(self.article.body)
        cases = [
            ({"start": 5, "end": long + 10, "text": "x"}, "past the end"),
            ({"start": 10, "end": 10, "text": ""}, "span is empty"),
            ({"start": 12, "end": 5, "text": "x"}, "span is empty"),
            ({"start": -1, "end": 5, "text": "x"}, "cannot be negative"),
            ({"start": "a", "end": 5, "text": "x"}, "not numbers"),
            ({"start": 0, "end": 9, "text": "Something"}, "does not match"),
            ({"start": 0, "end": 9, "text": "Officials", "tag_type": 999999}, "unknown"),
            ({"start": 0, "end": 9, "text": "Officials", "note": "x" * 2001}, "too long"),
            ({"start": 0, "end": 9, "text": "Officials", "quote": "123456"}, "does not exist"),
            # Numbers too big for any id or offset column: refused, never sent to the database.
            ({"start": 0, "end": 9, "text": "Officials", "speaker": "9" * 25}, "does not exist"),
            ({"start": 0, "end": 9, "text": "Officials", "tag_type": "9" * 25}, "unknown"),
            ({"start": "9" * 25, "end": "9" * 26, "text": "x"}, "past the end"),
        ]
        for data, message in cases:
            response = self.client.post(
                self.create_url, {"tag_type": self.claim.pk, **data}, headers={"HX-Request": "true"}
            )
            assert response.status_code == 422, (data, response.status_code)
            self.assertContains(response, message, status_code=422)
            assert response["HX-Retarget"] == "#ws-problem"
        assert Annotation.objects.count() == 0

    def test_label_outside_the_campaign_is_refused(self) -> None:
        self.campaign.tag_types.add(tag_type("framing"))
        self.client.force_login(self.annie)
        response = self.post_tag()
        assert response.status_code == 422  # type: ignore[attr-defined]
        self.assertContains(response, "not used in this campaign", status_code=422)  # type: ignore[arg-type]

    def test_unknown_article_is_404(self) -> None:
        self.client.force_login(self.annie)
        assert self.client.get(reverse("annotations:article_annotate", args=[999999])).status_code == 404

    def test_get_on_a_write_url_is_405(self) -> None:
        self.client.force_login(self.annie)
        assert self.client.get(self.create_url).status_code == 405

    # Editing, deleting, undo

    def test_edit_with_a_stale_version_is_a_409_conflict(self) -> None:
        annotation = annotation_on(self.article, "bridge", annotator=self.annie)
        self.client.force_login(self.annie)
        url = reverse("annotations:annotation_update", args=[annotation.pk])
        ok = self.client.post(url, {"version": 1, "note": "first"}, headers={"HX-Request": "true"})
        assert ok.status_code == 200
        stale = self.client.post(url, {"version": 1, "note": "second"}, headers={"HX-Request": "true"})
        assert stale.status_code == 409
        self.assertContains(stale, "changed", status_code=409)
        annotation.refresh_from_db()
        assert (annotation.note, annotation.version) == ("first", 2)

    def test_delete_needs_the_current_version_and_keeps_history(self) -> None:
        annotation = annotation_on(self.article, "bridge", annotator=self.annie)
        self.client.force_login(self.annie)
        url = reverse("annotations:annotation_delete", args=[annotation.pk])
        assert self.client.post(url, {"version": 5}, headers={"HX-Request": "true"}).status_code == 409
        assert self.client.post(url, {"version": 1}, headers={"HX-Request": "true"}).status_code == 200
        annotation.refresh_from_db()
        assert annotation.deleted_at is not None
        assert self.client.post(url, {"version": 2}, headers={"HX-Request": "true"}).status_code == 409

    def test_cannot_change_someone_elses_tag(self) -> None:
        annotation = annotation_on(self.article, "bridge", annotator=self.bert)
        self.client.force_login(self.annie)
        for name in ("annotations:annotation_update", "annotations:annotation_delete"):
            assert self.client.post(reverse(name, args=[annotation.pk]), {"version": 1}).status_code == 403

    def test_undo_reverts_create_delete_and_edit_in_order(self) -> None:
        self.client.force_login(self.annie)
        undo = reverse("annotations:annotation_undo", args=[self.article.pk])
        self.post_tag()
        annotation = Annotation.objects.get()
        self.client.post(
            reverse("annotations:annotation_update", args=[annotation.pk]), {"version": 1, "note": "edited"}
        )
        self.client.post(undo, headers={"HX-Request": "true"})
        annotation.refresh_from_db()
        assert annotation.note == ""
        self.client.post(undo, headers={"HX-Request": "true"})
        annotation.refresh_from_db()
        assert annotation.deleted_at is not None
        response = self.client.post(undo, headers={"HX-Request": "true"})
        self.assertContains(response, "Nothing to undo")

    # Suggestions

    def test_accept_and_dismiss_a_suggestion(self) -> None:
        self.client.force_login(self.annie)
        key = next(s["start"] for s in self.article.extraction["framing_candidates"] if s["text"] == "Kiev")
        framing_key = f"framing:{key}:{key + 4}"
        assert framing_key in self.suggestions_page()
        response = self.client.post(
            reverse("annotations:suggestion_accept", args=[self.article.pk]),
            {"key": framing_key},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        accepted = Annotation.objects.get()
        assert (accepted.text, accepted.tag_type.kind, accepted.tag_type.slug) == ("Kiev", "framing", "naming-choice")
        answer = response.content.decode()
        assert f'data-remove="s-framing-{key}-{key + 4}"' in answer, "its card leaves the list"
        assert f'data-a="{accepted.pk}" data-chip="{accepted.tag_type.label}">Kiev</mark>' in answer, (
            "its tag is marked"
        )
        assert framing_key not in self.suggestions_page()
        quote = next(q for q in self.article.extraction["quotes"] if q["kind"] == "direct")
        quote_key = f"quote:{quote['start']}:{quote['end']}"
        self.client.post(reverse("annotations:suggestion_dismiss", args=[self.article.pk]), {"key": quote_key})
        assert SuggestionDismissal.objects.filter(annotator=self.annie, suggestion_key=quote_key).exists()
        assert quote_key not in self.suggestions_page()
        assert f"q{quote['start']}-{quote['end']}" not in self.client.get(self.url).content.decode()
        bad = self.client.post(
            reverse("annotations:suggestion_accept", args=[self.article.pk]),
            {"key": "nope:1:2"},
            headers={"HX-Request": "true"},
        )
        assert bad.status_code == 422

    # Assignments

    def test_finish_moves_to_the_next_article(self) -> None:
        nxt = ArticleFactory(title="Second article")
        Assignment.objects.create(campaign=self.campaign, article=nxt, annotator=self.annie, position=2)
        self.client.force_login(self.annie)
        response = self.client.post(reverse("annotations:assignment_finish", args=[self.article.pk]))
        self.assertRedirects(response, reverse("annotations:article_annotate", args=[nxt.pk]))
        assert Assignment.objects.get(annotator=self.annie, article=self.article).status == Assignment.Status.DONE
        htmx = self.client.post(reverse("annotations:assignment_finish", args=[nxt.pk]), headers={"HX-Request": "true"})
        assert htmx["HX-Redirect"] == reverse("annotations:assignment_list")

    def test_time_on_task_is_recorded_and_capped(self) -> None:
        self.client.force_login(self.annie)
        url = reverse("annotations:assignment_ping", args=[self.article.pk])
        assert self.client.post(url, {"seconds": "30"}).status_code == 204
        assert self.client.post(url, {"seconds": "99999"}).status_code == 204
        assert self.client.post(url, {"seconds": "abc"}).status_code == 422
        spent = Assignment.objects.get(annotator=self.annie).time_spent.total_seconds()
        assert spent == 150

    def test_assignment_list_and_next(self) -> None:
        self.client.force_login(self.annie)
        page = self.client.get(reverse("annotations:assignment_list"))
        self.assertContains(page, "Next article")
        partial = self.client.get(
            reverse("annotations:assignment_list"), headers={"HX-Request": "true"}
        ).content.decode()
        assert 'id="assignment-list"' in partial
        assert "<html" not in partial
        self.assertRedirects(self.client.get(reverse("annotations:assignment_next")), self.url)

    def test_tag_colours_stylesheet(self) -> None:
        response = self.client.get(reverse("annotations:tag_colours_css"))
        assert response["Content-Type"] == "text/css"
        first = TagType.objects.order_by("kind", "order").first()
        assert first is not None
        assert f".tag-{first.pk}, .t{first.pk} {{ --tag: {first.colour}; }}" in response.content.decode()
