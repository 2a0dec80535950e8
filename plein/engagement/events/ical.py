"""Recurrence and iCalendar: pure functions, no database.

Times are stored in UTC; recurrence is expanded in the event's own zone
(Europe/Amsterdam), so a weekly 10:00 event stays at 10:00 on the wall
clock when summer time starts or ends. The .ics documents are written with
the maintained ``icalendar`` library: DTSTART/DTEND carry a TZID and the
calendar holds the matching VTIMEZONE, so clients do the same.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.conf import settings
from icalendar import Calendar, vCalAddress, vRecur, vText
from icalendar import Event as VEvent

from plein.engagement.events.models import Event, Repeat

# Enough for a weekly event for two years; a cap keeps a rule from making
# an endless calendar.
MAX_OCCURRENCES = 104
PRODID = "-//Plein//Events//EN"


@dataclass(frozen=True)
class Occurrence:
    event: Event
    starts_at: datetime  # in the event's zone
    ends_at: datetime

    @property
    def key(self) -> str:
        """The occurrence's local date, as reminders and links name it."""
        return self.starts_at.date().isoformat()


def build_rrule(repeat: str, count: int | None) -> str:
    """The RRULE value for a repeat choice and a number of occurrences."""
    if not repeat:
        return ""
    if repeat not in (Repeat.WEEKLY, Repeat.MONTHLY):
        raise ValueError(repeat)
    count = max(2, min(int(count or 2), MAX_OCCURRENCES))
    return f"FREQ={repeat};COUNT={count}"


def _local(event: Event) -> tuple[datetime, timedelta]:
    zone = ZoneInfo(event.time_zone)
    start = event.starts_at.astimezone(zone)
    return start, event.ends_at - event.starts_at


def _localize(moment: datetime, zone: ZoneInfo) -> datetime:
    # The rule keeps the wall time and the zone; the offset follows from
    # the date (CET or CEST), which astimezone normalises.
    return moment.replace(tzinfo=zone).astimezone(zone)


def list_starts(event: Event) -> list[datetime]:
    """Every start of the event in its own zone (one for a single event)."""
    start, _length = _local(event)
    if not event.rrule:
        return [start]
    zone = ZoneInfo(event.time_zone)
    naive = start.replace(tzinfo=None)
    rule = rrulestr(event.rrule, dtstart=naive, forceset=False)
    starts = []
    for moment in rule:
        starts.append(_localize(moment, zone))
        if len(starts) >= MAX_OCCURRENCES:
            break
    return starts


def build_last_ends_at(event: Event) -> datetime:
    """When the last occurrence ends (stored for the calendar's filter)."""
    _start, length = _local(event)
    return max(list_starts(event)) + length


def expand_occurrences(
    event: Event, since: datetime, until: datetime | None = None
) -> list[Occurrence]:
    """The event's occurrences that end after ``since`` and start before
    ``until`` (None: no end), in order."""
    _start, length = _local(event)
    found = []
    for start in list_starts(event):
        end = start + length
        if end <= since:
            continue
        if until is not None and start >= until:
            break
        found.append(Occurrence(event, start, end))
    return found


def build_vevent(
    event: Event,
    *,
    url: str = "",
    attendee: tuple[str, str, str] | None = None,
    organizer: tuple[str, str] | None = None,
    stamp: datetime | None = None,
) -> VEvent:
    """One VEVENT for ``event`` (with its post loaded).

    ``attendee`` is (e-mail, name, PARTSTAT) and ``organizer`` (address,
    name), for iTIP messages (RFC 5546).
    """
    zone = ZoneInfo(event.time_zone)
    post = event.post
    vevent = VEvent.new(
        uid=event.uid,
        summary=post.title,
        description=_description(post.body, url),
        start=event.starts_at.astimezone(zone),
        end=event.ends_at.astimezone(zone),
        location=_location(event) or None,
        url=url or None,
        sequence=event.sequence,
        stamp=stamp or post.edited_at or post.created_at,
    )
    if event.rrule:
        vevent.add("rrule", vRecur.from_ical(event.rrule))
    if event.cancelled_at is not None:
        # Calendar clients strike it through or remove it (RFC 5545 3.8.1.11).
        vevent.add("status", "CANCELLED")
    if organizer is not None:
        address = vCalAddress(f"mailto:{organizer[0]}")
        address.params["CN"] = vText(organizer[1])
        vevent.add("organizer", address)
    if attendee is not None:
        address = vCalAddress(f"mailto:{attendee[0]}")
        address.params["CN"] = vText(attendee[1])
        address.params["ROLE"] = "REQ-PARTICIPANT"
        address.params["PARTSTAT"] = attendee[2]
        address.params["RSVP"] = "TRUE"
        vevent.add("attendee", address)
    return vevent


def _location(event: Event) -> str:
    return ", ".join(part for part in (event.location, event.online_url) if part)


def _description(body: str, url: str) -> str:
    from plein.core.markdown import plain_text

    text = plain_text(body)
    return f"{text}\n\n{url}".strip() if url else text


def build_calendar(
    events: Iterable[tuple[Event, VEvent]], *, name: str = "", method: str = ""
) -> bytes:
    """A VCALENDAR holding the VEVENTs and the VTIMEZONEs they use.

    The time zones' rules cover only the years of the events (from the
    first start to the last occurrence's end), which keeps a file small.
    """
    calendar = Calendar.new(prodid=PRODID, name=name or None, method=method or None)
    first: date | None = None
    last: date | None = None
    for event, vevent in events:
        calendar.add_component(vevent)
        start, end = event.starts_at.date(), event.last_ends_at.date()
        first = start if first is None else min(first, start)
        last = end if last is None else max(last, end)
    if first is not None and last is not None:
        calendar.add_missing_timezones(
            first_date=first - timedelta(days=366), last_date=last + timedelta(days=366)
        )
    return bytes(calendar.to_ical())


@dataclass(frozen=True)
class CalendarReply:
    """What an iTIP REPLY says: which event, who, and their answer."""

    uid: str
    attendee: str  # e-mail address, lower case
    partstat: str  # ACCEPTED, DECLINED, TENTATIVE, ...


def parse_reply(data: str) -> list[CalendarReply]:
    """The answers in a METHOD:REPLY calendar; [] for anything else.

    Never raises on bad input: a calendar that cannot be read is no reply.
    """
    try:
        calendars: Sequence[Calendar] = Calendar.from_ical(data, multiple=True)
    except Exception:
        return []
    replies = []
    for calendar in calendars:
        if str(calendar.get("method", "")).upper() != "REPLY":
            continue
        for vevent in calendar.walk("VEVENT"):
            uid = str(vevent.get("uid", ""))
            attendees = vevent.get("attendee")
            if attendees is None:
                continue
            if not isinstance(attendees, list):
                attendees = [attendees]
            for attendee in attendees:
                address = str(attendee)
                if address.lower().startswith("mailto:"):
                    address = address[len("mailto:") :]
                partstat = str(attendee.params.get("PARTSTAT", "")).upper()
                replies.append(CalendarReply(uid, address.strip().lower(), partstat))
    return replies


def organizer_name() -> str:
    return str(settings.SITE_NAME)
