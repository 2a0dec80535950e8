"""Migrations of the core: ``migrate`` alone prepares a working database."""

import importlib

import pytest
from django.db import connection

cache_table = importlib.import_module("plein.core.migrations.0002_cache_table")


@pytest.mark.django_db(transaction=True)
def test_migrate_creates_the_database_cache_table(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "plein_cache_migration_test",
        }
    }
    try:
        with connection.schema_editor() as editor:
            cache_table.create_cache_table(None, editor)
            cache_table.create_cache_table(None, editor)  # and nothing twice
        assert "plein_cache_migration_test" in connection.introspection.table_names()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS plein_cache_migration_test")
