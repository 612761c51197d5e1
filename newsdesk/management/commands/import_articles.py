"""`manage.py import_articles PATH… [--format …] [--story SLUG] [--outlet NAME] [--dry-run]`."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from newsdesk.ingestion.pipeline import articles_import
from newsdesk.ingestion.readers import FORMATS


class ProgressBar:
    """A one-line progress bar on stderr (only when stderr is a terminal or asked for)."""

    def __init__(self, stream: Any, *, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        width = 30
        filled = width * done // total
        bar = "█" * filled + "·" * (width - filled)
        self.stream.write(f"\r  importing [{bar}] {done}/{total}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


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

    def handle(
        self, *args: Any, paths: list[Path], format: str, story: str, outlet: str, dry_run: bool, **options: Any
    ) -> None:
        files: list[Path] = []
        for path in paths:
            if path.is_dir():
                files.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
            else:
                files.append(path)
        progress = ProgressBar(self.stderr._out, enabled=options["progress"] or sys.stderr.isatty())
        try:
            report = articles_import(
                paths=files, fmt=format, story=story, outlet=outlet, dry_run=dry_run, progress=progress
            )
        except DatabaseError as exc:
            raise CommandError(f"the database refused the batch, nothing was written: {exc}") from None
        for problem in report.errors:
            self.stderr.write(str(problem))
        for source, existing in report.duplicates:
            self.stdout.write(f"{source}: duplicate of article {existing.pk} ({existing.title[:60]}), not stored again")
        verb = "would import" if dry_run else "imported"
        summary = f"{verb} {len(report.imported)}, duplicates {len(report.duplicates)}, errors {len(report.errors)}"
        if report.errors:
            raise CommandError(f"{summary}; nothing was written because of the errors above")
        self.stdout.write(self.style.SUCCESS(summary + (" (dry run: nothing written)" if dry_run else "")))
