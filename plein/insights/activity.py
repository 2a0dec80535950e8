"""Recording that someone read Plein today, cheaply.

Every page that shows content calls :func:`do_record_reading` (through the
base apps' registries, see hooks.py). Most calls write nothing: each
process remembers who it has recorded today, and the database is asked
(and written, in a transaction of its own) only the first time a process
sees a person on a day. A page view never takes the write lock for nothing.

Days follow the organisation's calendar (TIME_ZONE), not the reader's.
"""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from plein.access.people import is_active_person
from plein.insights.models import ActivityDay

# The day the set is for, and the people this process recorded on it.
_seen: dict[str, Any] = {"day": None, "ids": set()}


def org_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def org_day(moment: datetime.datetime | None = None) -> datetime.date:
    """The organisation's calendar day of ``moment`` (now by default)."""
    return timezone.localdate(moment or timezone.now(), timezone=org_zone())


def day_start(day: datetime.date) -> datetime.datetime:
    """The first moment of ``day`` in the organisation's time zone."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=org_zone())


def forget_seen() -> None:
    """Drop the process's memory (tests, whose databases roll back)."""
    _seen["day"] = None
    _seen["ids"] = set()


def do_record_reading(person: Any, *_args: Any) -> None:
    """Note that ``person`` read something today; at most one write a day.

    Takes extra positional arguments so that it fits the registries it is
    put in (the post that was opened, the search words): they are ignored.
    Opens its own transaction only when the row is missing or not yet
    marked read.
    """
    if not is_active_person(person):
        return
    today = org_day()
    if _seen["day"] != today:
        _seen["day"] = today
        _seen["ids"] = set()
    if person.pk in _seen["ids"]:
        return
    already = ActivityDay.objects.filter(
        person_id=person.pk, day=today, has_read=True
    ).exists()
    if not already:
        with transaction.atomic():
            # The nightly rollup may have written the row (posted, not read):
            # insert if missing, then mark read either way.
            ActivityDay.objects.bulk_create(
                [ActivityDay(person_id=person.pk, day=today, has_read=True)],
                ignore_conflicts=True,
            )
            ActivityDay.objects.filter(
                person_id=person.pk, day=today, has_read=False
            ).update(has_read=True)
    _seen["ids"].add(person.pk)
