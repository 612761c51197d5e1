"""Background jobs: large imports, re-extraction and exports as Django tasks.

`job_start` stores a Job row (with its uploaded input) and enqueues `run_job` on the
tasks backend (django-tasks-db's `db_worker` in production, inline in tests). The
runner processes items one by one, each in its own transaction, so a failure costs
only that item: it is recorded in `Job.failures` with where it was and why, and the
rest stay imported. Progress is written to the row at most a few times a second; the
job page polls it with htmx and the CLI draws a bar from it.
"""

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.files.base import ContentFile, File
from django.db import DatabaseError, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string

from newsdesk.hooks import hooks
from newsdesk.models import Article, Job

logger = logging.getLogger(__name__)
MAX_FAILURES_KEPT = 1000
PROGRESS_EVERY_SECONDS = 0.5


class Progress:
    """Counts items and writes them to the job row now and then (and at the end)."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.last_write = 0.0

    def item(self, *, ok: bool = False, skipped: bool = False, where: str = "", reason: str = "") -> None:
        job = self.job
        job.processed += 1
        if ok:
            job.succeeded += 1
        elif skipped:
            job.skipped += 1
        else:
            if len(job.failures) < MAX_FAILURES_KEPT:
                job.failures.append({"item": where, "reason": reason})
        self.save()

    def save(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.last_write >= PROGRESS_EVERY_SECONDS:
            self.last_write = now
            Job.objects.filter(pk=self.job.pk).update(
                total=self.job.total,
                processed=self.job.processed,
                succeeded=self.job.succeeded,
                skipped=self.job.skipped,
                failures=self.job.failures,
            )


# Starting and retrying


def job_start(
    *, kind: str, user: User | None, params: dict[str, Any], upload: Any = None, upload_name: str = ""
) -> Job:
    """Store the job (and its input file) and enqueue it once the row is committed."""
    if kind not in Job.Kind.values:
        raise ValueError(f"unknown job kind {kind!r}")
    with transaction.atomic():
        job = Job.objects.create(kind=kind, params=params, created_by=user if user is not None and user.pk else None)
        if upload is not None:
            name = Path(upload_name or getattr(upload, "name", "") or "input").name[:200]
            content = upload if isinstance(upload, File) else ContentFile(upload)
            job.input_file.save(f"{job.pk}-{name}", content, save=False)
            job.input_name = name
            job.save(update_fields=["input_file", "input_name"])
    enqueue(job)
    job.refresh_from_db()
    return job


def enqueue(job: Job) -> None:
    def send() -> None:
        result = run_job.enqueue(job.pk)
        Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])

    transaction.on_commit(send)


def job_retry(*, job: Job) -> Job:
    """Run a finished job again from the start: items already imported count as skipped."""
    if not job.is_finished:
        raise ValueError("This job is still running; wait for it to finish before running it again.")
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.QUEUED,
        total=0,
        processed=0,
        succeeded=0,
        skipped=0,
        failures=[],
        message="",
        started_at=None,
        finished_at=None,
        task_id="",
    )
    job.refresh_from_db()
    enqueue(job)
    return job


# The task


@task
def run_job(job_id: int) -> None:
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status == Job.Status.RUNNING:
        return
    job.status, job.started_at, job.attempts = Job.Status.RUNNING, timezone.now(), job.attempts + 1
    job.save(update_fields=["status", "started_at", "attempts"])
    progress = Progress(job)
    try:
        message = job_runner(job.kind)(job, progress)
    except Exception as exc:  # a crash halfway: keep what was done, say what happened
        logger.exception("job %s failed", job.pk)
        progress.save(force=True)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            message=f"Stopped after {job.processed} of {job.total} items: {type(exc).__name__}: {exc}"[:2000],
        )
        return
    progress.save(force=True)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, finished_at=timezone.now(), message=message)


def read_input(job: Job) -> str:
    from newsdesk.ingestion.readers import decode

    with job.input_file.open("rb") as handle:
        return decode(handle.read(), job.input_name or "input")


def run_import_articles(job: Job, progress: Progress) -> str:
    from newsdesk.ingestion.pipeline import article_ingest, outlet_get_or_create, story_get_or_create
    from newsdesk.ingestion.readers import ImportProblem, format_for, read_each

    params = job.params
    source = job.input_name or "input"
    fmt = format_for(Path(source), params.get("format") or "auto")
    items = list(read_each(read_input(job), fmt=fmt, source=source))
    job.total = len(items)
    progress.save(force=True)
    story = story_get_or_create(key=params["story"], user=job.created_by) if params.get("story") else None
    outlet = outlet_get_or_create(name=params["outlet"]) if params.get("outlet") else None
    attached = 0
    for item in items:
        if isinstance(item, ImportProblem):
            progress.item(where=item.source, reason=item.reason)
            continue
        try:
            with transaction.atomic():
                result = article_ingest(draft=item, story=story, outlet=outlet, user=job.created_by)
                # The job remembers its articles, new and known, so its page can make a story of them.
                Job.articles.through.objects.bulk_create(
                    [Job.articles.through(job_id=job.pk, article_id=result.article.pk)], ignore_conflicts=True
                )
        except DatabaseError as exc:
            progress.item(where=item.source, reason=f"the database refused it ({exc})")
            continue
        attached += result.attached
        progress.item(ok=result.created, skipped=not result.created)
    duplicates = f"duplicates {job.skipped}" + (f" ({attached} now in the story “{story}”)" if attached else "")
    return f"Imported {job.succeeded}, {duplicates}, failed {len(job.failures)} of {job.total}."


def run_reextract(job: Job, progress: Progress) -> str:
    """Extraction again for every article (after a lexicon change): stored extraction and quotes."""
    from newsdesk.ingestion.pipeline import chains_store, quotes_store, run_extraction
    from newsdesk.models import AttributionChain, Quote

    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    job.total = len(ids)
    progress.save(force=True)
    for pk in ids:
        article = Article.objects.filter(pk=pk).first()
        if article is None:
            progress.item(skipped=True)
            continue
        try:
            with transaction.atomic():
                extraction = run_extraction(article.body, f"article {pk}")
                Article.objects.filter(pk=pk).update(extraction=extraction.to_storage())
                # Quotes tagged by annotators stay; extracted ones not linked to a tag are replaced.
                Quote.objects.filter(article_id=pk, origin=Quote.Origin.EXTRACTED, annotations__isnull=True).delete()
                kept = set(Quote.objects.filter(article_id=pk).values_list("start", "end"))
                quotes_store(article=article, extraction=extraction, skip=kept)
                AttributionChain.objects.filter(article_id=pk, annotations__isnull=True).delete()
                kept_chains = set(AttributionChain.objects.filter(article_id=pk).values_list("start", flat=True))
                chains_store(article=article, extraction=extraction, skip=kept_chains)
        except DatabaseError as exc:
            progress.item(where=f"article {pk}", reason=f"the database refused it ({exc})")
            continue
        progress.item(ok=True)
    return f"Re-extracted {job.succeeded} of {job.total} articles; failed {len(job.failures)}."


RUNNERS: dict[str, Callable[[Job, Progress], str]] = {
    Job.Kind.IMPORT_ARTICLES: run_import_articles,
    Job.Kind.REEXTRACT: run_reextract,
}


def job_runner(kind: str) -> Callable[[Job, Progress], str]:
    """The corpus's own runners, else one an app built on it names (the tag jobs: annotations/hooks.py)."""
    runner: Callable[[Job, Progress], str] = RUNNERS.get(kind) or import_string(hooks.job_runners[kind])
    return runner
