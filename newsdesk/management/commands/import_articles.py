"""`manage.py import_articles PATH… [--format …] [--story SLUG] [--outlet NAME] [--dry-run]`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from newsdesk.ingestion.pipeline import articles_import
from newsdesk.ingestion.readers import FORMATS
from newsdesk.jobs import job_start
from newsdesk.management.progress import ProgressBar, bar_wanted, follow
from newsdesk.models import Job


class Command(BaseCommand):
    help = "Import articles from .txt, .html, .jsonl or .csv files (one transaction: all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--format", default="auto", choices=("auto", *FORMATS))
        parser.add_argument(
            "--story", default="", metavar="SLUG", help="Put every article in this story (made if new)."
        )
        parser.add_argument(
            "--outlet", default="", metavar="NAME", help="Credit this outlet as primary where none is found."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report, write nothing.")
        parser.add_argument(
            "--progress", action="store_true", help="Show the progress bar even when not on a terminal."
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="Run as a background job (one file; each row on its own: bad rows are reported, the rest imported).",
        )
        parser.add_argument("--no-wait", action="store_true", help="With --background: queue the job and return.")

    def handle(
        self, *args: Any, paths: list[Path], format: str, story: str, outlet: str, dry_run: bool, **options: Any
    ) -> None:
        files: list[Path] = []
        for path in paths:
            if path.is_dir():
                files.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
            else:
                files.append(path)
        if options["background"]:
            self.background(files, format=format, story=story, outlet=outlet, dry_run=dry_run, **options)
            return
        progress = ProgressBar(self.stderr._out, enabled=bar_wanted(options))
        try:
            report = articles_import(
                paths=files, fmt=format, story=story, outlet=outlet, dry_run=dry_run, progress=progress
            )
        except DatabaseError as exc:
            raise CommandError(f"the database refused the batch, nothing was written: {exc}") from None
        except Exception as exc:  # whatever the input, a message and not a traceback (the batch rolled back)
            raise CommandError(f"the batch could not be imported, nothing was written: {unexpected(exc)}") from None
        for problem in report.errors:
            self.stderr.write(str(problem))
        for result in report.revisions:
            assert result.previous is not None  # a revision has a previous article
            self.stdout.write(
                f"{result.article.url}: revision {result.article.revision} of article {result.previous.pk}"
                + (f"; {result.carried.summary}" if result.carried is not None else "")
            )
        attached = {source: former for source, _article, former in report.attached}
        for source, existing in report.duplicates:
            line = f"{source}: duplicate of article {existing.pk} ({existing.title[:60]}), not stored again"
            if source in attached:
                former = attached[source]
                line += f"; {'would be' if dry_run else 'now'} in the story “{existing.story}”"
                line += f" (was in “{former}”)" if former else ""
            self.stdout.write(line)
        verb = "would import" if dry_run else "imported"
        duplicates = f"duplicates {len(report.duplicates)}"
        if report.attached:
            duplicates += f" ({len(report.attached)} {'would be' if dry_run else 'now'} in the story)"
        summary = f"{verb} {len(report.imported)}, {duplicates}, errors {len(report.errors)}"
        if report.errors:
            raise CommandError(f"{summary}; nothing was written because of the errors above")
        self.stdout.write(self.style.SUCCESS(summary + (" (dry run: nothing written)" if dry_run else "")))

    def background(
        self, files: list[Path], *, format: str, story: str, outlet: str, dry_run: bool, **options: Any
    ) -> None:
        if len(files) != 1:
            raise CommandError("--background takes one file (a .jsonl or .csv holds any number of articles)")
        if dry_run:
            raise CommandError("--background and --dry-run do not go together: run --dry-run in the foreground")
        path = files[0]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror})") from None
        job = job_start(
            kind=Job.Kind.IMPORT_ARTICLES,
            user=None,
            params={"format": format, "story": story, "outlet": outlet},
            upload=data,
            upload_name=path.name,
        )
        self.stdout.write(f"job {job.pk} queued: follow it at /jobs/{job.pk}/ (a worker runs it: manage.py db_worker)")
        if options["no_wait"]:
            return
        job = follow(job, bar=ProgressBar(self.stderr._out, enabled=bar_wanted(options)))
        for failure in job.failures:
            self.stderr.write(f"{failure['item']}: {failure['reason']}")
        if job.status == Job.Status.FAILED:
            raise CommandError(job.message or "the job failed")
        self.stdout.write(self.style.SUCCESS(job.message))


def unexpected(exc: Exception) -> str:
    """An error the readers did not foresee, said in one line (a bug to report, not the user's fault)."""
    return f"{type(exc).__name__}: {str(exc)[:300]} (please report this with the file)"
