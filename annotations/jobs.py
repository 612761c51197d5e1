"""The tag jobs: export and import of tags in the background (named in newsdesk.hooks by annotations/hooks.py)."""

from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from annotations.export import EXTENSIONS, annotations_for_export, export_chunks
from annotations.importer import annotations_import
from annotations.models import Campaign
from newsdesk.jobs import MAX_FAILURES_KEPT, Progress, read_input
from newsdesk.models import Job


def run_export_annotations(job: Job, progress: Progress) -> str:
    params = job.params
    fmt = params.get("format", "jsonl")
    campaign = Campaign.objects.filter(pk=params["campaign"]).first() if params.get("campaign") else None
    qs = annotations_for_export(
        campaign=campaign,
        status=params.get("status", ""),
        outlet=params.get("outlet", ""),
        story=params.get("story", ""),
        viewer=job.created_by,  # the export says what its owner may see (blind campaigns)
    )
    job.total = qs.count()
    progress.save(force=True)
    folder = Path(settings.MEDIA_ROOT) / "jobs" / "output"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"jobs/output/{job.pk}-annotations.{EXTENSIONS[fmt]}"
    with (Path(settings.MEDIA_ROOT) / name).open("w", encoding="utf-8") as out:
        for chunk in counted(
            export_chunks(fmt, qs, base_url=params.get("base_url", "urn:newsdesk"), viewer=job.created_by),
            job,
            progress,
        ):
            out.write(chunk)
    Job.objects.filter(pk=job.pk).update(output_file=name)
    return f"Exported {job.total} tags as {fmt}."


def counted(chunks: Iterator[str], job: Job, progress: Progress) -> Iterator[str]:
    """Export chunks; progress follows the tags written (a line or item per tag, near enough)."""
    for chunk in chunks:
        job.processed = min(job.total, job.processed + max(1, chunk.count("\n")))
        job.succeeded = job.processed
        progress.save()
        yield chunk
    job.processed = job.succeeded = job.total


def run_import_annotations(job: Job, progress: Progress) -> str:
    params = job.params
    campaign = Campaign.objects.filter(pk=params["campaign"]).first() if params.get("campaign") else None
    # Whoever started the job runs the import: their own tags, or (an admin) the annotators the file names.
    if job.created_by is None:
        raise ValueError("the user who started this import no longer exists")
    result = annotations_import(
        text=read_input(job), fmt=params.get("format", "jsonl"), actor=job.created_by, campaign=campaign
    )
    job.total = job.processed = result.total
    job.succeeded, job.skipped = result.created, result.duplicates
    job.failures = [{"item": where, "reason": reason} for where, reason in result.problems[:MAX_FAILURES_KEPT]]
    return f"Imported {result.created} tags, duplicates {result.duplicates}, not placed {len(result.problems)}."
