"""The database cache's table (the "shared" cache without REDIS_URL), made by `migrate` itself.

The login throttle counts failures in the cache; in the database, every worker sees the same
count. `createcachetable` skips tables that exist, so this is harmless where one was made by hand.
"""

from django.core.management import call_command
from django.db import migrations


def cache_table_create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("newsdesk", "0011_outlets_aliases")]

    operations = [migrations.RunPython(cache_table_create, migrations.RunPython.noop)]
