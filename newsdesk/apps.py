from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def search_index_ensure(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After every migrate: the SQLite word-search index and its triggers exist (see newsdesk.search)."""
    from django.db import connections

    from newsdesk.search import sqlite_fts_ensure

    sqlite_fts_ensure(connections[using])


class NewsdeskConfig(AppConfig):
    name = "newsdesk"
    verbose_name = "Corpus"

    def ready(self) -> None:
        post_migrate.connect(search_index_ensure, sender=self)
