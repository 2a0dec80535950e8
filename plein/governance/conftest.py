"""The exports storage for the privacy and compliance tests."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage, storages


@pytest.fixture
def exports_storage(settings: Any, tmp_path: Path) -> FileSystemStorage:
    """``STORAGES["exports"]``: a folder on disk of this test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "exports")},
        },
    }
    storage = storages["exports"]
    assert isinstance(storage, FileSystemStorage)
    return storage


@pytest.fixture
def stored_exports(exports_storage: FileSystemStorage) -> Callable[[], list[str]]:
    """The names of every object in the exports storage, sorted."""
    root = Path(exports_storage.location)

    def names() -> list[str]:
        return sorted(
            path.relative_to(root).as_posix()
            for path in root.rglob("*")
            if path.is_file()
        )

    return names
