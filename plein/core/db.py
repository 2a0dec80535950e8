"""Small helpers for the few reads that run as fixed SQL."""

from datetime import UTC, datetime
from typing import Any


def aware_utc(value: Any) -> Any:
    """A datetime from plain SQL as the ORM would return it.

    SQLite hands plain SQL naive UTC datetimes (the ORM adds the zone);
    PostgreSQL aware ones. Anything else passes through unchanged.
    """
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value
