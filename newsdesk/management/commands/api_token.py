"""`manage.py api_token USERNAME [--name NAME]`: make a personal API token and print it (once)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsdesk.models import ApiToken


class Command(BaseCommand):
    help = "Make an API token for a user. It is printed once; only its hash is stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="What the token is for.")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        _token, key = ApiToken.issue(user=user, name=name)
        self.stdout.write(key)
        self.stderr.write(f"Use it as the header  Authorization: Bearer {key[:8]}…  (it is not shown again)")
