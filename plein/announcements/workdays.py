"""Working days: Monday to Friday, minus Dutch public holidays.

Reminders and escalation count working days in the organisation's time zone
(Europe/Amsterdam): an announcement made on Friday afternoon with "remind
after 2 working days" reminds on Tuesday afternoon, or on Wednesday when
that Monday is a holiday.
"""

import datetime
import zoneinfo
from functools import cache

import holidays

ORG_TIMEZONE = zoneinfo.ZoneInfo("Europe/Amsterdam")


@cache
def _dutch_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("NL", years=year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _dutch_holidays(day.year)


def add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """The moment ``days`` working days after ``start``, same local time of day.

    ``start`` must be aware; the answer is aware, in the organisation's zone.
    """
    local = start.astimezone(ORG_TIMEZONE)
    day = local.date()
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return datetime.datetime.combine(day, local.timetz().replace(tzinfo=None)).replace(
        tzinfo=ORG_TIMEZONE
    )
