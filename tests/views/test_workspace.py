"""Workspace endpoints: permissions, both response shapes, every validation error, conflicts, query counts."""

from django.test import TestCase
from django.urls import reverse

from annotations.models import Annotation, Assignment, Campaign, ReviewEvent, SuggestionDismissal, TagType
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

    def test_full_page_and_htmx_partial(self) -> None:
        self.client.force_login(self.annie)
        page = self.client.get(self.url)
        self.assertContains(page, "<html")
        self.assertContains(page, 'id="toolbar"')
        partial = self.client.get(self.url, headers={"HX-Request": "true"}).content.decode()
        assert 'id="workspace"' in partial
        assert "<html" not in partial
        assert Assignment.objects.get(annotator=self.annie).status == Assignment.Status.IN_PROGRESS

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
        assert self.post_tag().status_code == 403  # type: ignore[attr-defined]

    def test_admin_can_annotate_any_article(self) -> None:
        self.client.force_login(self.eddie)
        assert self.client.get(self.url).status_code == 200
        assert self.post_tag().status_code == 200  # type: ignore[attr-defined]

    def test_annotators_see_only_their_own_layer(self) -> None:
        annotation_on(self.article, "the bridge", annotator=self.bert, note="bert's secret note")
        self.client.force_login(self.annie)
        self.assertNotContains(self.client.get(self.url), "bert&#x27;s secret note")

    def test_others_layer_shows_once_done_when_the_campaign_allows(self) -> None:
        Campaign.objects.filter(pk=self.campaign.pk).update(visibility=Campaign.Visibility.AFTER_DONE)
        annotation_on(self.article, "the bridge", annotator=self.bert, note="bert note")
        self.client.force_login(self.annie)
        self.assertNotContains(self.client.get(self.url), "bert note")
        Assignment.objects.filter(annotator=self.annie).update(status=Assignment.Status.DONE)
        self.assertContains(self.client.get(self.url), "bert note")

    def test_workspace_queries_are_bounded(self) -> None:
        for i in range(30):
            annotation_on(self.article, "bridge", annotator=self.annie, note=f"n{i}")
        self.client.force_login(self.annie)
        # One of them: is the article hidden from this user (blind campaigns); one: the campaign's "N of M done".
        with self.assertNumQueries(16):
            self.client.get(self.url)
        # Saving costs the same whatever the number of tags already there.
        start = self.article.body.index("Officials")
        with self.assertNumQueries(22):
            self.client.post(
                self.create_url,
                {"start": start, "end": start + 9, "text": "Officials", "tag_type": self.claim.pk},
                headers={"HX-Request": "true"},
            )

    # Creating

    def test_create_answers_the_workspace_fragment_and_records_the_event(self) -> None:
        self.client.force_login(self.annie)
        with self.assertNumQueries(22):
            response = self.post_tag(note="check")
        assert response.status_code == 200  # type: ignore[attr-defined]
        body = response.content.decode()  # type: ignore[attr-defined]
        assert 'id="workspace"' in body
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
        page = self.client.get(self.url).content.decode()
        assert "framing:" in page
        key = next(s["start"] for s in self.article.extraction["framing_candidates"] if s["text"] == "Kiev")
        framing_key = f"framing:{key}:{key + 4}"
        response = self.client.post(
            reverse("annotations:suggestion_accept", args=[self.article.pk]),
            {"key": framing_key},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        accepted = Annotation.objects.get()
        assert (accepted.text, accepted.tag_type.kind, accepted.tag_type.slug) == ("Kiev", "framing", "naming-choice")
        assert framing_key not in response.content.decode()
        quote = next(q for q in self.article.extraction["quotes"] if q["kind"] == "direct")
        quote_key = f"quote:{quote['start']}:{quote['end']}"
        self.client.post(reverse("annotations:suggestion_dismiss", args=[self.article.pk]), {"key": quote_key})
        assert SuggestionDismissal.objects.filter(annotator=self.annie, suggestion_key=quote_key).exists()
        assert quote_key not in self.client.get(self.url).content.decode()
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
        assert f".tag-{first.pk} {{ --tag: {first.colour}; }}" in response.content.decode()
