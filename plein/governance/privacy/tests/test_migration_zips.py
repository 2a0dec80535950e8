"""Migration 0002: zips written under MEDIA_ROOT move into the exports storage."""

import importlib
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.files.storage import FileSystemStorage

from plein.governance.privacy.models import DataExport

migration = importlib.import_module(
    "plein.governance.privacy.migrations.0002_move_zips_to_exports_storage"
)


def test_old_zips_move_into_the_exports_storage_and_back(
    trio: dict[str, Any],
    settings: Any,
    tmp_path: Any,
    exports_storage: FileSystemStorage,
    stored_exports: Callable[[], list[str]],
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    old = tmp_path / "media" / "privacy-exports" / "7" / "plein-mia-1-abc.zip"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"PK zip")
    moved = DataExport.objects.create(
        person=trio["me"],
        status=DataExport.Status.DONE,
        file="privacy-exports/7/plein-mia-1-abc.zip",
    )
    # Made on a machine this one does not see: renamed, nothing copied.
    elsewhere = DataExport.objects.create(
        person=trio["me"],
        status=DataExport.Status.DONE,
        file="privacy-exports/7/elsewhere.zip",
    )
    with django_capture_on_commit_callbacks(execute=True):
        migration.move_in(apps, None)
    moved.refresh_from_db()
    elsewhere.refresh_from_db()
    assert moved.file == "privacy/7/plein-mia-1-abc.zip"
    assert elsewhere.file == "privacy/7/elsewhere.zip"
    assert stored_exports() == [moved.file]
    with exports_storage.open(moved.file, "rb") as stored:
        assert stored.read() == b"PK zip"
    assert not old.exists()

    with django_capture_on_commit_callbacks(execute=True):
        migration.move_out(apps, None)
    moved.refresh_from_db()
    assert moved.file == "privacy-exports/7/plein-mia-1-abc.zip"
    assert old.read_bytes() == b"PK zip"
    assert stored_exports() == []
