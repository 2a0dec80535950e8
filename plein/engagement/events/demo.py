"""Events for the demo organisation: upcoming, one weekly, one that is full.

Called by ``plein.demo.builder`` with the demo people (by e-mail local
part), the groups (by key and by slug) and the demo's "now". Everything goes
through the actions; anybody or any group missing from the demo is skipped.
"""

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from plein.access.events import access_event, can_create_event
from plein.core.errors import NotFound
from plein.engagement.events.actions import EventDetails, check_create_event, check_rsvp
from plein.engagement.events.models import DEFAULT_TIME_ZONE

# (organiser, group key or None, title, text, days ahead, hour, hours,
#  place, online link, capacity, repeat, times, [(person, answer)])
EVENTS: list[tuple[Any, ...]] = [
    (
        "jasper.dekkers",
        "iedereen",
        "Town hall: de plannen voor volgend jaar",
        "De directie vertelt over de strategie en beantwoordt vragen. "
        "Stel je vraag vooraf in de reacties.",
        6,
        16,
        1.5,
        "Amsterdam, Grote zaal",
        "https://meet.zuiderhaven.example/townhall",
        None,
        "",
        None,
        [("anna", "yes"), ("sanne.smit", "yes"), ("iris.vos", "maybe")],
    ),
    (
        "julia.evers",
        "ai",
        "Lunchsessie: werken met taalmodellen",
        "Elke week een korte demo en vragen. Neem je eigen lunch mee.",
        2,
        12,
        1,
        "Utrecht, zaal De Dom",
        "https://meet.zuiderhaven.example/ai-lunch",
        None,
        "WEEKLY",
        8,
        [("chen.wei", "yes"), ("anna", "yes"), ("tim.bosman", "maybe")],
    ),
    (
        "emma.peters",
        "duurzaam",
        "Workshop: duurzaam beleggen uitgelegd",
        "Een praktische workshop voor adviseurs. Vol is vol: er is een wachtlijst.",
        10,
        14,
        2,
        "Rotterdam, kamer 4.12",
        "",
        3,
        "",
        None,
        [
            ("sophie.dijkstra", "yes"),
            ("mila.janssen", "yes"),
            ("aylin.kaya", "yes"),
            ("iris.vos", "yes"),
            ("youssef.benali", "yes"),
        ],
    ),
    (
        "eva.claassen",
        None,
        "Zomerborrel op het dakterras",
        "Voor alle collega's, met hapjes en muziek.",
        20,
        17,
        3,
        "Amsterdam, dakterras",
        "",
        None,
        "",
        None,
        [("jasper.dekkers", "yes"), ("stijn.kuipers", "maybe")],
    ),
]


def add_demo(people: dict[str, Any], groups: dict[str, Any], now: datetime) -> None:
    """Plan the demo's events and answer them, through the actions."""
    zone = ZoneInfo(DEFAULT_TIME_ZONE)
    today = now.astimezone(zone).date()
    for spec in EVENTS:
        (organiser_key, group_key, title, text, days, hour, hours) = spec[:7]
        (place, link, capacity, repeat, times, answers) = spec[7:]
        organiser = people.get(organiser_key)
        group = groups.get(group_key) if group_key else None
        if organiser is None or (group_key and group is None):
            continue
        if not can_create_event(organiser, group):
            continue
        day = today + timedelta(days=days)
        starts_at = datetime(day.year, day.month, day.day, hour, tzinfo=zone)
        post = check_create_event(
            organiser,
            EventDetails(
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=hours),
                location=place,
                online_url=link,
                capacity=capacity,
                repeat=repeat,
                repeat_count=times,
            ),
            title=title,
            body=text,
            group=group,
        )
        for person_key, answer in answers:
            person = people.get(person_key)
            if person is None:
                continue
            try:
                event = access_event(person, post.pk)
            except NotFound:  # not in the group: no answer
                continue
            check_rsvp(person, event, answer)
