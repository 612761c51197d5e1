"""`manage.py import_annotations PATH --format jsonl|doccano|label-studio [--by NAME] [--annotator NAME] [--campaign ID] [--dry-run]`."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from annotations.importer import FORMATS, annotations_import
from annotations.models import Campaign
from newsdesk.ingestion.readers import ImportProblem, decode
from newsdesk.management.commands.import_articles import unexpected


class Command(BaseCommand):
    help = (
        "Import tags from native JSONL, doccano JSONL or Label Studio JSON, re-anchored on the stored "
        "article text. Items that cannot be placed exactly are listed and skipped, never guessed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, metavar="PATH")
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument(
            "--by",
            default="",
            metavar="USERNAME",
            help="Who runs the import: the actor in the audit trail (default: --annotator). Tags keep the "
            "annotator the file names, or go to --annotator, only when this user is an admin.",
        )
        parser.add_argument(
            "--annotator", default="", metavar="USERNAME", help="Owner of tags whose file names no known user."
        )
        parser.add_argument("--campaign", type=int, help="Put the tags in this campaign (its id).")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, write nothing.")

    def handle(
        self, *args: Any, path: Any, format: str, by: str, annotator: str, dry_run: bool, **options: Any
    ) -> None:
        path = Path(path)
        default = self.user(annotator) if annotator else None
        actor = self.user(by) if by else default
        if actor is None:
            raise CommandError(
                "say who runs the import: --by USERNAME (an admin, to keep the annotators the file names) "
                "or --annotator USERNAME (whose tags these are)"
            )
        campaign = None
        if options["campaign"] is not None:
            campaign = Campaign.objects.filter(pk=options["campaign"]).first()
            if campaign is None:
                raise CommandError(f"no campaign with id {options['campaign']}")
        try:
            size = path.stat().st_size
            if size > settings.NEWSDESK_MAX_IMPORT_FILE_SIZE:
                raise CommandError(
                    f"{path}: the file is {size:,} bytes, over the limit of {settings.NEWSDESK_MAX_IMPORT_FILE_SIZE:,} bytes"
                )
            text = decode(path.read_bytes(), str(path))
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror})") from None
        except ImportProblem as problem:
            raise CommandError(str(problem)) from None
        try:
            result = annotations_import(
                text=text, fmt=format, actor=actor, annotator=default, campaign=campaign, dry_run=dry_run
            )
        except PermissionDenied as exc:
            raise CommandError(f"{exc} (--by names who runs the import)") from None
        except DatabaseError as exc:
            raise CommandError(f"{path}: the database refused the import, nothing was written: {exc}") from None
        except Exception as exc:  # whatever the input, a message and not a traceback (the import rolled back)
            raise CommandError(f"{path}: could not be imported, nothing was written: {unexpected(exc)}") from None
        for where, reason in result.problems:
            self.stderr.write(f"{path}: {where}: {reason}")
        verb = "would import" if dry_run else "imported"
        summary = f"{verb} {result.created} tags, duplicates {result.duplicates}, not placed {len(result.problems)}"
        self.stdout.write(self.style.SUCCESS(summary) if not result.problems else summary)

    def user(self, name: str) -> Any:
        found = get_user_model().objects.filter(username=name).first()
        if found is None:
            raise CommandError(f"no user named {name!r}")
        return found
