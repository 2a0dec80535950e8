"""``plein check --deploy`` names what is still per process when scaling out."""

from typing import Any

from plein.core.checks import check_shared_parts


def test_one_machine_out_of_the_box_has_nothing_to_say(
    monkeypatch: Any, settings: Any
) -> None:
    monkeypatch.delenv("WEB_WORKERS", raising=False)
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert check_shared_parts() == []


def test_several_web_workers_hear_about_local_files_and_per_process_limits(
    monkeypatch: Any, settings: Any
) -> None:
    monkeypatch.setenv("WEB_WORKERS", "2")
    settings.REDIS_URL = ""
    ids = {w.id for w in check_shared_parts()}
    assert {"plein.W001", "plein.W002", "plein.W003"} <= ids


S3 = {"BACKEND": "storages.backends.s3.S3Storage"}


def test_object_storage_and_redis_leave_nothing_per_process(
    monkeypatch: Any, settings: Any
) -> None:
    monkeypatch.setenv("WEB_WORKERS", "2")
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    settings.STORAGES = {**settings.STORAGES, "default": S3, "exports": S3}
    assert check_shared_parts() == []


def test_exports_on_the_local_disk_are_named_when_scaling_out(
    monkeypatch: Any, settings: Any
) -> None:
    monkeypatch.setenv("WEB_WORKERS", "2")
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    settings.STORAGES = {**settings.STORAGES, "default": S3}
    assert [w.id for w in check_shared_parts()] == ["plein.W003"]
