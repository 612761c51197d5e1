"""`manage.py demo`: the quick start — migrate, collect static files, load the demo data, serve.

One command on a fresh clone gives a working app on SQLite at http://127.0.0.1:8000
with the demo users printed. Every step is idempotent, so running it again is harmless.
"""

import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Set up the database and demo data, then serve the app at http://127.0.0.1:8000 (quick start)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "addrport", nargs="?", default="127.0.0.1:8000", help="Where to serve (default 127.0.0.1:8000)."
        )
        parser.add_argument("--no-serve", action="store_true", help="Set up and load the demo data, but do not serve.")
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start the background-job worker beside the server."
        )

    def handle(self, *args: Any, addrport: str, no_serve: bool, **options: Any) -> None:
        verbosity = options["verbosity"]
        self.stdout.write(self.style.MIGRATE_HEADING("Setting up the database"))
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        self.stdout.write(self.style.MIGRATE_HEADING("Collecting static files"))
        call_command("collectstatic", interactive=False, verbosity=max(verbosity - 1, 0))
        self.stdout.write(self.style.MIGRATE_HEADING("Loading the demo data"))
        call_command("load_demo", verbosity=verbosity, stdout=self.stdout._out, stderr=self.stderr._out)
        if no_serve:
            return
        worker = None
        if not options["no_worker"]:
            # Background jobs (imports, exports, re-extraction) need a worker: one runs beside the server.
            worker = subprocess.Popen([sys.executable, str(settings.BASE_DIR / "manage.py"), "db_worker"])
        self.stdout.write(self.style.SUCCESS(f"Serving newsdesk at http://{addrport}/ (Ctrl-C stops it)"))
        try:
            # whitenoise serves the collected static files, so runserver works with DEBUG off too.
            call_command("runserver", addrport, use_reloader=False)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)
