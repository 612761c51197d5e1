"""The blind-leak crawl: every URL pattern and every API operation, as a blind annotator and a blind
reviewer, with the ids of a blind campaign whose outlets are named everywhere (tests/blind_world.py).

No response body or header may hold a name, slug or domain of those outlets. The URLs come from
the URL conf (through the permission matrix's RULES, which fails on a URL without a rule) and
the operations from the OpenAPI schema, so a new view or endpoint is crawled by itself. Besides
GET (full page and htmx partial) every write a blind user can make is made: tags on masked spans
(workspace and API), edit, delete, undo, suggestions by key, review decisions and corrections,
adjudication (take, add, merge, undo, remove), decisions on ticked rows, exports in every format (streamed, API and background job) and a tag import.
"""

import json
import re
from collections.abc import Iterator
from typing import Any

from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client, TestCase
from django.urls import reverse

from annotations.suggestions import suggestions_for
from annotations.visibility import MASK_TOKEN, article_view_for
from newsdesk.models import Job
from tests.blind_world import NEEDLES, build, check_premise, users_in
from tests.factories import tag_type
from tests.views.test_permissions import RULES

NEEDLE = re.compile("|".join(re.escape(n) for n in NEEDLES), re.IGNORECASE)
# Not crawled blank: logging out ends the session; revealing is the one explicit way to see the outlet.
NOT_POSTED_BLANK = {"logout", "annotations:article_reveal"}


def content(response: HttpResponse) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")  # type: ignore[attr-defined]
    return response.content.decode("utf-8", "replace")


class BlindCrawlTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = build()

    def setUp(self) -> None:
        self.leaks: list[str] = []
        self.seen: set[str] = set()

    # Checking

    def check(self, response: HttpResponse, where: str) -> HttpResponse:
        assert response.status_code < 500, (where, response.status_code)
        text = content(response)
        headers = "\n".join(f"{k}: {v}" for k, v in response.items())
        for part, value in (("body", text), ("headers", headers)):
            found = NEEDLE.search(value)
            if found:
                at = found.start()
                self.leaks.append(f"{where} ({response.status_code}, {part}): …{value[max(0, at - 80) : at + 40]!r}…")
        self.seen.add(where.split(" ", 2)[1] if " " in where else where)
        return response

    def assert_no_leaks(self) -> None:
        assert not self.leaks, f"{len(self.leaks)} responses name a hidden outlet:\n" + "\n".join(self.leaks[:40])

    def client_for(self, user: Any) -> Client:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        return client

    # What to request

    def args_for(self, key: str) -> list[list[Any]]:
        w = self.world
        tags = w.tags
        return {
            "": [[]],
            "article": [[w.new.pk], [w.old.pk]],
            "story": [[w.story.slug]],
            "outlet": [[o.slug] for o in w.outlets],
            "outlets": [[w.outlets[0].slug, w.outlets[1].slug], [w.outlets[0].slug, w.other_outlet.slug]],
            "annotation": [[tags[k].pk] for k in ("said-new", "told-new", "second-new", "saboteurs-old")],
            "campaign": [[w.blind.pk], [w.open.pk]],
            "adjudicate": [[w.blind.pk, w.new.pk], [w.open.pk, w.old.pk]],
            "job": [[job.pk] for job in Job.objects.order_by("pk")],
            "token": [[pk] for pk in w.annie.api_tokens.values_list("pk", flat=True)],
            "orphan": [[w.orphan.pk]],  # type: ignore[union-attr]
        }[key]

    def urls(self) -> Iterator[tuple[str, str, str]]:
        """(name, method, url) for every named URL pattern with this world's ids."""
        for name, (method, key, _) in sorted(RULES.items()):
            for args in self.args_for(key):
                yield name, method, reverse(name, args=args)

    def api_operations(self) -> Iterator[tuple[str, str, str]]:
        """(operation id, method, url) for every operation of the OpenAPI schema."""
        schema = self.client_for(self.world.admin).get("/api/openapi.json").json()
        w = self.world
        values = {
            "article_id": [w.new.pk, w.old.pk],
            "tag_id": [w.tags[k].pk for k in ("said-new", "told-new", "second-new")],
            "slug": [w.story.slug],
            "job_id": list(Job.objects.values_list("pk", flat=True)),
        }
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                params = re.findall(r"{(\w+)}", path)
                combos: list[dict[str, Any]] = [{}]
                for param in params:
                    combos = [{**c, param: v} for c in combos for v in values[param]]
                for combo in combos:
                    url = path
                    for param, value in combo.items():
                        url = url.replace("{" + param + "}", str(value))
                    yield operation["operationId"], method, url

    def admin_urls(self) -> Iterator[str]:
        w = self.world
        objects = {"article": w.new.pk, "outlet": w.outlets[0].pk, "annotation": w.tags["said-new"].pk}
        yield reverse("admin:index")
        for model in admin.site._registry:
            meta = model._meta
            yield reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
            if meta.model_name in objects:
                yield reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[objects[meta.model_name]])

    # The crawl

    def test_premise_every_place_names_an_outlet(self) -> None:
        check_premise(self.world)

    def test_no_page_partial_or_blank_write_names_a_hidden_outlet(self) -> None:
        self.start_jobs()
        for role, user in users_in(self.world).items():
            client = self.client_for(user)
            for name, method, url in self.urls():
                self.check(client.get(url), f"{role} {name} GET {url}")
                self.check(client.get(url, headers={"HX-Request": "true"}), f"{role} {name} HX-GET {url}")
                if method == "post" and name not in NOT_POSTED_BLANK:
                    self.check(client.post(url, {}, headers={"HX-Request": "true"}), f"{role} {name} POST {url}")
            for url in self.admin_urls():
                self.check(client.get(url, follow=True), f"{role} admin GET {url}")
        self.assert_no_leaks()
        crawled = {where.split(" ")[0] for where in self.seen}
        assert set(RULES) <= crawled | NOT_POSTED_BLANK, sorted(set(RULES) - crawled)

    def test_no_api_operation_names_a_hidden_outlet(self) -> None:
        self.start_jobs()
        operations = list(self.api_operations())
        ids = {op.removeprefix("newsdesk_api_") for op, _, _ in operations}
        in_matrix = {n.removeprefix("api:") for n in RULES if n.startswith("api:") and not n.startswith("api:api-")}
        assert ids >= in_matrix - {"openapi-json", "openapi-view"}, "every operation of the API is crawled"
        for role, user in users_in(self.world).items():
            client = Client(raise_request_exception=False)
            auth = {"Authorization": f"Bearer {self.world.tokens[user.username]}"}
            for operation, method, url in operations:
                if method == "get":
                    self.check(client.get(url, headers=auth), f"{role} api:{operation} GET {url}")
                    if operation == "export_annotations":
                        for fmt in ("jsonl", "csv", "w3c", "doccano", "label-studio"):
                            response = client.get(url, {"format": fmt}, headers=auth)
                            self.check(response, f"{role} api:{operation} GET {url}?format={fmt}")
                else:  # writes with an empty body: each refuses or does nothing, and says nothing
                    response = client.generic(method.upper(), url, "{}", content_type="application/json", headers=auth)
                    self.check(response, f"{role} api:{operation} {method.upper()} {url}")
        self.assert_no_leaks()

    def test_the_writes_a_blind_annotator_can_make_name_no_hidden_outlet(self) -> None:
        w = self.world
        client = self.client_for(w.annie)
        view = article_view_for(w.annie, w.new)
        at = view.body.index(MASK_TOKEN + " said the strike")  # "Northwind Wire said …", masked
        span = {"start": at, "end": at + len(MASK_TOKEN) + 5, "text": view.body[at : at + len(MASK_TOKEN) + 5]}
        claim = tag_type("claim")
        create = reverse("annotations:annotation_create", args=[w.new.pk])
        for htmx in ({"HX-Request": "true"}, {}):
            response = client.post(create, {**span, "tag_type": claim.pk}, headers=htmx, follow=True)
            self.check(response, f"workspace create {htmx}")
        mine = w.new.annotations.filter(annotator=w.annie, deleted_at=None).order_by("-pk").first()
        assert mine is not None
        assert mine.text.startswith("Northwind Wire said"), "stored on the real text"
        edit = reverse("annotations:annotation_update", args=[mine.pk])
        self.check(client.post(edit, {"version": mine.version, "note": "n"}, headers={"HX-Request": "true"}), "edit")
        delete = reverse("annotations:annotation_delete", args=[mine.pk])
        self.check(client.post(delete, {"version": mine.version + 1}, headers={"HX-Request": "true"}), "delete")
        undo = reverse("annotations:annotation_undo", args=[w.new.pk])
        self.check(client.post(undo, headers={"HX-Request": "true"}), "undo")
        self.check(client.get(reverse("annotations:annotation_history", args=[mine.pk])), "history")
        # Every suggestion by its stored key and by the key shown: hidden ones are refused.
        for s in suggestions_for(w.new):
            for key in {s.key, view.suggestion_key(s)}:
                for name in ("suggestion_accept", "suggestion_dismiss"):
                    url = reverse(f"annotations:{name}", args=[w.new.pk])
                    self.check(client.post(url, {"key": key}, headers={"HX-Request": "true"}), f"{name} {key}")
        # The API: create on the masked span, read, edit, delete.
        auth = {"Authorization": f"Bearer {w.tokens['annie']}"}
        api = Client(raise_request_exception=False)
        body = json.dumps({**span, "label": "claim/factual-claim", "idempotency_key": "crawl-1"})
        created = self.check(
            api.post(f"/api/articles/{w.new.pk}/tags", body, content_type="application/json", headers=auth),
            "api create",
        )
        assert created.status_code == 201, created.content
        tag = created.json()
        assert tag["text"] == span["text"], "the API answers what the annotator saw"
        self.check(api.get(f"/api/tags/{tag['id']}", headers=auth), "api get")
        patch = json.dumps({"version": tag["version"], "note": "checked"})
        patched = api.patch(f"/api/tags/{tag['id']}", patch, content_type="application/json", headers=auth)
        self.check(patched, "api patch")
        self.check(api.get(f"/api/articles/{w.new.pk}", headers=auth), "api article after writes")
        self.check(api.delete(f"/api/tags/{tag['id']}?version={patched.json()['version']}", headers=auth), "api delete")
        finish = reverse("annotations:assignment_finish", args=[w.new.pk])
        self.check(client.post(finish, follow=True), "finish (its message names the article)")
        self.assert_no_leaks()

    def test_the_writes_a_blind_reviewer_can_make_name_no_hidden_outlet(self) -> None:
        w = self.world
        client = self.client_for(w.rita)
        view = article_view_for(w.rita, w.new)
        said = w.tags["said-new"]
        start, end = view.span(said.start, said.end)
        hx = {"HX-Request": "true"}
        decide = reverse("annotations:review_decide", args=[said.pk])
        self.check(client.post(decide, {"decision": "accept", "version": said.version}, headers=hx), "decide")
        said.refresh_from_db()
        correct = reverse("annotations:review_correct", args=[said.pk])
        fields = {"version": said.version, "start": start, "end": end + 4, "tag_type": tag_type("claim").pk}
        self.check(client.post(correct, fields, headers=hx), "correct")
        queue = reverse("annotations:review_queue")
        for params in ({"status": "all"}, {"status": "all", "campaign": w.blind.pk}):
            self.check(client.get(queue, params), f"queue {params}")
        bulk = {"confirm": "yes", "decision": "reject", "f_status": "pending", "f_campaign": w.open.pk}
        self.check(client.post(reverse("annotations:review_bulk"), bulk, follow=True), "bulk")
        adjudicate = reverse("annotations:campaign_adjudicate", args=[w.blind.pk, w.new.pk])
        self.check(client.post(adjudicate, {"use": w.tags["said-new"].pk}, follow=True), "adjudicate: use")
        gold = {"start": start, "end": end, "text": view.body[start:end], "tag_type": tag_type("framing").pk}
        self.check(client.post(adjudicate, gold, follow=True), "adjudicate: add")
        removal = {"remove": w.gold.pk, "version": w.gold.version}
        self.check(client.post(adjudicate, removal, follow=True), "adjudicate: remove from gold")
        merge = {
            "action": "merge",
            "merge": [w.tags["said-new"].pk, w.tags["told-new"].pk],
            "tag_type": tag_type("claim").pk,
        }
        self.check(client.post(adjudicate, merge, headers=hx), "curate: merge")
        self.check(client.post(adjudicate, {"action": "undo"}, headers=hx), "curate: undo")
        said.refresh_from_db()
        picks = {"pick": [f"{said.pk}:{said.version}"], "decision": "needs_changes", "comment": "check the span"}
        self.check(client.post(reverse("annotations:review_selected"), picks, headers=hx), "selected rows")
        self.check(client.get(reverse("annotations:article_review", args=[w.new.pk])), "review inside the article")
        orphan = reverse("annotations:orphan_resolve", args=[w.orphan.pk])  # type: ignore[union-attr]
        self.check(client.post(orphan, {"action": "place", "text": "Harbor Gazette learned"}, follow=True), "orphan")
        export = reverse("annotations:annotation_export")
        for fmt in ("jsonl", "csv", "w3c", "doccano", "label-studio"):
            self.check(client.post(export, {"format": fmt}), f"export {fmt}")
            self.check(client.post(export, {"format": fmt, "campaign": w.blind.pk}), f"export {fmt} of the campaign")
        with self.captureOnCommitCallbacks(execute=True):
            started = client.post(export, {"format": "jsonl", "action": "background"})
        job = Job.objects.filter(created_by=w.rita).latest("pk")
        for url in (started["Location"], reverse("job_detail", args=[job.pk]), reverse("job_download", args=[job.pk])):
            self.check(client.get(url, follow=True), f"export job {url}")
        self.import_tags(client)
        self.assert_no_leaks()

    # Jobs and imports

    def start_jobs(self) -> None:
        """An export job and a tag import by the blind reviewer, so the job URLs have ids to crawl."""
        client = self.client_for(self.world.rita)
        with self.captureOnCommitCallbacks(execute=True):
            client.post(reverse("annotations:annotation_export"), {"format": "csv", "action": "background"})
        self.import_tags(client)

    def import_tags(self, client: Client) -> None:
        """A reviewer guessing the hidden text or URL learns nothing from a tag import."""
        w = self.world
        lines = [
            json.dumps({"text": w.new.body, "label": [[0, 5, "claim/factual-claim"]]}),  # the real text: a hash match
            json.dumps(
                {"start": 0, "end": 2, "label": "claim/factual-claim", "exact": "By", "article": {"url": w.new.url}}
            ),  # fmt: skip
        ]
        for fmt, data in (("doccano", lines[0]), ("jsonl", lines[1])):
            upload = SimpleUploadedFile(f"tags.{fmt}.jsonl", data.encode())
            with self.captureOnCommitCallbacks(execute=True):
                response = client.post(reverse("job_import_annotations"), {"file": upload, "format": fmt}, follow=True)
            self.check(response, f"tag import {fmt}")
            job = Job.objects.filter(kind=Job.Kind.IMPORT_ANNOTATIONS).latest("pk")
            assert job.succeeded == 0, "nothing is placed on an article hidden from the importer"
            assert job.failures, "reported, as for an article that is not there"
            assert all("no stored article" in f["reason"] for f in job.failures), job.failures
