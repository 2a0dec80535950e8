import csv
import hashlib
import io
import json
import zipfile
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse

from plein.core.errors import InvalidInput, NotFound
from plein.core.events import capture_events
from plein.core.personal_data import (
    PersonalDataProvider,
    register_personal_data,
    unregister_personal_data,
)
from plein.governance.compliance.ediscovery import check_create_export, do_build_export
from plein.governance.compliance.models import Export
from plein.governance.compliance.tasks import build_export
from plein.posts.actions import (
    check_create_comment,
    check_edit_comment,
    check_edit_post,
    check_upload_attachment,
    do_delete_post,
    do_withhold,
)
from plein.posts.models import Withheld

pytestmark = pytest.mark.django_db

ATTACHMENT = b"vertrouwelijk contract"


@pytest.fixture(autouse=True)
def _exports(exports_storage):
    """Every zip of these tests goes to a storage of the test's own."""
    return exports_storage


@pytest.fixture
def officer(make_person):
    return make_person("Olga Officer", role="compliance", handle="olga")


@pytest.fixture
def secret_case(alice, bob, make_group, make_post, run_on_commit):
    """A secret group with an edited post, an attachment, a deleted post,
    a withheld post and an edited comment."""
    group = make_group(alice, "Overname", kind="secret", members=(bob,))
    attachment = check_upload_attachment(
        alice, filename="contract.txt", content_type="text/plain", data=ATTACHMENT
    )
    post = make_post(
        alice,
        "Eerste versie over de overname",
        title="Overname",
        group=group,
        attachment_ids=[attachment.pk],
    )
    run_on_commit(check_edit_post, alice, post, body="Tweede versie", title="Overname")
    comment = run_on_commit(
        check_create_comment, bob, post, body="Reactie over de overname"
    )
    run_on_commit(check_edit_comment, bob, comment, body="Reactie, aangepast")
    deleted = make_post(alice, "Verwijderd bericht over de overname", group=group)
    run_on_commit(do_delete_post, alice, deleted)
    withheld = make_post(alice, "Achtergehouden over de overname", group=group)
    do_withhold(withheld, Withheld.MODERATOR)
    return {
        "group": group,
        "post": post,
        "comment": comment,
        "deleted": deleted,
        "withheld": withheld,
        "attachment": attachment,
    }


def _open_zip(export):
    export.refresh_from_db()
    assert export.status == Export.Status.DONE, export.error
    with storages["exports"].open(export.file, "rb") as stored:
        return zipfile.ZipFile(io.BytesIO(stored.read()))


def test_export_holds_versions_deleted_items_and_hashes(
    officer, alice, secret_case, run_on_commit
):
    export = run_on_commit(
        check_create_export, officer, group=secret_case["group"], keywords="overname"
    )
    archive = _open_zip(export)
    names = set(archive.namelist())
    post, comment = secret_case["post"], secret_case["comment"]
    assert f"items/post-{post.pk}.eml" in names
    assert f"items/post-{secret_case['deleted'].pk}.eml" in names
    assert f"items/post-{secret_case['withheld'].pk}.eml" in names
    assert f"items/comment-{comment.pk}.eml" in names
    assert any(n.startswith("items/post_revision-") for n in names)
    assert any(n.startswith("items/comment_revision-") for n in names)
    assert {"items.csv", "items.json"} <= names

    items = json.loads(archive.read("items.json"))
    revision = next(i for i in items if i["kind"] == "post_revision")
    assert revision["body"] == "Eerste versie over de overname"
    comment_revision = next(i for i in items if i["kind"] == "comment_revision")
    assert comment_revision["body"] == "Reactie over de overname"
    deleted = next(i for i in items if i["id"] == secret_case["deleted"].pk)
    assert deleted["deleted_at"]
    main = next(i for i in items if i["kind"] == "post" and i["id"] == post.pk)
    (attachment,) = main["attachments"]
    assert attachment["sha256"] == hashlib.sha256(ATTACHMENT).hexdigest()
    assert archive.read(attachment["file"]) == ATTACHMENT
    for item in items:
        eml = archive.read(item["eml"])
        assert hashlib.sha256(eml).hexdigest() == item["eml_sha256"]

    message = message_from_bytes(
        archive.read(f"items/post-{post.pk}.eml"), policy=default_policy
    )
    assert message["X-Plein-Post-Id"] == str(post.pk)
    assert message["X-Plein-Group"] == secret_case["group"].slug
    assert message["Subject"] == "Overname"
    assert "alice@plein.test" in message["From"]
    assert message["Date"]
    assert message.get_content().strip() == "Tweede versie"

    rows = list(csv.DictReader(io.StringIO(archive.read("items.csv").decode())))
    assert len(rows) == len(items) == export.item_count
    assert hashlib.sha256(ATTACHMENT).hexdigest() in rows[0]["attachments"]


def test_export_filters_by_person_and_dates(
    officer, alice, bob, secret_case, run_on_commit
):
    export = run_on_commit(check_create_export, officer, person=bob)
    items = json.loads(_open_zip(export).read("items.json"))
    assert {i["kind"] for i in items} == {"comment", "comment_revision"}
    assert {i["author_id"] for i in items} == {bob.pk}

    from datetime import date

    export = run_on_commit(
        check_create_export, officer, person=alice, date_to=date(2000, 1, 1)
    )
    assert json.loads(_open_zip(export).read("items.json")) == []


def test_export_is_audited(officer, alice, run_on_commit):
    with capture_events() as events:
        export = run_on_commit(check_create_export, officer, person=alice)
    created = [e for e in events if e.name == "compliance.export.created"]
    assert created and created[0].actor_id == officer.pk
    assert created[0].payload["export_id"] == export.pk
    assert created[0].payload["person_id"] == alice.pk
    assert any(e.name == "compliance.export.completed" for e in events)


def test_only_compliance_officers_export(alice, admin, moderator):
    for actor in (alice, admin, moderator):
        with pytest.raises(NotFound):
            check_create_export(actor, person=alice)
    assert not Export.objects.exists()


def test_an_export_needs_criteria(officer):
    with pytest.raises(InvalidInput) as error:
        check_create_export(officer)
    assert error.value.field == "keywords"


def test_export_pages_are_404_without_the_role(
    client, alice, admin, moderator, officer, run_on_commit
):
    export = run_on_commit(check_create_export, officer, person=alice)
    urls = [
        reverse("compliance:exports"),
        reverse("compliance:export_status", args=[export.pk]),
        reverse("compliance:export_download", args=[export.pk]),
    ]
    for person in (alice, admin, moderator):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 404, (person, url)
    response = client.post(reverse("compliance:exports"), {"person": "alice"})
    assert response.status_code == 404
    assert Export.objects.count() == 1


def test_officer_requests_and_downloads_an_export(
    client, officer, secret_case, committing_client
):
    client.force_login(officer)
    with committing_client():
        response = client.post(
            reverse("compliance:exports"), {"group": secret_case["group"].slug}
        )
    assert response.status_code == 302
    export = Export.objects.get()
    page = client.get(reverse("compliance:exports"))
    assert (
        reverse("compliance:export_download", args=[export.pk]) in page.content.decode()
    )
    with capture_events() as events, committing_client():
        response = client.get(reverse("compliance:export_download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    body = b"".join(response.streaming_content)
    # Streamed from the exports storage, as stored, with the hash on the row.
    export.refresh_from_db()
    with storages["exports"].open(export.file, "rb") as stored:
        assert body == stored.read()
    assert hashlib.sha256(body).hexdigest() == export.sha256
    assert len(body) == export.size
    assert zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert [e.name for e in events] == ["compliance.export.downloaded"]


def test_a_zip_that_is_gone_answers_like_no_export(
    client, officer, alice, run_on_commit, committing_client
):
    export = run_on_commit(check_create_export, officer, person=alice)
    export.refresh_from_db()
    storages["exports"].delete(export.file)
    client.force_login(officer)
    with capture_events() as events, committing_client():
        gone = client.get(reverse("compliance:export_download", args=[export.pk]))
    missing = client.get(reverse("compliance:export_download", args=[export.pk + 1]))
    assert gone.status_code == missing.status_code == 404
    assert events == []


def test_running_the_build_task_again_stores_no_second_zip(
    officer, alice, run_on_commit, stored_exports
):
    export = run_on_commit(check_create_export, officer, person=alice)
    export.refresh_from_db()
    first = export.file
    assert first.startswith("ediscovery/")
    with capture_events() as events:
        run_on_commit(build_export.call, export_id=export.pk)
    export.refresh_from_db()
    assert export.file == first
    assert stored_exports() == [first]
    assert events == []


@pytest.fixture
def extra_items():
    """An app's eDiscovery hook for the test only (as an app registers one)."""

    def register(find):
        register_personal_data(
            PersonalDataProvider(app_label="demo", order=999, ediscovery=find)
        )

    yield register
    unregister_personal_data("demo")


def test_a_failed_build_stores_nothing_and_its_retry_one_zip(
    officer, alice, extra_items, stored_exports
):
    export = Export.objects.create(requested_by=officer, person=alice)
    attempts = []

    def find(criteria):
        attempts.append(criteria)
        if len(attempts) == 1:
            raise OSError("disk full")
        return iter(())

    extra_items(find)
    with pytest.raises(OSError):
        do_build_export(export.pk)
    export.refresh_from_db()
    assert (export.status, export.file) == (Export.Status.FAILED, "")
    assert stored_exports() == []
    do_build_export(export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.DONE
    assert stored_exports() == [export.file]


def test_a_run_another_run_overtook_keeps_nothing(
    officer, alice, extra_items, stored_exports, run_on_commit
):
    export = Export.objects.create(requested_by=officer, person=alice)
    overtaken = []

    def find(criteria):
        # The task was delivered twice: the second run claims the export
        # while this one writes, and finishes first.
        if not overtaken:
            overtaken.append(True)
            do_build_export(export.pk)
        return iter(())

    extra_items(find)
    with capture_events() as events:
        run_on_commit(do_build_export, export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.DONE
    assert stored_exports() == [export.file]
    assert [e.name for e in events] == ["compliance.export.completed"]


def test_a_run_that_died_after_storing_leaves_nothing_behind(
    officer, alice, exports_storage, stored_exports
):
    left = exports_storage.save("ediscovery/left-behind.zip", ContentFile(b"zip"))
    export = Export.objects.create(
        requested_by=officer, person=alice, status=Export.Status.RUNNING, file=left
    )
    do_build_export(export.pk)
    export.refresh_from_db()
    assert export.status == Export.Status.DONE
    assert stored_exports() == [export.file]


@pytest.fixture
def committing_client(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def test_export_files_are_not_served_publicly(client, officer, alice, run_on_commit):
    export = run_on_commit(check_create_export, officer, person=alice)
    export.refresh_from_db()
    client.force_login(officer)
    assert client.get(f"/media/{export.file}").status_code == 404
    assert client.get(f"/media/exports/{export.file}").status_code == 404
    assert client.get(f"/media/photos/../exports/{export.file}").status_code == 404


def test_status_row_polls_while_the_export_is_built(client, officer, alice):
    export = Export.objects.create(requested_by=officer, person=alice)
    client.force_login(officer)
    response = client.get(
        reverse("compliance:export_status", args=[export.pk]),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="export-{export.pk}"' in html
    assert 'hx-trigger="every 5s"' in html
    assert "<html" not in html
