"""eDiscovery: compliance officers search everything and export it as a zip.

This is deliberately the one place in Plein that reads content without the
visibility policy of ``plein.access``: secret groups, restricted posts,
withheld, deleted (tombstoned) items and earlier versions are all found.
It is safe because it is

- role-gated: only ``is_compliance_officer`` people reach it (org admins are
  not, unless they also hold that role); everyone else gets NotFound;
- audited: requesting, finishing and downloading an export each emit an
  event, which the compliance audit log records in the same transaction;
- kept out of reach: the zip lives in the exports storage
  (``STORAGES["exports"]``, under ``ediscovery/``), which no URL serves; the
  download view checks the role again and streams it from there.

An export holds one ``.eml`` per item (post, comment, and each earlier
version of either; each version of a wiki page), the attachments (of posts
and wiki pages) with their SHA-256, and ``items.csv`` / ``items.json``
describing every item. The items come from the apps: each personal-data
provider with an ``ediscovery`` hook (``plein.core.personal_data``) finds
its own; this module writes them out.
"""

import csv
import hashlib
import io
import json
import secrets
import zipfile
from collections.abc import Iterator
from dataclasses import fields
from datetime import date
from email.utils import format_datetime
from pathlib import Path
from typing import IO, Any

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.access.people import is_compliance_officer
from plein.core.errors import InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.core.export_files import (
    delete_export,
    file_size,
    save_export,
    spooled_file,
)
from plein.core.personal_data import (
    Criteria,
    DiscoveryFile,
    Item,
    personal_data_providers,
)
from plein.core.tasks import enqueue_on_commit
from plein.governance.compliance.models import Export

# The folder of eDiscovery zips in the exports storage.
EXPORT_DIR = "ediscovery"
MAX_KEYWORDS = 500


def criteria_of(export: Export) -> Criteria:
    return Criteria(
        person_id=export.person_id,
        group_id=export.group_id,
        date_from=export.date_from,
        date_to=export.date_to,
        keywords=export.keywords,
    )


def iter_items(criteria: Criteria) -> Iterator[Item]:
    """Every matching item of every app, in provider order (posts, wiki, ...)."""
    for provider in personal_data_providers():
        if provider.ediscovery is not None:
            yield from provider.ediscovery(criteria)


def build_eml(item: Item) -> bytes:
    headers = {
        "Date": format_datetime(item.created_at),
        "X-Plein-Kind": item.kind,
        "X-Plein-Group": item.group,
    }
    if item.post_id:
        headers["X-Plein-Post-Id"] = str(item.post_id)
    if item.page_id:
        headers["X-Plein-Page-Id"] = str(item.page_id)
        headers["X-Plein-Page-Version"] = str(item.revision_number)
    if item.note:
        # One line: a header may not span lines, whatever the note holds.
        headers["X-Plein-Note"] = " ".join(item.note.split())
    if item.comment_id:
        headers["X-Plein-Comment-Id"] = str(item.comment_id)
    if item.kind.endswith("_revision"):
        headers["X-Plein-Revision-Id"] = str(item.id)
    if item.deleted_at:
        headers["X-Plein-Deleted-At"] = format_datetime(item.deleted_at)
    if item.withheld_reason:
        headers["X-Plein-Withheld"] = item.withheld_reason
    sender = f"{item.author} <{item.author_email}>" if item.author_email else ""
    message = EmailMessage(
        subject=item.title or item.body[:60].replace("\n", " "),
        body=item.body,
        from_email=sender or "unknown@invalid",
        headers=headers,
    )
    return message.message().as_bytes()


def _sha256_file(handle: IO[bytes]) -> str:
    handle.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 16), b""):
        digest.update(chunk)
    return digest.hexdigest()


CSV_COLUMNS = [
    "kind",
    "id",
    "post_id",
    "comment_id",
    "page_id",
    "revision_number",
    "author_id",
    "author",
    "author_email",
    "group_id",
    "group",
    "created_at",
    "deleted_at",
    "withheld_reason",
    "title",
    "note",
    "eml",
    "eml_sha256",
    "attachments",
]


def _write_file(archive: zipfile.ZipFile, file: DiscoveryFile) -> dict[str, Any]:
    """Put one file in the zip; its row in items.json and items.csv.

    The hash is computed from the file as written; a missing file is marked
    and keeps the hash recorded at upload.
    """
    entry: dict[str, Any] = {"id": file.id}
    if file.source:
        entry["source"] = file.source
    entry.update(filename=file.filename, sha256="", size=file.size)
    stored = file.file
    if stored and stored.storage.exists(stored.name):
        prefix = f"{file.source}-" if file.source else ""
        entry["file"] = f"attachments/{prefix}{file.id}-{file.filename}"
        # Streamed from its storage (disk or object storage), hashed as written.
        digest = hashlib.sha256()
        with (
            stored.storage.open(stored.name, "rb") as source,
            archive.open(entry["file"], "w", force_zip64=True) as target,
        ):
            for chunk in iter(lambda: source.read(1 << 16), b""):
                digest.update(chunk)
                target.write(chunk)
        entry["sha256"] = digest.hexdigest()
    else:
        entry["sha256"] = file.sha256
        entry["file"] = ""
        entry["missing"] = True
    return entry


def write_export_zip(criteria: Criteria, target: str | Path | IO[bytes]) -> int:
    """Write the zip for ``criteria`` to ``target``; return the number of items.

    ``target`` is a path or a binary file open for writing (a temporary one
    in ``do_build_export``).
    """
    rows: list[dict[str, Any]] = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in iter_items(criteria):
            eml = build_eml(item)
            eml_name = f"items/{item.name}.eml"
            archive.writestr(eml_name, eml)
            row = {f.name: getattr(item, f.name) for f in fields(item)}
            row["attachments"] = [_write_file(archive, f) for f in item.attachments]
            row["created_at"] = item.created_at.isoformat()
            row["deleted_at"] = item.deleted_at.isoformat() if item.deleted_at else ""
            row["eml"] = eml_name
            row["eml_sha256"] = hashlib.sha256(eml).hexdigest()
            rows.append(row)
        archive.writestr("items.json", json.dumps(rows, indent=2, ensure_ascii=False))
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    **row,
                    "attachments": ";".join(
                        f"{a['source'] + '-' if a.get('source') else ''}"
                        f"{a['id']}:{a['filename']}:{a['sha256']}"
                        for a in row["attachments"]
                    ),
                }
            )
        archive.writestr("items.csv", buffer.getvalue())
    return len(rows)


# Actions ---------------------------------------------------------------------


def check_create_export(
    actor: Any,
    *,
    person: Any = None,
    group: Any = None,
    date_from: date | None = None,
    date_to: date | None = None,
    keywords: str = "",
) -> Export:
    """Request an export; the zip is built by a background task."""
    if not is_compliance_officer(actor):
        raise NotFound()
    keywords = " ".join((keywords or "").split())
    if len(keywords) > MAX_KEYWORDS:
        raise InvalidInput(
            _("Keep the keywords under %(max)d characters.") % {"max": MAX_KEYWORDS},
            field="keywords",
        )
    if date_from and date_to and date_from > date_to:
        raise InvalidInput(
            _("The start date is after the end date."), field="date_from"
        )
    if not (person or group or date_from or date_to or keywords):
        raise InvalidInput(
            _("Narrow the search: a person, a group, dates or keywords."),
            field="keywords",
        )
    return do_create_export(
        actor,
        person=person,
        group=group,
        date_from=date_from,
        date_to=date_to,
        keywords=keywords,
    )


def do_create_export(actor: Any, **criteria: Any) -> Export:
    from plein.governance.compliance.tasks import build_export

    export = Export.objects.create(requested_by=actor, **criteria)
    emit_on_commit(
        "compliance.export.created",
        {
            "export_id": export.pk,
            "person_id": export.person_id,
            "group_id": export.group_id,
            "date_from": export.date_from.isoformat() if export.date_from else None,
            "date_to": export.date_to.isoformat() if export.date_to else None,
            "has_keywords": bool(export.keywords),
        },
        [actor.pk],
        actor_id=actor.pk,
    )
    enqueue_on_commit(build_export, export_id=export.pk)
    return export


def do_build_export(export_id: int) -> Export | None:
    """Build an export's zip. Idempotent: a finished export is left alone.

    Claimed with a conditional update on the status; a run that died or
    failed half-way is rebuilt by the task's retry. The zip is built in a
    temporary file and saved to the exports storage
    (``plein.core.export_files``). Each run records the storage name it will
    save under when it claims the export: only the run whose name is still
    on the row finishes it, any other deletes what it saved, and a run
    deletes what a dead run recorded. One export, one stored zip.
    """
    export = Export.objects.filter(pk=export_id).first()
    if export is None:
        return None
    name = f"{EXPORT_DIR}/export-{export.pk}-{secrets.token_hex(8)}.zip"
    claimed = Export.objects.filter(
        pk=export_id,
        status__in=[Export.Status.PENDING, Export.Status.RUNNING, Export.Status.FAILED],
    ).update(status=Export.Status.RUNNING, file=name)
    if not claimed:
        export.refresh_from_db()
        return export
    if export.file and export.status != Export.Status.DONE:
        delete_export(export.file)
    mine = Export.objects.filter(pk=export.pk, status=Export.Status.RUNNING, file=name)
    saved = ""
    try:
        with spooled_file() as target:
            count = write_export_zip(criteria_of(export), target)
            size = file_size(target)
            sha256 = _sha256_file(target)
            saved = save_export(name, target)
    except Exception as error:
        delete_export(saved or name)
        with transaction.atomic():
            failed = mine.update(
                status=Export.Status.FAILED, file="", error=type(error).__name__
            )
            if failed:
                emit_on_commit(
                    "compliance.export.failed",
                    {"export_id": export.pk},
                    [export.requested_by_id],
                )
        if failed:
            raise  # the task's retry builds it again
        # Another run claimed the export meanwhile: it is that run's to finish.
        export.refresh_from_db()
        return export
    with transaction.atomic():
        finished = mine.update(
            status=Export.Status.DONE,
            file=saved,
            size=size,
            sha256=sha256,
            item_count=count,
            finished_at=timezone.now(),
            error="",
        )
        if finished:
            emit_on_commit(
                "compliance.export.completed",
                {"export_id": export.pk, "item_count": count},
                [export.requested_by_id],
            )
    if not finished:
        # Another run claimed the export meanwhile; its zip is the one kept.
        delete_export(saved)
    export.refresh_from_db()
    return export


def do_record_download(actor: Any, export: Export) -> None:
    emit_on_commit(
        "compliance.export.downloaded",
        {"export_id": export.pk},
        [actor.pk],
        actor_id=actor.pk,
    )
