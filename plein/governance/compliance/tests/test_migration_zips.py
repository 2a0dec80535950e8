"""Migration 0003: zips written under MEDIA_ROOT move into the exports storage."""

import importlib

import pytest
from django.apps import apps

from plein.governance.compliance.models import Export

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "plein.governance.compliance.migrations.0003_move_zips_to_exports_storage"
)


def test_old_zips_move_into_the_exports_storage_and_back(
    make_person,
    settings,
    tmp_path,
    exports_storage,
    stored_exports,
    django_capture_on_commit_callbacks,
):
    officer = make_person("Olga Officer", role="compliance")
    settings.MEDIA_ROOT = tmp_path / "media"
    old = tmp_path / "media" / "exports" / "export-3-abc.zip"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"PK zip")
    export = Export.objects.create(
        requested_by=officer,
        status=Export.Status.DONE,
        file="exports/export-3-abc.zip",
        keywords="overname",
    )
    with django_capture_on_commit_callbacks(execute=True):
        migration.move_in(apps, None)
    export.refresh_from_db()
    assert export.file == "ediscovery/export-3-abc.zip"
    assert stored_exports() == [export.file]
    with exports_storage.open(export.file, "rb") as stored:
        assert stored.read() == b"PK zip"
    assert not old.exists()

    with django_capture_on_commit_callbacks(execute=True):
        migration.move_out(apps, None)
    export.refresh_from_db()
    assert export.file == "exports/export-3-abc.zip"
    assert old.read_bytes() == b"PK zip"
    assert stored_exports() == []
