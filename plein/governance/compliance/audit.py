"""The compliance audit log: every domain event, append-only and hash-chained.

:func:`record_event` is the only way an :class:`AuditEntry` is written. It
runs inside the caller's transaction (an action that cannot be audited does
not happen), serialises writers so the chain has no forks, and links each
entry to the one before it with a SHA-256 hash. :func:`record_domain_event`
is registered with :func:`plein.core.events.record_with`, so every
``emit_on_commit`` becomes an entry. ``plein audit verify`` walks the chain.

The database refuses UPDATE and DELETE on the table (triggers, see the
migration and docs/compliance.md).
"""

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from plein.access.compliance import can_read_audit_log
from plein.core.db import lock_ordered_writes
from plein.core.events import Event
from plein.governance.compliance.audit_display import Names
from plein.governance.compliance.audit_labels import action_label
from plein.governance.compliance.models import AuditEntry
from plein.people.models import User


@dataclass(frozen=True)
class RequestContext:
    ip: str | None
    request: HttpRequest | None = None

    @property
    def actor_id(self) -> int | None:
        user = getattr(self.request, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            return user.pk
        return None


_context: ContextVar[RequestContext | None] = ContextVar("audit_context", default=None)
_flushing: ContextVar[bool] = ContextVar("audit_flushing", default=False)


@contextmanager
def request_context(
    ip: str | None, request: HttpRequest | None = None
) -> Iterator[None]:
    """Who is acting and from where, for events recorded while this is active."""
    token = _context.set(RequestContext(ip=ip, request=request))
    try:
        yield
    finally:
        _context.reset(token)


# Hashing --------------------------------------------------------------------------


def _clean_data(data: dict[str, Any] | None) -> dict[str, Any]:
    # What a JSON column gives back, so the hash recomputes the same later.
    return json.loads(json.dumps(data or {}, default=str))


def compute_hash(
    *,
    at: Any,
    actor_id: int | None,
    action: str,
    target_type: str,
    target_id: int | None,
    data: dict[str, Any],
    ip: str | None,
    prev_hash: str,
) -> str:
    """SHA-256 over the sorted-keys JSON of everything but the id."""
    canonical = json.dumps(
        {
            "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": actor_id,
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "data": data,
            "ip": ip,
            "prev_hash": prev_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def entry_hash(entry: AuditEntry) -> str:
    """The hash an entry should carry, recomputed from its stored fields."""
    return compute_hash(
        at=entry.at,
        actor_id=entry.actor_id,
        action=entry.action,
        target_type=entry.target_type,
        target_id=entry.target_id,
        data=entry.data,
        ip=entry.ip,
        prev_hash=entry.prev_hash,
    )


# Writing --------------------------------------------------------------------------


def _target(target: Any) -> tuple[str, int | None]:
    if target is None:
        return "", None
    if isinstance(target, tuple):
        kind, pk = target
        return str(kind), (int(pk) if pk is not None else None)
    return target._meta.model_name, target.pk


def record_event(
    action: str,
    *,
    actor_id: int | None = None,
    target: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit log, inside the caller's transaction.

    ``target`` is a model instance or a ``(type, id)`` pair. Without an
    ``actor_id`` the signed-in person of the current request is the actor.
    """
    context = _context.get()
    if actor_id is None and context is not None:
        actor_id = context.actor_id
    target_type, target_id = _target(target)
    fields = {
        "actor_id": actor_id,
        "action": action[:100],
        "target_type": target_type[:50],
        "target_id": target_id,
        "data": _clean_data(data),
        "ip": context.ip if context is not None else None,
    }
    # No savepoint inside the caller's transaction: an entry that cannot be
    # written fails the whole change, on purpose.
    with transaction.atomic(savepoint=False):
        # Held until the outer transaction ends: one writer at a time reads
        # the last hash and appends.
        lock_ordered_writes()
        return _append(**fields)


def _append(**fields: Any) -> AuditEntry:
    """Read the chain's head and append one entry: two fixed statements.

    Every change in Plein writes here, so this skips compiling ORM queries.
    """
    table = AuditEntry._meta.db_table
    ops = connection.ops
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT hash FROM {table} ORDER BY id DESC LIMIT 1")  # noqa: S608 - table name only
        row = cursor.fetchone()
        prev_hash = row[0] if row else ""
        at = timezone.now()
        digest = compute_hash(at=at, prev_hash=prev_hash, **fields)
        data_field = AuditEntry._meta.get_field("data")
        cursor.execute(
            f"INSERT INTO {table} (at, actor_id, action, target_type, target_id, "  # noqa: S608
            "data, ip, prev_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
            "RETURNING id",
            [
                ops.adapt_datetimefield_value(at),
                fields["actor_id"],
                fields["action"],
                fields["target_type"],
                fields["target_id"],
                data_field.get_db_prep_save(fields["data"], connection),
                fields["ip"],
                prev_hash,
                digest,
            ],
        )
        (entry_id,) = cursor.fetchone()
    return AuditEntry(id=entry_id, at=at, prev_hash=prev_hash, hash=digest, **fields)


def event_target(event: Event) -> tuple[str, int | None] | None:
    """``posts.post.edited`` with ``{"post_id": 7}`` is about post 7."""
    parts = event.name.split(".")
    if len(parts) >= 2:
        noun = parts[-2]
        value = event.payload.get(f"{noun}_id")
        if isinstance(value, int):
            return noun, value
    for key, value in event.payload.items():
        if key.endswith("_id") and isinstance(value, int):
            return key[: -len("_id")], value
    return None


def record_domain_event(event: Event) -> None:
    """The recorder for :mod:`plein.core.events`: every event becomes an entry."""
    record_event(
        event.name,
        actor_id=event.actor_id,
        target=event_target(event),
        data=event.payload,
    )


# Verifying ------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    count: int
    broken_id: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def verify_chain(chunk_size: int = 2000) -> ChainReport:
    """Walk the log in id order and recompute every hash."""
    prev_hash = ""
    count = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=chunk_size):
        if entry.prev_hash != prev_hash:
            return ChainReport(count, entry.pk, "does not follow the entry before it")
        if entry_hash(entry) != entry.hash:
            return ChainReport(count, entry.pk, "was changed after it was written")
        prev_hash = entry.hash
        count += 1
    return ChainReport(count)


# Database maintenance ---------------------------------------------------------------


@contextmanager
def flushing() -> Iterator[None]:
    """Let SQLite's delete trigger pass while `flush` empties the database."""
    token = _flushing.set(True)
    try:
        yield
    finally:
        _flushing.reset(token)


def _is_flushing() -> int:
    return 1 if _flushing.get() else 0


def register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: the function the delete trigger asks."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "plein_audit_flushing", 0, _is_flushing, deterministic=False
        )


# Reading (compliance officers and organisation admins) -----------------------------


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""  # an id or an e-mail address
    action: str = ""  # exact name, or a prefix ending in "." ("posts.")
    since: Any = None  # date, inclusive
    until: Any = None  # date, inclusive


def audit_entries(user: Any, filters: AuditFilters) -> Any:
    """The filtered log, newest first; NotFound for anyone who may not read it."""
    from datetime import datetime, time, timedelta

    from plein.core.errors import NotFound

    if not can_read_audit_log(user):
        raise NotFound()
    qs = AuditEntry.objects.order_by("-id")
    actor = filters.actor.strip()
    if actor:
        if actor.isdigit():
            qs = qs.filter(actor_id=int(actor))
        else:
            actor_ids = User.objects.filter(email__iexact=actor).values_list(
                "pk", flat=True
            )
            qs = qs.filter(actor_id__in=list(actor_ids))
    action = filters.action.strip()
    if action:
        if action.endswith("."):
            qs = qs.filter(action__startswith=action)
        else:
            qs = qs.filter(action=action)
    tz = timezone.get_current_timezone()
    if filters.since:
        qs = qs.filter(at__gte=datetime.combine(filters.since, time.min, tzinfo=tz))
    if filters.until:
        end = datetime.combine(filters.until + timedelta(days=1), time.min, tzinfo=tz)
        qs = qs.filter(at__lt=end)
    return qs


EXPORT_HEADER = [
    "id",
    "at_utc",
    "actor_id",
    "action",
    "target_type",
    "target_id",
    "data",
    "ip",
    "hash",
    # For people reading the file; the columns above stay as they were.
    "action_label",
    "actor_name",
    "target_name",
]


def check_export_audit_log(actor: Any, filters: AuditFilters) -> Iterator[list[str]]:
    """The filtered log as CSV rows; the export is itself an audit entry.

    Call inside a transaction: the entry is written before any row is read.
    """
    from plein.core.events import emit_on_commit

    entries = audit_entries(actor, filters)
    who = filters.actor.strip()
    emit_on_commit(
        "compliance.audit.exported",
        {
            # An e-mail address is personal data: only the fact is kept.
            "actor_filter": int(who) if who.isdigit() else ("email" if who else None),
            "action_filter": filters.action.strip()[:100],
            "since": filters.since.isoformat() if filters.since else None,
            "until": filters.until.isoformat() if filters.until else None,
            "rows": entries.count(),
        },
        actor_id=actor.pk,
    )
    return _export_rows(actor, list(entries.values_list("pk", flat=True)))


def _export_rows(viewer: Any, ids: list[int]) -> Iterator[list[str]]:
    yield EXPORT_HEADER
    for chunk_start in range(0, len(ids), 2000):
        chunk = ids[chunk_start : chunk_start + 2000]
        entries = list(AuditEntry.objects.filter(pk__in=chunk).order_by("-id"))
        names = Names(viewer, entries)
        for entry in entries:
            actor = names.person(entry.actor_id) if entry.actor_id is not None else ""
            target = names.target(entry) or ""
            yield [
                str(entry.pk),
                entry.at.astimezone(UTC).isoformat(timespec="seconds"),
                "" if entry.actor_id is None else str(entry.actor_id),
                entry.action,
                entry.target_type,
                "" if entry.target_id is None else str(entry.target_id),
                json.dumps(entry.data, sort_keys=True),
                entry.ip or "",
                entry.hash,
                action_label(entry.action),
                str(actor),
                str(target),
            ]
