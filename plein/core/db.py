"""Small database helpers: fixed-SQL reads, and logs kept in commit order."""

from datetime import UTC, datetime
from typing import Any

from django.db import connection

# Any constant works; it only has to be the same in every process. One key
# for every ordered log, so that a transaction writing to two of them (an
# audited change that also tells the live streams) never deadlocks.
ORDERED_WRITES_LOCK_KEY = 0x504C45494E41  # "PLEINA"


def lock_ordered_writes() -> None:
    """Make this transaction's log rows commit in the order of their ids.

    Readers of an append-only log (the audit chain, the live events) move a
    cursor along the ids. On PostgreSQL ids come from a sequence when a row
    is inserted, not when it commits: a transaction that inserted id 100 and
    commits after the one that inserted 101 would be skipped by a reader
    already past 101. Taken before the insert and held until the
    transaction ends, this lock lets one such writer at a time through.
    SQLite's write transactions are serialised already. Call it inside the
    transaction that writes the row.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s)", [ORDERED_WRITES_LOCK_KEY]
            )


def aware_utc(value: Any) -> Any:
    """A datetime from plain SQL as the ORM would return it.

    SQLite hands plain SQL naive UTC datetimes (the ORM adds the zone);
    PostgreSQL aware ones. Anything else passes through unchanged.
    """
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value
