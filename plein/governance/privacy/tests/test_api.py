"""POST/GET /api/v1/me/export, the download, and hidden fields in the people API."""

from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.test import Client

from plein.governance.privacy.actions import check_set_privacy_settings
from plein.people.actions import do_create_api_token


@pytest.fixture(autouse=True)
def _clear_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def _api(person: Any) -> Client:
    _token, raw = do_create_api_token(person)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_export_by_api(
    trio: dict[str, Any],
    exports_storage: FileSystemStorage,
    django_capture_on_commit_callbacks: Any,
) -> None:
    api = _api(trio["me"])
    assert api.get("/api/v1/me/export").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/me/export")
    assert response.status_code == 202, response.content
    body = api.get("/api/v1/me/export").json()
    assert body["status"] == "done"
    assert body["progress"] == 100
    assert body["download_url"] == f"/api/v1/me/export/{body['id']}/download"

    download = api.get(body["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content)[:2] == b"PK"

    other = _api(trio["teammate"])
    response = other.get(body["download_url"])
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert other.get("/api/v1/me/export").status_code == 404


def test_pending_export_has_no_download_url(
    trio: dict[str, Any], exports_storage: FileSystemStorage
) -> None:
    api = _api(trio["me"])
    body = api.post("/api/v1/me/export").json()  # the task runs after commit
    assert body["status"] == "pending"
    assert body["download_url"] is None
    url = f"/api/v1/me/export/{body['id']}/download"
    assert api.get(url).status_code == 404


@pytest.mark.parametrize(
    ("viewer", "sees"), [("me", True), ("teammate", True), ("outsider", False)]
)
def test_people_api_hides_fields(trio: dict[str, Any], viewer: str, sees: bool) -> None:
    me = trio["me"]
    check_set_privacy_settings(
        me, me, phone_visibility="department", location_visibility="department"
    )
    api = _api(trio[viewer])
    detail = api.get(f"/api/v1/people/{me.pk}").json()
    assert (detail["phone"] == "+31 20 555 0101") is sees
    assert (detail["location"] == "Utrecht") is sees
    listed = {p["handle"]: p for p in api.get("/api/v1/people").json()["items"]}
    assert (listed["mia"]["location"] == "Utrecht") is sees
    found = api.get("/api/v1/search/people", {"q": "Mia"}).json()
    assert (found[0]["location"] == "Utrecht") is sees
