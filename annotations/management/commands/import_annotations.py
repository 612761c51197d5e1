"""`manage.py import_annotations PATH --format jsonl|doccano|label-studio [--annotator NAME] [--campaign ID] [--dry-run]`."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from annotations.importer import FORMATS, annotations_import
from annotations.models import Campaign
from newsdesk.ingestion.readers import ImportProblem, decode


class Command(BaseCommand):
    help = (
        "Import tags from native JSONL, doccano JSONL or Label Studio JSON, re-anchored on the stored "
        "article text. Items that cannot be placed exactly are listed and skipped, never guessed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, metavar="PATH")
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument(
            "--annotator", default="", metavar="USERNAME", help="Owner of tags whose file names no known user."
        )
        parser.add_argument("--campaign", type=int, help="Put the tags in this campaign (its id).")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, write nothing.")

    def handle(self, *args: Any, path: Any, format: str, annotator: str, dry_run: bool, **options: Any) -> None:
        path = Path(path)
        default = None
        if annotator:
            default = get_user_model().objects.filter(username=annotator).first()
            if default is None:
                raise CommandError(f"no user named {annotator!r}")
        campaign = None
        if options["campaign"] is not None:
            campaign = Campaign.objects.filter(pk=options["campaign"]).first()
            if campaign is None:
                raise CommandError(f"no campaign with id {options['campaign']}")
        try:
            text = decode(path.read_bytes(), str(path))
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror})") from None
        except ImportProblem as problem:
            raise CommandError(str(problem)) from None
        result = annotations_import(text=text, fmt=format, annotator=default, campaign=campaign, dry_run=dry_run)
        for where, reason in result.problems:
            self.stderr.write(f"{path}: {where}: {reason}")
        verb = "would import" if dry_run else "imported"
        summary = f"{verb} {result.created} tags, duplicates {result.duplicates}, not placed {len(result.problems)}"
        self.stdout.write(self.style.SUCCESS(summary) if not result.problems else summary)
