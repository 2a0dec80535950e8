"""The privacy page, the export's progress and download, and shown profile fields."""

import zipfile
from io import BytesIO
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage
from django.test import Client
from django.urls import reverse

from plein.core.events import capture_events
from plein.governance.privacy.actions import check_set_privacy_settings
from plein.governance.privacy.models import DataExport


def _client(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_page_shows_settings_and_export(trio: dict[str, Any]) -> None:
    html = _client(trio["me"]).get(reverse("privacy:settings")).content.decode()
    for name in (
        "phone_visibility",
        "location_visibility",
        "birthday_visibility",
        "birthday",
        "shows_read_state",
    ):
        assert f'name="{name}"' in html
    assert reverse("privacy:export-request") in html
    assert "<script" not in html.split("</header>")[-1]


def test_anonymous_is_sent_to_login(db: Any) -> None:
    response = Client().get(reverse("privacy:settings"))
    assert response.status_code == 302


def test_save_settings(trio: dict[str, Any]) -> None:
    me = trio["me"]
    response = _client(me).post(
        reverse("privacy:settings"),
        {
            "phone_visibility": "me",
            "location_visibility": "department",
            "birthday_visibility": "org",
            "birthday": "1988-02-29",
        },
    )
    assert response.status_code == 302
    me.refresh_from_db()
    assert (me.phone_visibility, me.location_visibility, me.birthday_visibility) == (
        "me",
        "department",
        "org",
    )
    assert str(me.birthday) == "1988-02-29"
    assert me.shows_read_state is False  # an unchecked box


def test_future_birthday_is_refused_on_the_field(trio: dict[str, Any]) -> None:
    response = _client(trio["me"]).post(
        reverse("privacy:settings"),
        {
            "phone_visibility": "me",
            "location_visibility": "me",
            "birthday_visibility": "me",
            "birthday": "2999-01-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["birthday"]


def test_export_polls_then_offers_download(
    trio: dict[str, Any],
    exports_storage: FileSystemStorage,
    django_capture_on_commit_callbacks: Any,
) -> None:
    me = trio["me"]
    client = _client(me)
    # Without running the task, the fragment shows progress and keeps polling.
    response = client.post(reverse("privacy:export-request"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert "<progress" in html
    assert "<html" not in html
    status = client.get(reverse("privacy:export-status"), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 2s"' in status.content.decode()
    assert status["Cache-Control"] == "no-store"
    # The worker builds it; the next poll stops polling and links the zip.
    DataExport.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:export-request"))
    data_export = DataExport.objects.get(person=me)
    assert data_export.progress == 100
    html = client.get(
        reverse("privacy:export-status"), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "every 2s" not in html
    download = reverse("privacy:export-download", args=[data_export.pk])
    assert download in html

    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    body = b"".join(response.streaming_content)
    # Streamed from the exports storage, as stored.
    with exports_storage.open(data_export.file, "rb") as stored:
        assert body == stored.read()
    archive = zipfile.ZipFile(BytesIO(body))
    assert "profile.json" in archive.namelist()
    assert [e.name for e in events] == ["privacy.export.downloaded"]


def test_nobody_else_downloads(
    trio: dict[str, Any],
    admin: Any,
    make_person: Any,
    exports_storage: FileSystemStorage,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _client(trio["me"]).post(reverse("privacy:export-request"))
    data_export = DataExport.objects.get(person=trio["me"])
    url = reverse("privacy:export-download", args=[data_export.pk])
    officer = make_person("Olga Officer", role="compliance")
    for other in (trio["teammate"], trio["outsider"], admin, officer):
        assert _client(other).get(url).status_code == 404
    missing = reverse("privacy:export-download", args=[data_export.pk + 1])
    assert _client(trio["me"]).get(missing).status_code == 404


def test_a_zip_that_is_gone_answers_like_no_export(
    trio: dict[str, Any],
    exports_storage: FileSystemStorage,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = _client(trio["me"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:export-request"))
    data_export = DataExport.objects.get(person=trio["me"])
    exports_storage.delete(data_export.file)
    url = reverse("privacy:export-download", args=[data_export.pk])
    missing = reverse("privacy:export-download", args=[data_export.pk + 1])
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        gone = client.get(url)
    assert gone.status_code == client.get(missing).status_code == 404
    assert events == []


def test_unfinished_export_is_not_downloadable(trio: dict[str, Any]) -> None:
    data_export = DataExport.objects.create(person=trio["me"])
    url = reverse("privacy:export-download", args=[data_export.pk])
    assert _client(trio["me"]).get(url).status_code == 404


def test_settings_tabs_link_to_privacy(trio: dict[str, Any]) -> None:
    html = _client(trio["me"]).get(reverse("people:settings")).content.decode()
    assert reverse("privacy:settings") in html


# Shown profile fields ----------------------------------------------------------


@pytest.fixture
def department_only(trio: dict[str, Any]) -> dict[str, Any]:
    me = trio["me"]
    check_set_privacy_settings(
        me,
        me,
        phone_visibility="department",
        location_visibility="department",
        birthday_visibility="department",
        birthday="1990-05-17",
    )
    return trio


@pytest.mark.parametrize(
    ("viewer", "sees"), [("me", True), ("teammate", True), ("outsider", False)]
)
def test_profile_page(department_only: dict[str, Any], viewer: str, sees: bool) -> None:
    url = reverse("people:profile", args=["mia"])
    html = _client(department_only[viewer]).get(url).content.decode()
    assert ("555 0101" in html) is sees
    assert ("Utrecht" in html) is sees
    assert ("Birthday" in html) is sees
    assert "1990" not in html  # the day and month only


@pytest.mark.parametrize(
    ("viewer", "sees"), [("me", True), ("teammate", True), ("outsider", False)]
)
def test_directory(department_only: dict[str, Any], viewer: str, sees: bool) -> None:
    client = _client(department_only[viewer])
    html = client.get(reverse("people:directory")).content.decode()
    assert ("Utrecht" in html) is sees
    # A hidden location is no filter choice, so filtering on it tells nothing.
    filtered = client.get(reverse("people:directory"), {"location": "Utrecht"})
    assert filtered.context["form"].is_valid() is sees
    if sees:
        assert filtered.context["page"].paginator.count == 1


def test_admin_sees_everything(department_only: dict[str, Any], admin: Any) -> None:
    html = _client(admin).get(reverse("people:profile", args=["mia"])).content.decode()
    assert "555 0101" in html
    assert "Utrecht" in html


def test_admin_lists_exports_read_only(trio: dict[str, Any], admin: Any) -> None:
    data_export = DataExport.objects.create(person=trio["me"])
    client = _client(admin)
    listing = client.get("/admin/privacy/dataexport/")
    assert listing.status_code == 200
    assert "Mia" in listing.content.decode()
    detail = client.get(f"/admin/privacy/dataexport/{data_export.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert _client(trio["me"]).get("/admin/privacy/dataexport/").status_code == 302
