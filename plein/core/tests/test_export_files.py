"""The exports storage: private, apart from uploads, never served by a URL."""

import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.test import Client

from plein.core.errors import NotFound
from plein.core.export_files import delete_export, open_export, save_export
from plein.core.tests.test_settings import run_manage

SHOW_STORAGES = (
    "import json; from django.conf import settings; "
    "from django.core.files.storage import storages; "
    "e, d = storages['exports'], storages['default']; "
    "print(json.dumps({'backend': settings.STORAGES['exports']['BACKEND'], "
    "'location': str(e.location), 'default_location': str(d.location), "
    "'media_root': str(settings.MEDIA_ROOT), "
    "'bucket': getattr(e, 'bucket_name', None), "
    "'default_bucket': getattr(d, 'bucket_name', None), "
    "'acl': getattr(e, 'default_acl', 'n/a'), "
    "'signed': getattr(e, 'querystring_auth', None), "
    "'overwrite': getattr(e, 'file_overwrite', None)}))"
)


def _storages(tmp_path: Path, **env: str) -> dict[str, object]:
    result = run_manage(
        "shell", "-c", SHOW_STORAGES, PLEIN_DATA_DIR=str(tmp_path), **env
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_on_one_machine_exports_are_a_folder_outside_media_root(tmp_path: Path) -> None:
    shown = _storages(tmp_path)
    assert shown["backend"] == "django.core.files.storage.FileSystemStorage"
    assert shown["location"] == str(tmp_path / "exports")
    assert not Path(str(shown["location"])).is_relative_to(str(shown["media_root"]))


def test_with_s3_exports_are_a_private_prefix_of_the_same_bucket(
    tmp_path: Path,
) -> None:
    shown = _storages(tmp_path, S3_BUCKET="plein", S3_PREFIX="acme/")
    assert shown["backend"] == "storages.backends.s3.S3Storage"
    assert shown["bucket"] == shown["default_bucket"] == "plein"
    assert (shown["location"], shown["default_location"]) == ("acme/exports", "acme/")
    assert (shown["acl"], shown["signed"], shown["overwrite"]) == (None, True, False)


@pytest.fixture
def exports(settings, tmp_path: Path) -> FileSystemStorage:
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


def test_a_zip_is_saved_opened_and_deleted_once(exports: FileSystemStorage) -> None:
    name = save_export("privacy/1/a.zip", ContentFile(b"PK zip"))
    assert name == "privacy/1/a.zip"
    with open_export(name) as stored:
        assert stored.read() == b"PK zip"
    delete_export(name)
    delete_export(name)  # already gone: no error
    delete_export("")  # nothing stored: nothing to do
    with pytest.raises(NotFound):
        open_export(name)
    with pytest.raises(NotFound):
        open_export("")


@pytest.mark.django_db
def test_no_url_serves_the_exports_folder(
    exports: FileSystemStorage, settings, alice, client: Client
) -> None:
    settings.MEDIA_ROOT = Path(exports.location).parent / "media"
    name = save_export("privacy/1/a.zip", ContentFile(b"PK zip"))
    client.force_login(alice)
    for url in (
        f"/media/{name}",
        f"/media/exports/{name}",
        f"/media/photos/../../exports/{name}",
        f"/exports/{name}",
    ):
        assert client.get(url).status_code == 404, url
