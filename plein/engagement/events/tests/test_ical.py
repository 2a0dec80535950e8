"""The .ics output, read back with the icalendar and recurring-ical-events
libraries: fields, time zones, and recurrence across summer time."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar

from plein.engagement.events.ical import expand_occurrences, parse_reply
from plein.engagement.events.queries import build_event_ics

from .conftest import at

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")


def _read(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def test_single_event_reads_back_with_its_fields_and_zone(alice, plan, frozen):
    event = plan(
        alice,
        "Nieuwjaarsborrel",
        starts_at=at(2028, 1, 6, 16, 30),
        hours=2.5,
        body="Proosten op **het nieuwe jaar**.",
        location="Kantine",
        online_url="https://meet.example.org/borrel",
    )
    calendar = _read(build_event_ics(event))
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Nieuwjaarsborrel"
    assert str(vevent["UID"]) == event.uid
    assert "Kantine" in str(vevent["LOCATION"])
    assert "https://meet.example.org/borrel" in str(vevent["LOCATION"])
    assert "Proosten op het nieuwe jaar." in str(vevent["DESCRIPTION"])
    assert str(vevent["URL"]).endswith(f"/events/{event.pk}/")
    start = vevent.decoded("DTSTART")
    assert vevent["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert (start.hour, start.minute) == (16, 30)
    assert start == at(2028, 1, 6, 16, 30)
    assert vevent.decoded("DTEND") - start == timedelta(hours=2.5)
    # The zone's rules travel with the file.
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == [
        "Europe/Amsterdam"
    ]


def test_weekly_event_keeps_its_wall_time_across_the_spring_dst_change(
    alice, plan, frozen
):
    # Summer time starts on Sunday 26 March 2028.
    event = plan(
        alice, starts_at=at(2028, 3, 13, 10, 0), repeat="WEEKLY", repeat_count=4
    )
    calendar = _read(build_event_ics(event))
    (vevent,) = calendar.walk("VEVENT")
    assert vevent["RRULE"]["FREQ"] == ["WEEKLY"]
    expanded = recurring_ical_events.of(calendar).between(
        date(2028, 3, 1), date(2028, 5, 1)
    )
    starts = sorted(e.decoded("DTSTART") for e in expanded)
    assert [s.date() for s in starts] == [
        date(2028, 3, 13),
        date(2028, 3, 20),
        date(2028, 3, 27),
        date(2028, 4, 3),
    ]
    assert {(s.hour, s.minute) for s in starts} == {(10, 0)}
    # In UTC the event moved an hour earlier once summer time began.
    assert [s.astimezone(UTC).hour for s in starts] == [9, 9, 8, 8]
    # Plein's own calendar expands the same moments.
    ours = [o.starts_at for o in expand_occurrences(event, at(2028, 3, 1, 0, 0))]
    assert ours == starts


def test_monthly_event_across_the_autumn_dst_change(alice, plan, frozen):
    # Winter time starts on Sunday 29 October 2028.
    event = plan(
        alice, starts_at=at(2028, 9, 15, 19, 0), repeat="MONTHLY", repeat_count=3
    )
    calendar = _read(build_event_ics(event))
    expanded = recurring_ical_events.of(calendar).between(
        date(2028, 9, 1), date(2029, 1, 1)
    )
    starts = sorted(e.decoded("DTSTART") for e in expanded)
    assert [(s.month, s.day, s.hour) for s in starts] == [
        (9, 15, 19),
        (10, 15, 19),
        (11, 15, 19),
    ]
    assert [s.utcoffset() for s in starts] == [
        timedelta(hours=2),
        timedelta(hours=2),
        timedelta(hours=1),
    ]
    ours = [o.starts_at for o in expand_occurrences(event, at(2028, 9, 1, 0, 0))]
    assert ours == starts
    assert event.last_ends_at == at(2028, 11, 15, 21, 0)


def test_calendar_reply_is_read_and_other_methods_are_not():
    reply = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nMETHOD:REPLY\r\n"
        "BEGIN:VEVENT\r\nUID:event-7@plein.test\r\nDTSTAMP:20280101T000000Z\r\n"
        "ATTENDEE;PARTSTAT=ACCEPTED;CN=Bob:mailto:Bob@Plein.Test\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    (answer,) = parse_reply(reply)
    assert (answer.uid, answer.attendee, answer.partstat) == (
        "event-7@plein.test",
        "bob@plein.test",
        "ACCEPTED",
    )
    assert parse_reply(reply.replace("METHOD:REPLY", "METHOD:REQUEST")) == []
    assert parse_reply("not a calendar") == []


def test_expansion_in_the_past_skips_ended_occurrences(alice, plan, frozen):
    event = plan(
        alice, starts_at=at(2027, 6, 7, 10, 0), repeat="WEEKLY", repeat_count=3
    )
    later = datetime(2027, 6, 15, 0, 0, tzinfo=UTC)
    assert [o.starts_at.day for o in expand_occurrences(event, later)] == [21]
