"""Word search on SQLite: an FTS5 table of article titles and bodies, kept current by triggers.

PostgreSQL has its own (the tsvector of 0006): nothing happens there.
"""

from django.db import migrations


def fts_on(apps, schema_editor):
    from newsdesk.search import sqlite_fts_ensure

    sqlite_fts_ensure(schema_editor.connection)


def fts_off(apps, schema_editor):
    from newsdesk.search import sqlite_fts_remove

    sqlite_fts_remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("newsdesk", "0008_attribution_chains"),
    ]

    operations = [migrations.RunPython(fts_on, fts_off, elidable=False)]
