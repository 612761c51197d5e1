"""`manage.py export_annotations --format jsonl|csv|w3c|doccano|label-studio [-o FILE] [filters]`."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from annotations.export import FORMATS, annotations_for_export, export_chunks
from annotations.models import Annotation, Campaign
from newsdesk.management.progress import ProgressBar, bar_wanted


class Command(BaseCommand):
    help = "Export live tags (streamed: any size) as native JSONL, CSV, W3C Web Annotation, doccano or Label Studio."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("-o", "--output", type=Path, help="Write here instead of standard output.")
        parser.add_argument("--campaign", type=int, help="Only this campaign's tags (its id).")
        parser.add_argument("--status", choices=Annotation.Status.values, help="Only tags with this review status.")
        parser.add_argument("--outlet", default="", metavar="SLUG", help="Only articles this outlet published.")
        parser.add_argument("--story", default="", metavar="SLUG", help="Only articles of this story.")
        parser.add_argument("--base-url", default="urn:newsdesk", help="Prefix of W3C annotation ids.")
        parser.add_argument(
            "--progress", action="store_true", help="Show the progress bar even when not on a terminal."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = None
        if options["campaign"] is not None:
            campaign = Campaign.objects.filter(pk=options["campaign"]).first()
            if campaign is None:
                raise CommandError(f"no campaign with id {options['campaign']}")
        qs = annotations_for_export(
            campaign=campaign, status=options["status"] or "", outlet=options["outlet"], story=options["story"]
        )
        output = Path(options["output"]) if options["output"] else None
        total = qs.count()
        bar = ProgressBar(self.stderr._out, enabled=output is not None and bar_wanted(options), verb="exporting")
        temporary = output.with_name(output.name + ".part") if output else None
        try:
            out = temporary.open("w", encoding="utf-8") if temporary else sys.stdout
        except OSError as exc:
            raise CommandError(f"{output}: cannot write ({exc.strerror})") from None
        written = 0
        try:
            for chunk in export_chunks(options["format"], qs, base_url=options["base_url"].rstrip("/")):
                out.write(chunk)
                written = min(total, written + max(1, chunk.count("\n")))
                bar(written, total)
        finally:
            if temporary:
                out.close()
        if temporary and output:
            temporary.replace(output)  # a half-written export never takes the real name
            self.stderr.write(self.style.SUCCESS(f"exported {total} tags as {options['format']} to {output}"))
