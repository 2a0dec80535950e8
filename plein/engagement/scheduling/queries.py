"""Reads for the scheduling pages and the API, scoped by ``plein.access``."""

import calendar as month_calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from plein.access.scheduling import visible_scheduled
from plein.engagement.scheduling.models import ScheduledPost, State
from plein.groups.models import Group

CALENDAR_STATES = (State.SCHEDULED, State.PUBLISHED)


def list_my_items(
    user: Any, states: Sequence[str] | None = None
) -> QuerySet[ScheduledPost]:
    """One's own drafts and scheduled items: planned first, soonest first."""
    qs = visible_scheduled(user).filter(author_id=user.pk)
    if states:
        qs = qs.filter(state__in=states)
    return qs.select_related("group", "post").order_by(
        "publish_at", "-updated_at", "-pk"
    )


def list_calendar_items(
    user: Any, since: datetime, until: datetime, *, group: Group | None = None
) -> list[ScheduledPost]:
    """Planned and published items ``user`` may see between the two moments.

    Planned items count at their publish time, published ones at the time
    they were published. Drafts, cancelled and failed items are not on the
    calendar (they are on one's own list).
    """
    qs = visible_scheduled(user).filter(
        Q(state=State.SCHEDULED, publish_at__gte=since, publish_at__lt=until)
        | Q(state=State.PUBLISHED, published_at__gte=since, published_at__lt=until)
    )
    if group is not None:
        qs = qs.filter(group=group)
    items = list(qs.select_related("author", "group", "post")[:1000])
    items.sort(key=lambda item: (item.calendar_at, item.pk))
    return items


def list_calendar_groups(user: Any) -> list[Group]:
    """The groups of the items on the user's calendar, for its filter."""
    ids = (
        visible_scheduled(user)
        .filter(state__in=CALENDAR_STATES, group__isnull=False)
        .values("group_id")
    )
    return list(Group.objects.filter(pk__in=ids).order_by("name"))


def parse_month(value: str | None, today: date) -> date:
    """The first day of a "YYYY-MM" month; this month for anything else."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def month_range(month: date) -> tuple[datetime, datetime]:
    """The first moment of ``month`` and of the next, in the current time zone."""
    zone = timezone.get_current_timezone()
    start = datetime(month.year, month.month, 1, tzinfo=zone)
    days = month_calendar.monthrange(month.year, month.month)[1]
    end_day = month + timedelta(days=days)
    return start, datetime(end_day.year, end_day.month, 1, tzinfo=zone)


@dataclass
class Day:
    day: date
    in_month: bool
    is_today: bool
    items: list[ScheduledPost] = field(default_factory=list)


def build_month_grid(
    month: date, items: list[ScheduledPost], today: date
) -> list[list[Day]]:
    """Weeks (Monday first) of days, each with its items in local time."""
    by_day: dict[date, list[ScheduledPost]] = {}
    for item in items:
        moment = item.calendar_at
        if moment is None:
            continue
        by_day.setdefault(timezone.localtime(moment).date(), []).append(item)
    weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(
        month.year, month.month
    )
    return [
        [
            Day(
                day=day,
                in_month=day.month == month.month,
                is_today=day == today,
                items=by_day.get(day, []),
            )
            for day in week
        ]
        for week in weeks
    ]


def group_by_day(items: list[ScheduledPost]) -> list[tuple[date, list[ScheduledPost]]]:
    """The list view: (day, items) in order."""
    days: dict[date, list[ScheduledPost]] = {}
    for item in items:
        moment = item.calendar_at
        if moment is not None:
            days.setdefault(timezone.localtime(moment).date(), []).append(item)
    return list(days.items())
