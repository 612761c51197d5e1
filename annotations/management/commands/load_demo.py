"""`manage.py load_demo`: the seed article, invented coverage of the same event, demo users and campaign.

It lives in the annotations app because it loads both layers: the corpus (newsdesk/demo.py),
then the campaign, tags and reviews on it (annotations/demo.py).
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from annotations.demo import demo_load as annotations_demo_load
from newsdesk.demo import demo_load as corpus_demo_load


class Command(BaseCommand):
    help = "Load the demo corpus, users (passwords printed) and an annotation campaign. Running it twice is harmless."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            loaded = corpus_demo_load(out=self.stdout)
            self.stdout.write("Demo annotation campaign:\n")
            annotations_demo_load(users=loaded["users"], out=self.stdout)
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Log in as annotator, reviewer or admin with the passwords above.")
        )
