"""`manage.py reextract [--background]`: run extraction again on every article (after a lexicon change)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.jobs import job_start
from newsdesk.management.progress import ProgressBar, bar_wanted, follow
from newsdesk.models import Job


class Command(BaseCommand):
    help = "Re-run extraction on the whole corpus as a job; extracted quotes that carry tags are kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-wait", action="store_true", help="Queue the job for the worker and return.")
        parser.add_argument(
            "--progress", action="store_true", help="Show the progress bar even when not on a terminal."
        )

    def handle(self, *args: Any, no_wait: bool, **options: Any) -> None:
        job = job_start(kind=Job.Kind.REEXTRACT, user=None, params={})
        self.stdout.write(f"job {job.pk} queued: follow it at /jobs/{job.pk}/ (a worker runs it: manage.py db_worker)")
        if no_wait:
            return
        job = follow(job, bar=ProgressBar(self.stderr._out, enabled=bar_wanted(options), verb="re-extracting"))
        for failure in job.failures:
            self.stderr.write(f"{failure['item']}: {failure['reason']}")
        if job.status == Job.Status.FAILED:
            raise CommandError(job.message or "the job failed")
        self.stdout.write(self.style.SUCCESS(job.message))
