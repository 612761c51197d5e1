"""`manage.py load_demo`: the seed article, invented coverage of the same event, demo users and campaign."""

from typing import Any

from django.core.management.base import BaseCommand

from newsdesk.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo corpus, users (passwords printed) and an annotation campaign. Running it twice is harmless."

    def handle(self, *args: Any, **options: Any) -> None:
        demo_load(out=self.stdout)
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Log in as annotator, reviewer or admin with the passwords above.")
        )
