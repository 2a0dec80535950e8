"""The database cache's table, so that ``migrate`` alone prepares a database.

Without Redis, rate limits, log-in counts and the search engine's sync
coalescing live in the ``DatabaseCache`` table (config/settings.py). Django
creates it with ``createcachetable``, which a deployment can forget; this
migration runs it. It creates nothing when the cache is Redis or in memory,
and nothing twice.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command(
        "createcachetable", database=schema_editor.connection.alias, verbosity=0
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_task_leases_and_schedule")]

    operations = [
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
