"""Every change to privacy settings and "download my data" exports.

``check_*`` validates and authorises, then calls the matching ``do_*``.
Building an export runs in a task (``plein.governance.privacy.tasks``) that
calls :func:`do_build_export`.
"""

import datetime
import logging
import secrets
import zipfile
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.people import can_manage_people, is_active_person
from plein.core.errors import Forbidden, InvalidInput, RateLimited
from plein.core.events import emit_on_commit
from plein.core.export_files import (
    delete_export,
    file_size,
    save_export,
    spooled_file,
)
from plein.core.tasks import enqueue_on_commit
from plein.governance.privacy import export
from plein.governance.privacy.models import DataExport
from plein.people.models import FieldVisibility, User

logger = logging.getLogger(__name__)

# The folder of "download my data" zips in the exports storage.
EXPORT_DIR = "privacy"
PRIVACY_FIELDS = (
    "phone_visibility",
    "location_visibility",
    "birthday_visibility",
    "shows_read_state",
    "birthday",
)
# A run that has not finished after this long is taken to have died.
STALE_RUN = datetime.timedelta(minutes=30)
# Each export reads everything a person did: a few an hour is plenty.
EXPORTS_PER_HOUR = 5


# Privacy settings --------------------------------------------------------------


def _clean_setting(field: str, value: Any) -> Any:
    if field.endswith("_visibility"):
        if value not in FieldVisibility.values:
            raise InvalidInput(_("Choose who may see this."), field=field)
        return value
    if field == "shows_read_state":
        return bool(value)
    # The birthday: a date in the past, or nothing.
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            raise InvalidInput(
                _("Enter a date, for example 1990-05-17."), field=field
            ) from None
    if not isinstance(value, datetime.date):
        raise InvalidInput(_("Enter a date, for example 1990-05-17."), field=field)
    if value > timezone.localdate() or value.year < 1900:
        raise InvalidInput(_("This birthday is not possible."), field=field)
    return value


def check_set_privacy_settings(actor: User, person: User, **changes: Any) -> User:
    """Change who sees what; people change their own, org admins anyone's."""
    if person.pk != actor.pk and not can_manage_people(actor):
        raise Forbidden(
            pgettext("permission", "You can only change your own privacy settings.")
        )
    unknown = set(changes) - set(PRIVACY_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown field."), field=sorted(unknown)[0])
    cleaned = {field: _clean_setting(field, value) for field, value in changes.items()}
    return do_set_privacy_settings(actor, person, cleaned)


def do_set_privacy_settings(actor: User, person: User, changes: dict[str, Any]) -> User:
    """Store validated privacy settings; runs in the caller's transaction."""
    changed = [f for f, v in changes.items() if getattr(person, f) != v]
    if not changed:
        return person
    for field in changed:
        setattr(person, field, changes[field])
    person.save(update_fields=changed)
    emit_on_commit(
        "privacy.settings.changed",
        {"person_id": person.pk, "fields": sorted(changed)},
        [person.pk],
        actor_id=actor.pk,
    )
    return person


# Download my data --------------------------------------------------------------


def check_request_export(actor: User) -> DataExport:
    """Ask for a new export of one's own data.

    While an export is being built, asking again returns that one instead
    of starting a second.
    """
    if not is_active_person(actor):
        raise Forbidden()
    running = (
        DataExport.objects.select_for_update()
        .filter(
            person=actor,
            status__in=(DataExport.Status.PENDING, DataExport.Status.RUNNING),
        )
        .first()
    )
    if running is None:
        recent = DataExport.objects.filter(
            person=actor, created_at__gte=timezone.now() - datetime.timedelta(hours=1)
        ).count()
        if recent >= EXPORTS_PER_HOUR:
            raise RateLimited(
                _("You asked for your data several times this hour. Try again later."),
                data={"retry_after": 3600},
            )
        return do_request_export(actor)
    # A build whose task was lost (a queue emptied, a worker killed) is
    # queued again; the claim in do_build_export keeps it to one run.
    since = running.started_at or running.created_at
    if since < timezone.now() - STALE_RUN:
        from plein.governance.privacy.tasks import build_data_export

        enqueue_on_commit(build_data_export, export_id=running.pk)
    return running


def do_request_export(person: User) -> DataExport:
    """Record the request and build the zip in a task after commit."""
    from plein.governance.privacy.tasks import build_data_export

    data_export = DataExport.objects.create(person=person)
    enqueue_on_commit(build_data_export, export_id=data_export.pk)
    emit_on_commit(
        "privacy.export.requested",
        {"export_id": data_export.pk, "person_id": person.pk},
        [person.pk],
        actor_id=person.pk,
    )
    return data_export


def _claim(export_id: int, name: str) -> bool:
    """Take the export for this run: a conditional update, so only one run builds.

    The run records the storage name it will save under: the name tells
    this run from any other (a stale run taken over, a task delivered
    twice), and a later run deletes what this one may have left.
    """
    now = timezone.now()
    claimable = Q(status=DataExport.Status.PENDING) | Q(
        status=DataExport.Status.RUNNING, started_at__lt=now - STALE_RUN
    )
    return bool(
        DataExport.objects.filter(claimable, pk=export_id).update(
            status=DataExport.Status.RUNNING,
            started_at=now,
            progress=0,
            error="",
            file=name,
        )
    )


def _set_progress(export_id: int, progress: int) -> None:
    DataExport.objects.filter(pk=export_id).update(progress=min(100, progress))


def write_export_zip(person: User, target: IO[bytes], on_progress: Any = None) -> None:
    """Write every section of ``person``'s data as a zip to the file ``target``.

    ``on_progress(percent)`` is called after each section, up to 95 (the
    rest is storing the zip).
    """
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", export.build_readme(person))
        sections = export.sections()
        for index, section in enumerate(sections, start=1):
            data = section.build(person)
            archive.writestr(f"{section.name}.json", export.to_json(data))
            if on_progress is not None:
                on_progress(95 * index // len(sections))


def do_build_export(export_id: int) -> bool:
    """Build the zip of one export; idempotent, and safe to run twice.

    The zip is built in a temporary file and saved to the exports storage
    (``plein.core.export_files``). Progress is written as it goes (each
    write commits on its own, so the page polling it sees it move). A
    failure marks the export as failed; the person can ask again. A run
    that another run took over deletes its own zip: one export, one object.
    """
    data_export = (
        DataExport.objects.select_related("person").filter(pk=export_id).first()
    )
    if data_export is None:
        return False
    person = data_export.person
    name = (
        f"{EXPORT_DIR}/{person.pk}/"
        f"plein-{person.handle}-{data_export.pk}-{secrets.token_hex(8)}.zip"
    )
    if not _claim(export_id, name):
        return False
    # A run that died after storing its zip left it under the name it recorded.
    if data_export.file and data_export.status == DataExport.Status.RUNNING:
        delete_export(data_export.file)
    mine = DataExport.objects.filter(
        pk=export_id, status=DataExport.Status.RUNNING, file=name
    )
    saved = ""
    try:
        with spooled_file() as target:
            write_export_zip(
                person,
                target,
                on_progress=lambda percent: _set_progress(export_id, percent),
            )
            size = file_size(target)
            saved = save_export(name, target)
    except Exception as exc:
        logger.exception("data export %s failed", export_id)
        delete_export(saved or name)
        mine.update(
            status=DataExport.Status.FAILED,
            file="",
            finished_at=timezone.now(),
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        return False
    finished = mine.update(
        status=DataExport.Status.DONE,
        progress=100,
        file=saved,
        size=size,
        finished_at=timezone.now(),
    )
    if not finished:
        # Another run took the export over meanwhile; its zip is the one kept.
        delete_export(saved)
        return False
    data_export.refresh_from_db()
    do_expire_earlier_exports(data_export)
    return True


def do_record_download(person: User, data_export: DataExport) -> None:
    """Note in the audit log that the owner downloaded their export."""
    emit_on_commit(
        "privacy.export.downloaded",
        {"export_id": data_export.pk, "person_id": person.pk},
        [person.pk],
        actor_id=person.pk,
    )


def expiry_cutoff() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=settings.PRIVACY_EXPORT_DAYS)


def _expire(data_export: DataExport) -> bool:
    """Delete one export's zip and mark it expired; False if someone else did."""
    with transaction.atomic():
        updated = DataExport.objects.filter(
            pk=data_export.pk, status=data_export.status
        ).update(status=DataExport.Status.EXPIRED, file="", size=0)
        if not updated:
            return False
        # Through the storage; a zip already gone is no error.
        delete_export(data_export.file)
        emit_on_commit(
            "privacy.export.expired",
            {"export_id": data_export.pk, "person_id": data_export.person_id},
            [data_export.person_id],
        )
    return True


def do_expire_exports() -> int:
    """Delete the zips older than PRIVACY_EXPORT_DAYS; returns how many.

    Deleted through the exports storage, whichever machine runs this.
    """
    cutoff = expiry_cutoff()
    old = DataExport.objects.filter(
        Q(
            status__in=(DataExport.Status.DONE, DataExport.Status.FAILED),
            finished_at__lt=cutoff,
        )
        # A run that never finished (its worker gone, nobody asked again):
        # whatever it stored goes too.
        | Q(status=DataExport.Status.RUNNING, started_at__lt=cutoff)
    )
    return sum(_expire(data_export) for data_export in old.iterator(chunk_size=200))


def do_expire_earlier_exports(data_export: DataExport) -> int:
    """A new zip replaces the person's earlier ones: fewer copies lying around."""
    earlier = DataExport.objects.filter(
        person_id=data_export.person_id,
        status=DataExport.Status.DONE,
        pk__lt=data_export.pk,
    )
    return sum(_expire(old) for old in earlier)
