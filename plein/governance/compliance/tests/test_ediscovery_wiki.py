"""eDiscovery exports hold wiki pages: every version, who wrote it and when."""

import csv
import hashlib
import io
import json
import zipfile
from datetime import date
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage, storages

from plein.governance.compliance.ediscovery import check_create_export
from plein.governance.compliance.models import Export
from plein.knowledge.wiki.actions import (
    check_create_page,
    check_delete_page,
    check_edit_page,
    check_upload_page_file,
)

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05"
    b"\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def media(settings: Any, tmp_path: Path, exports_storage: FileSystemStorage) -> Path:
    """Uploads and exports in folders of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


@pytest.fixture
def officer(make_person: Any) -> Any:
    return make_person("Olga Officer", role="compliance", handle="olga")


@pytest.fixture
def wiki_case(
    media: Path, alice: Any, bob: Any, carol: Any, make_group: Any, run_on_commit: Any
) -> dict[str, Any]:
    """A secret group's wiki: Alice writes, Bob edits; one page deleted.

    Outside it, an organisation page by Carol.
    """
    group = make_group(alice, "Overname", kind="secret", members=(bob,))
    page = run_on_commit(
        check_create_page, alice, title="Draaiboek", body="Stap een", group=group
    )
    page = run_on_commit(
        check_edit_page,
        bob,
        page,
        title="Draaiboek",
        body="Stap een en twee",
        base_revision=1,
        note="Stap twee erbij, één regel",
    )
    upload = run_on_commit(
        check_upload_page_file,
        bob,
        page,
        filename="schema.png",
        content_type="image/png",
        data=PNG,
    )
    gone = run_on_commit(
        check_create_page, alice, title="Oud plan", body="Weg", group=group
    )
    run_on_commit(check_delete_page, alice, gone)
    elsewhere = run_on_commit(check_create_page, carol, title="Kantine", body="Menu")
    return {
        "group": group,
        "page": page,
        "gone": gone,
        "upload": upload,
        "elsewhere": elsewhere,
    }


def _items(export: Export) -> tuple[zipfile.ZipFile, list[dict[str, Any]]]:
    export.refresh_from_db()
    assert export.status == Export.Status.DONE, export.error
    with storages["exports"].open(export.file, "rb") as stored:
        archive = zipfile.ZipFile(io.BytesIO(stored.read()))
    return archive, json.loads(archive.read("items.json"))


def test_group_export_holds_every_version_of_its_pages(
    officer: Any, alice: Any, bob: Any, wiki_case: dict[str, Any], run_on_commit: Any
) -> None:
    export = run_on_commit(check_create_export, officer, group=wiki_case["group"])
    archive, items = _items(export)
    wiki = [i for i in items if i["kind"] == "wiki_revision"]
    page, gone = wiki_case["page"], wiki_case["gone"]
    assert [(i["page_id"], i["revision_number"], i["author_id"]) for i in wiki] == [
        (page.pk, 1, alice.pk),
        (page.pk, 2, bob.pk),
        (gone.pk, 1, alice.pk),
    ]
    first, second, deleted = wiki
    assert first["body"] == "Stap een" and second["body"] == "Stap een en twee"
    assert second["note"] == "Stap twee erbij, één regel"
    assert deleted["deleted_at"]  # deleted pages are found too
    assert all(i["group"] == wiki_case["group"].slug for i in wiki)
    assert all(i["post_id"] is None for i in wiki)
    # Carol's organisation page is outside the group.
    assert wiki_case["elsewhere"].pk not in {i["page_id"] for i in wiki}

    # The page's file goes with its newest version, hashed from the file.
    (attachment,) = second["attachments"]
    assert attachment["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert archive.read(attachment["file"]) == PNG
    assert attachment["file"].startswith("attachments/wiki-")
    assert first["attachments"] == []

    message = message_from_bytes(archive.read(second["eml"]), policy=default_policy)
    assert message["X-Plein-Kind"] == "wiki_revision"
    assert message["X-Plein-Page-Id"] == str(page.pk)
    assert message["X-Plein-Page-Version"] == "2"
    assert message["X-Plein-Note"] == "Stap twee erbij, één regel"
    assert "X-Plein-Post-Id" not in message
    assert "bob@plein.test" in message["From"]
    assert message["Subject"] == "Draaiboek"
    assert message.get_content().strip() == "Stap een en twee"
    for item in items:
        assert (
            hashlib.sha256(archive.read(item["eml"])).hexdigest()
            == (item["eml_sha256"])
        )
    rows = list(csv.DictReader(io.StringIO(archive.read("items.csv").decode())))
    assert len(rows) == len(items) == export.item_count
    row = next(r for r in rows if r["id"] == str(second["id"]))
    assert row["page_id"] == str(page.pk) and row["revision_number"] == "2"
    assert f"wiki-{wiki_case['upload'].pk}:" in row["attachments"]


def test_person_export_holds_what_they_wrote_in_any_wiki(
    officer: Any, alice: Any, bob: Any, wiki_case: dict[str, Any], run_on_commit: Any
) -> None:
    export = run_on_commit(check_create_export, officer, person=bob)
    _archive, items = _items(export)
    wiki = [i for i in items if i["kind"] == "wiki_revision"]
    assert [(i["page_id"], i["revision_number"]) for i in wiki] == [
        (wiki_case["page"].pk, 2)
    ]
    assert {i["author_id"] for i in items} == {bob.pk}
    # His upload goes with it; Alice's export has her versions but not his file.
    assert len(wiki[0]["attachments"]) == 1
    export = run_on_commit(check_create_export, officer, person=alice)
    _archive, items = _items(export)
    mine = [i for i in items if i["kind"] == "wiki_revision"]
    assert {i["author_id"] for i in mine} == {alice.pk}
    assert all(i["attachments"] == [] for i in mine)


def test_keywords_and_dates_apply_to_wiki_versions(
    officer: Any, wiki_case: dict[str, Any], run_on_commit: Any
) -> None:
    export = run_on_commit(check_create_export, officer, keywords="twee")
    _archive, items = _items(export)
    assert [(i["kind"], i["revision_number"]) for i in items] == [("wiki_revision", 2)]
    export = run_on_commit(
        check_create_export,
        officer,
        group=wiki_case["group"],
        date_to=date(2000, 1, 1),
    )
    assert _items(export)[1] == []


def test_versions_written_in_a_group_stay_in_its_export_after_a_move(
    officer: Any, alice: Any, wiki_case: dict[str, Any], run_on_commit: Any
) -> None:
    from plein.knowledge.wiki.actions import check_move_page

    page = wiki_case["page"]
    run_on_commit(check_move_page, alice, page, parent=None, group=None)

    export = run_on_commit(check_create_export, officer, group=wiki_case["group"])
    _archive, items = _items(export)
    moved = [
        (i["revision_number"], i["group"])
        for i in items
        if i["kind"] == "wiki_revision" and i["page_id"] == page.pk
    ]
    # Both versions written in the group, and the move's own version,
    # written in the organisation's wiki, is not the group's.
    assert moved == [(1, wiki_case["group"].slug), (2, wiki_case["group"].slug)]
