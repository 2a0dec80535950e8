"""Privacy settings and the "download my data" export, through the actions."""

import datetime
import json
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.utils import timezone

from plein.access.roles import GroupKind
from plein.alerts.actions import check_create_alert
from plein.announcements.actions import check_require_readers
from plein.core.errors import Forbidden, InvalidInput
from plein.core.events import capture_events
from plein.core.personal_data import (
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
    unregister_personal_data,
)
from plein.governance.privacy.actions import (
    check_request_export,
    check_set_privacy_settings,
    do_build_export,
)
from plein.governance.privacy.export import sections
from plein.governance.privacy.models import DataExport
from plein.governance.privacy.tasks import build_data_export, expire_data_exports
from plein.people.actions import check_follow_person, do_create_api_token
from plein.posts.actions import (
    check_bookmark_post,
    check_create_comment,
    check_edit_post,
    check_react,
)

# The names in the exports storage (plein/governance/conftest.py).
Stored = Callable[[], list[str]]


# Settings -------------------------------------------------------------------------


def test_set_settings_emits_event(trio: dict[str, Any], run_on_commit: Any) -> None:
    me = trio["me"]
    with capture_events() as events:
        run_on_commit(
            check_set_privacy_settings,
            me,
            me,
            phone_visibility="me",
            birthday="1990-05-17",
            shows_read_state=False,
        )
    me.refresh_from_db()
    assert me.phone_visibility == "me"
    assert me.birthday == datetime.date(1990, 5, 17)
    assert me.shows_read_state is False
    changed = [e for e in events if e.name == "privacy.settings.changed"]
    assert len(changed) == 1
    assert changed[0].payload == {
        "person_id": me.pk,
        "fields": ["birthday", "phone_visibility", "shows_read_state"],
    }
    # Nothing changed, nothing emitted.
    with capture_events() as events:
        run_on_commit(check_set_privacy_settings, me, me, phone_visibility="me")
    assert events == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"phone_visibility": "friends"}, "phone_visibility"),
        ({"birthday": "17 mei"}, "birthday"),
        ({"birthday": "2999-01-01"}, "birthday"),
        ({"birthday": 12}, "birthday"),
        ({"email": "x@y.z"}, "email"),
    ],
)
def test_set_settings_refuses_bad_input(
    trio: dict[str, Any], changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_set_privacy_settings(trio["me"], trio["me"], **changes)
    assert caught.value.field == field


def test_only_self_or_admin_changes_settings(trio: dict[str, Any], admin: Any) -> None:
    with pytest.raises(Forbidden):
        check_set_privacy_settings(trio["teammate"], trio["me"], phone_visibility="me")
    check_set_privacy_settings(admin, trio["me"], phone_visibility="me", birthday=None)
    trio["me"].refresh_from_db()
    assert trio["me"].phone_visibility == "me"


# Export ---------------------------------------------------------------------------


def _read_zip(data_export: DataExport) -> dict[str, Any]:
    with (
        storages["exports"].open(data_export.file, "rb") as stored,
        zipfile.ZipFile(stored) as archive,
    ):
        return {
            name: archive.read(name).decode()
            if name.endswith(".txt")
            else json.loads(archive.read(name))
            for name in archive.namelist()
        }


@pytest.fixture
def busy_me(
    trio: dict[str, Any], make_group: Any, make_post: Any, run_on_commit: Any
) -> dict[str, Any]:
    """``me`` with something of every kind, and private things about her elsewhere."""
    me, teammate, outsider = trio["me"], trio["teammate"], trio["outsider"]
    group = make_group(teammate, "Kantine", members=(me,))
    post = make_post(me, "Eerste versie", group=group)
    run_on_commit(check_edit_post, me, post, body="Tweede versie")
    run_on_commit(check_create_comment, me, post, body="Mijn eigen reactie")
    run_on_commit(check_create_comment, teammate, post, body="Tom reageert op Mia")
    theirs = make_post(teammate, "Hoi @mia, lees dit even")
    run_on_commit(check_react, me, post=theirs, kind="like")
    run_on_commit(check_bookmark_post, me, theirs, bookmarked=True)
    run_on_commit(check_follow_person, me, teammate)
    run_on_commit(check_require_readers, teammate, theirs, people=[me])
    run_on_commit(check_create_alert, me, name="Lunch", query="lunch")
    do_create_api_token(me, name="rapportage")
    # A secret group Mia is not in: a post there mentions her all the same.
    secret = make_group(outsider, "Feestcommissie", kind=GroupKind.SECRET)
    make_post(outsider, "Voor @mia: verrassingsfeest op vrijdag", group=secret)
    return trio


def test_export_contains_every_kind(
    busy_me: dict[str, Any], stored_exports: Stored, run_on_commit: Any
) -> None:
    me = busy_me["me"]
    with capture_events() as events:
        data_export = run_on_commit(check_request_export, me)
    assert [e.name for e in events if e.name.startswith("privacy.")] == [
        "privacy.export.requested"
    ]
    data_export.refresh_from_db()
    assert data_export.status == DataExport.Status.DONE
    assert data_export.progress == 100
    assert data_export.finished_at is not None
    # In the exports storage, under a name of its own; nowhere else.
    assert data_export.file.startswith(f"privacy/{me.pk}/plein-mia-")
    assert stored_exports() == [data_export.file]
    files = _read_zip(data_export)
    assert set(files) == {"README.txt"} | {f"{s.name}.json" for s in sections()}

    assert files["profile.json"]["phone"] == "+31 20 555 0101"
    post = files["posts.json"][0]
    assert post["body"] == "Tweede versie"
    assert [v["body"] for v in post["earlier_versions"]] == ["Eerste versie"]
    assert files["comments.json"][0]["body"] == "Mijn eigen reactie"
    assert [c["body"] for c in files["comments_on_my_posts.json"]] == [
        "Tom reageert op Mia"
    ]
    assert [p["author"] for p in files["mentions.json"]["posts"]] == ["tom"]
    assert files["reactions.json"][0]["kind"] == "like"
    assert len(files["bookmarks.json"]) == 1
    assert files["follows.json"]["following"][0]["handle"] == "tom"
    assert files["group_memberships.json"]["memberships"][0]["group_name"] == "Kantine"
    assert len(files["read_receipts.json"]) == 1
    assert files["alerts.json"]["alerts"][0]["name"] == "Lunch"
    assert files["notifications.json"]
    assert files["api_tokens.json"][0]["name"] == "rapportage"
    assert isinstance(files["dlp_hits.json"], list)
    assert isinstance(files["audit_entries.json"], list)
    assert isinstance(files["guidelines.json"], list)
    assert "@mia" in files["README.txt"]
    # Fields are named for the reader, once: no ORM lookup paths
    # ("actor__handle") beside their readable copy.
    assert _keys_with_lookups(files) == set()


def _keys_with_lookups(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = {key for key in value if "__" in key}
        for item in value.values():
            found |= _keys_with_lookups(item)
        return found
    if isinstance(value, list):
        return set().union(*(_keys_with_lookups(item) for item in value))
    return set()


def test_export_leaves_out_what_she_cannot_see(
    busy_me: dict[str, Any], exports_storage: FileSystemStorage, run_on_commit: Any
) -> None:
    me = busy_me["me"]
    data_export = run_on_commit(check_request_export, me)
    data_export.refresh_from_db()
    raw = "".join(
        json.dumps(v) if not isinstance(v, str) else v
        for v in _read_zip(data_export).values()
    )
    assert "verrassingsfeest" not in raw
    assert "Feestcommissie" not in raw
    token = me.api_tokens.get()
    assert token.digest not in raw


def test_request_while_running_returns_the_same(
    trio: dict[str, Any], exports_storage: FileSystemStorage
) -> None:
    me = trio["me"]
    first = check_request_export(me)  # its task runs only after commit
    assert check_request_export(me) == first
    assert DataExport.objects.filter(person=me).count() == 1


def test_build_is_idempotent(trio: dict[str, Any], stored_exports: Stored) -> None:
    data_export = DataExport.objects.create(person=trio["me"])
    assert do_build_export(data_export.pk) is True
    data_export.refresh_from_db()
    first = data_export.file
    assert do_build_export(data_export.pk) is False
    data_export.refresh_from_db()
    assert data_export.file == first
    assert stored_exports() == [first]


def test_running_the_task_again_stores_no_second_zip(
    trio: dict[str, Any], stored_exports: Stored
) -> None:
    data_export = DataExport.objects.create(person=trio["me"])
    assert build_data_export.call(export_id=data_export.pk) is True
    assert build_data_export.call(export_id=data_export.pk) is False
    data_export.refresh_from_db()
    assert data_export.status == DataExport.Status.DONE
    assert stored_exports() == [data_export.file]


def test_stale_run_is_taken_over_and_what_it_stored_goes(
    trio: dict[str, Any], exports_storage: FileSystemStorage, stored_exports: Stored
) -> None:
    # A worker died after storing its zip, before it could say so.
    left = exports_storage.save(
        f"privacy/{trio['me'].pk}/left-behind.zip", ContentFile(b"zip")
    )
    data_export = DataExport.objects.create(
        person=trio["me"],
        status=DataExport.Status.RUNNING,
        started_at=timezone.now() - datetime.timedelta(hours=1),
        file=left,
    )
    assert do_build_export(data_export.pk) is True
    data_export.refresh_from_db()
    assert data_export.file != left
    assert stored_exports() == [data_export.file]


@pytest.fixture
def temporary_section() -> Iterator[Callable[[Callable[[Any], Any]], None]]:
    """Add a file to every export for the test only (as an app would)."""

    def register(build: Callable[[Any], Any]) -> None:
        register_personal_data(
            PersonalDataProvider(
                app_label="demo",
                order=999,
                export=(ExportSection("demo_extra", 999, "", build),),
            )
        )

    yield register
    unregister_personal_data("demo")


def test_a_run_taken_over_meanwhile_keeps_nothing(
    trio: dict[str, Any], stored_exports: Stored, temporary_section: Any
) -> None:
    data_export = DataExport.objects.create(person=trio["me"])
    taken_over: list[bool] = []

    def slow(person: Any) -> list[Any]:
        # While this run writes, its claim goes stale and another worker
        # takes the export over and finishes first.
        if not taken_over:
            taken_over.append(True)
            DataExport.objects.filter(pk=data_export.pk).update(
                started_at=timezone.now() - datetime.timedelta(hours=1)
            )
            assert do_build_export(data_export.pk) is True
        return []

    temporary_section(slow)
    assert do_build_export(data_export.pk) is False
    data_export.refresh_from_db()
    assert data_export.status == DataExport.Status.DONE
    assert stored_exports() == [data_export.file]


def test_failure_is_recorded(
    trio: dict[str, Any], stored_exports: Stored, monkeypatch: Any
) -> None:
    from plein.governance.privacy import export

    def broken(person: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(
        export, "sections", lambda: [ExportSection("profile", 10, "", broken)]
    )
    data_export = DataExport.objects.create(person=trio["me"])
    assert do_build_export(data_export.pk) is False
    data_export.refresh_from_db()
    assert data_export.status == DataExport.Status.FAILED
    assert "disk full" in data_export.error
    assert data_export.file == ""
    assert stored_exports() == []


def test_expiry_task_deletes_old_files(
    trio: dict[str, Any],
    exports_storage: FileSystemStorage,
    settings: Any,
    run_on_commit: Any,
) -> None:
    settings.PRIVACY_EXPORT_DAYS = 7
    old = DataExport.objects.create(person=trio["me"])
    do_build_export(old.pk)
    fresh = DataExport.objects.create(person=trio["teammate"])
    do_build_export(fresh.pk)
    DataExport.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=8)
    )
    old.refresh_from_db()
    old_name = old.file
    assert exports_storage.exists(old_name)
    with capture_events() as events:
        assert run_on_commit(expire_data_exports.call) == 1
    assert not exports_storage.exists(old_name)
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, old.file) == (DataExport.Status.EXPIRED, "")
    assert exports_storage.exists(fresh.file)
    assert [e.name for e in events] == ["privacy.export.expired"]


def test_expiry_of_a_zip_already_gone_is_no_error(
    trio: dict[str, Any], exports_storage: FileSystemStorage, run_on_commit: Any
) -> None:
    data_export = DataExport.objects.create(person=trio["me"])
    do_build_export(data_export.pk)
    data_export.refresh_from_db()
    exports_storage.delete(data_export.file)
    DataExport.objects.filter(pk=data_export.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=30)
    )
    assert run_on_commit(expire_data_exports.call) == 1
    data_export.refresh_from_db()
    assert data_export.status == DataExport.Status.EXPIRED


def test_expiry_clears_what_a_run_that_never_finished_stored(
    trio: dict[str, Any],
    exports_storage: FileSystemStorage,
    stored_exports: Stored,
    run_on_commit: Any,
) -> None:
    left = exports_storage.save(
        f"privacy/{trio['me'].pk}/left-behind.zip", ContentFile(b"zip")
    )
    dead = DataExport.objects.create(
        person=trio["me"],
        status=DataExport.Status.RUNNING,
        started_at=timezone.now() - datetime.timedelta(days=30),
        file=left,
    )
    assert run_on_commit(expire_data_exports.call) == 1
    dead.refresh_from_db()
    assert (dead.status, dead.file) == (DataExport.Status.EXPIRED, "")
    assert stored_exports() == []


def test_lost_build_is_queued_again(
    trio: dict[str, Any], exports_storage: FileSystemStorage, run_on_commit: Any
) -> None:
    lost = DataExport.objects.create(
        person=trio["me"], created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert run_on_commit(check_request_export, trio["me"]) == lost
    lost.refresh_from_db()
    assert lost.status == DataExport.Status.DONE


def test_new_export_replaces_earlier_zip(
    trio: dict[str, Any], stored_exports: Stored
) -> None:
    first = DataExport.objects.create(person=trio["me"])
    do_build_export(first.pk)
    second = DataExport.objects.create(person=trio["me"])
    do_build_export(second.pk)
    first.refresh_from_db()
    assert first.status == DataExport.Status.EXPIRED
    second.refresh_from_db()
    assert stored_exports() == [second.file]


def test_a_few_exports_an_hour(
    trio: dict[str, Any], exports_storage: FileSystemStorage
) -> None:
    from plein.core.errors import RateLimited
    from plein.governance.privacy.actions import EXPORTS_PER_HOUR

    for _n in range(EXPORTS_PER_HOUR):
        DataExport.objects.create(person=trio["me"], status=DataExport.Status.DONE)
    with pytest.raises(RateLimited):
        check_request_export(trio["me"])
    check_request_export(trio["teammate"])
