"""A month of activity for the demo organisation's dashboards.

Called by ``plein.demo.builder`` (after the other apps' demos) with the
demo people, groups and "now". Reading leaves no trace in the demo's
back-dated history, so each person gets a reading habit (some daily, some
now and then, fewer at weekends); posting, commenting and reacting come
from the demo's content itself. Then the nightly jobs run once: the
month's rollups, and the check for groups that went quiet.
"""

import datetime
import random
from typing import Any

from plein.access.people import is_active_person, is_guest
from plein.insights.actions import do_flag_inactive_groups
from plein.insights.activity import org_day
from plein.insights.models import ActivityDay
from plein.insights.rollup import do_rollup_day, do_settle_activity

DAYS = 30
# Reading starts earlier than the rollups, so that the first day shown
# already has a full 30-day window behind it.
READING_DAYS = 2 * DAYS


def add_demo(
    people: dict[str, Any], groups: dict[str, Any], now: datetime.datetime
) -> None:
    """Reading days for the last month, then its rollups and quiet-group flags."""
    rng = random.Random(13)  # noqa: S311 (made-up data)
    today = org_day(now)
    days = [today - datetime.timedelta(days=n) for n in range(READING_DAYS, -1, -1)]
    colleagues = sorted(
        (p for p in people.values() if is_active_person(p) and not is_guest(p)),
        key=lambda p: p.pk,
    )
    rows = []
    for person in colleagues:
        habit = rng.choice((0.95, 0.8, 0.6, 0.35, 0.15))
        for day in days:
            # Adoption grows over the month, and weekends are quiet.
            chance = habit * (0.75 + 0.25 * days.index(day) / READING_DAYS)
            if day.weekday() >= 5:
                chance *= 0.3
            if rng.random() < chance:
                rows.append(ActivityDay(person=person, day=day, has_read=True))
    ActivityDay.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    # Who posted and reacted before the month, for its 30-day windows.
    for day in days[: -DAYS - 1]:
        do_settle_activity(day)
    for day in days[-DAYS - 1 : -1]:  # the month up to yesterday, as at night
        do_rollup_day(day)
    do_flag_inactive_groups(now)
