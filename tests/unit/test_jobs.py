"""Background jobs: per-item failures, a crash halfway, retry, re-extraction, exports, the CLI.

Transactional tests: jobs are enqueued on commit, and the tasks backend runs them inline.
"""

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError

from annotations.models import Annotation
from newsdesk.ingestion import pipeline
from newsdesk.jobs import job_retry, job_start
from newsdesk.models import Article, Job, Quote
from tests.factories import ArticleFactory, annotation_on, annotator, editor

pytestmark = pytest.mark.django_db(transaction=True)


def row(n: int, **extra: Any) -> str:
    return json.dumps(
        {
            "title": f"Harbour cranes idle for day {n}",
            "body": f"Dock workers stayed home on day {n}, union officials said.\n“We will not load the ships,” the union leader said.",
            "outlets": [{"name": "Baltic Ledger", "role": "primary"}],
            **extra,
        }
    )


def jsonl(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_an_import_job_reports_bad_rows_and_imports_the_rest() -> None:
    user = editor()
    ArticleFactory(body=json.loads(row(2))["body"])  # row 2 is already stored
    data = jsonl(row(1), row(2), "{oops", json.dumps({"title": "No body"}), row(5))
    job = job_start(
        kind=Job.Kind.IMPORT_ARTICLES, user=user, params={"format": "auto"}, upload=data, upload_name="batch.jsonl"
    )
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert (job.total, job.processed, job.succeeded, job.skipped) == (5, 5, 2, 1)
    assert [f["item"] for f in job.failures] == ["batch.jsonl:3", "batch.jsonl:4"]
    assert "invalid JSON" in job.failures[0]["reason"]
    assert "body" in job.failures[1]["reason"]
    assert Article.objects.filter(title__startswith="Harbour cranes idle").count() == 2
    assert job.percent == 100
    assert "Imported 2, duplicates 1, failed 2 of 5" in job.message


def test_a_row_the_database_refuses_costs_only_that_row(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.article_ingest

    def flaky(**kwargs: Any) -> Any:
        if "day 2" in kwargs["draft"].body:
            real(**kwargs)  # half of it is written …
            raise DatabaseError("disk full")  # … then the database gives up
        return real(**kwargs)

    monkeypatch.setattr(pipeline, "article_ingest", flaky)
    job = job_start(
        kind=Job.Kind.IMPORT_ARTICLES, user=None, params={}, upload=jsonl(row(1), row(2), row(3)), upload_name="b.jsonl"
    )
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.succeeded == 2
    assert job.failures == [{"item": "b.jsonl:2", "reason": "the database refused it (disk full)"}]
    assert not Article.objects.filter(body__contains="day 2").exists(), "the failed row left nothing behind"
    assert not Quote.objects.filter(article__isnull=True).exists()
    assert Article.objects.filter(body__contains="day 3").exists()


def test_a_crash_halfway_keeps_what_was_done_and_retry_finishes_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.article_ingest
    crash = {"on": True}

    def crashing(**kwargs: Any) -> Any:
        if crash["on"] and "day 3" in kwargs["draft"].body:
            raise RuntimeError("worker killed")
        return real(**kwargs)

    monkeypatch.setattr(pipeline, "article_ingest", crashing)
    data = jsonl(*(row(n) for n in range(1, 6)))
    job = job_start(kind=Job.Kind.IMPORT_ARTICLES, user=None, params={}, upload=data, upload_name="five.jsonl")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message.startswith("Stopped after 2 of 5 items: RuntimeError: worker killed")
    assert Article.objects.count() == 2
    assert job.succeeded == 2

    crash["on"] = False
    job = job_retry(job=job)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.attempts == 2
    assert (job.succeeded, job.skipped, job.failures) == (3, 2, [])
    assert Article.objects.count() == 5


def test_a_running_job_cannot_be_retried() -> None:
    job = Job.objects.create(kind=Job.Kind.REEXTRACT, status=Job.Status.RUNNING)
    with pytest.raises(ValueError, match="still running"):
        job_retry(job=job)


def test_reextraction_replaces_extracted_quotes_but_keeps_tagged_ones() -> None:
    article = ArticleFactory()
    pipeline.quotes_store(article=article, extraction=pipeline.run_extraction(article.body, "test"))
    quotes = list(Quote.objects.filter(article=article))
    assert quotes, "the factory article has a quote to start from"
    tagged = quotes[0]
    annotation_on(article, tagged.text, annotator=annotator(), quote=tagged)
    Quote.objects.create(article=article, start=0, end=5, text=article.body[:5], kind="direct")  # stale, untagged
    job = job_start(kind=Job.Kind.REEXTRACT, user=None, params={})
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.succeeded == 1
    assert Quote.objects.filter(pk=tagged.pk).exists()
    assert not Quote.objects.filter(article=article, start=0, end=5).exists()
    assert Quote.objects.filter(article=article, start=tagged.start, end=tagged.end).count() == 1, "no duplicate"
    assert Article.objects.get(pk=article.pk).extraction.get("sentences")


def test_an_export_job_writes_a_file() -> None:
    article = ArticleFactory()
    annotation_on(article, "Talks resumed", annotator=annotator())
    job = job_start(kind=Job.Kind.EXPORT_ANNOTATIONS, user=None, params={"format": "doccano"})
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.total == 1
    with job.output_file.open("rb") as handle:
        line = json.loads(handle.read().decode())
    assert line["text"] == article.body
    assert line["label"][0][2].startswith("claim/")


def test_an_import_tags_job_counts_what_it_placed() -> None:
    article = ArticleFactory()
    user = annotator()
    data = json.dumps(
        {"text": article.body, "label": [[0, 5, "claim/factual-claim"], [0, 99999, "claim/factual-claim"]]}
    )
    job = job_start(
        kind=Job.Kind.IMPORT_ANNOTATIONS,
        user=user,
        params={"format": "doccano"},
        upload=data.encode(),
        upload_name="d.jsonl",
    )
    job.refresh_from_db()
    assert (job.status, job.succeeded, len(job.failures)) == (Job.Status.DONE, 1, 1)
    assert Annotation.objects.get().annotator == user


def test_import_articles_in_the_background_from_the_command_line(tmp_path: Any) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_bytes(jsonl(row(1), "[1, 2]", row(3)))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", str(path), background=True, progress=True, stdout=out, stderr=err)
    assert "queued" in out.getvalue()
    assert "Imported 2, duplicates 0, failed 1 of 3" in out.getvalue()
    assert "batch.jsonl:2: each line must be a JSON object" in err.getvalue()
    assert "[██████████████████████████████] 3/3" in err.getvalue()


def test_background_import_refuses_what_it_cannot_do(tmp_path: Any) -> None:
    with pytest.raises(CommandError, match="one file"):
        call_command("import_articles", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"), background=True)
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_articles", str(tmp_path / "missing.jsonl"), background=True)


def test_reextract_command_shows_progress() -> None:
    ArticleFactory()
    out, err = io.StringIO(), io.StringIO()
    call_command("reextract", progress=True, stdout=out, stderr=err)
    assert "Re-extracted 1 of 1 articles; failed 0." in out.getvalue()
    assert "re-extracting [" in err.getvalue()
