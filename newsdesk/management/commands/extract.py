"""`manage.py extract PATH [--json]`: run the extraction pipeline on a .txt or .html file, no database."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.extraction import extract
from newsdesk.ingestion.readers import ImportProblem, read_file


class Command(BaseCommand):
    help = (
        "Show the quotes, speakers, credits, embedded posts, cross-links and framing candidates of a text or HTML file."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--json", action="store_true", help="Print the documented JSON shape.")

    def handle(self, *args: Any, path: Path, json: bool, **options: Any) -> None:
        if path.suffix.lower() not in (".txt", ".text", ".html", ".htm"):
            raise CommandError(f"{path}: extract reads .txt or .html files")
        from django.conf import settings

        try:
            draft = read_file(path, max_bytes=settings.NEWSDESK_MAX_IMPORT_FILE_SIZE)[0]
        except ImportProblem as problem:
            raise CommandError(str(problem)) from None
        # The title line of a .txt file is not part of the body, as in import_articles.
        result = extract(draft.body)
        if json:
            self.stdout.write(dumps(result.to_json()))
            return
        self.print_human(result)

    def print_human(self, result: Any) -> None:
        w = self.stdout.write
        w(self.style.MIGRATE_HEADING(f"Quotes ({len(result.quotes)})"))
        for q in result.quotes:
            who = q.speaker or "—"
            cue = f"{q.cue.text} [{q.cue.stance}]" if q.cue else "—"
            w(f"  {q.kind:<8} {who:<22} {cue:<24} {q.text[:70]!r}")
        w(self.style.MIGRATE_HEADING(f"Speakers ({len(result.speakers)})"))
        for s in result.speakers:
            extra = f", {s.title}" if s.title else ""
            aliases = f"  aka {', '.join(s.aliases)}" if s.aliases else ""
            w(f"  {s.name}{extra} ({s.kind}){aliases}")
        w(self.style.MIGRATE_HEADING("Credits"))
        for c in result.credits:
            w(f"  {c.outlet} · {c.role}")
        w(self.style.MIGRATE_HEADING("Embedded posts"))
        for p in result.embedded_posts:
            w(f"  {p.author} ({p.handle}) {p.date or ''}: {p.text[:70]!r}")
        w(self.style.MIGRATE_HEADING("Cross-links and boilerplate"))
        for c in result.cross_links:
            w(f"  {c.text!r}")
        w(self.style.MIGRATE_HEADING("Framing candidates"))
        for f in result.framing_candidates:
            w(
                f"  {f.label:<14} {f.text!r}"
                + (f" (alternatives: {', '.join(f.alternatives)})" if f.alternatives else "")
            )


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
