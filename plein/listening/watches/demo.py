"""Watches for the demo organisation, Zuiderhaven.

The organisation's own name, a client with an account team (a closed group
Anna is in, so the demo shows what a team member sees), a competitor and
a sector. Two mentions about the client are taken in first, then the
watches are made: their 30-day rematch (run by the demo builder as the
worker would) fills them with the demo's mentions, and nobody is told.

Called by ``plein.demo.builder`` (``add_demo``) with the demo people and
"now"; everything goes through the actions.
"""

from datetime import datetime, timedelta
from typing import Any

from plein.access.roles import GroupKind
from plein.groups.actions import do_add_member, do_create_group
from plein.listening.mentions.actions import FeedItem, do_take_in
from plein.listening.sources.models import Source
from plein.listening.watches.actions import do_create_watch
from plein.listening.watches.matching import build_watch_query
from plein.listening.watches.models import WatchKind

CLIENT = "Woonstichting De Linde"

# (hours ago, url, title, excerpt, language)
FOUND = [
    (
        8,
        "https://nieuws.example/wonen/de-linde-bouwt-300-huurwoningen",
        "Woonstichting De Linde bouwt 300 huurwoningen in Rotterdam-Zuid",
        "De corporatie financiert de nieuwbouw met hulp van Zuiderhaven en "
        "twee banken.",
        "nl",
    ),
    (
        40,
        "https://blog.example/2026/huurders-de-linde-boos",
        "Huurders van De Linde boos over late reparaties",
        "Bewoners wachten maanden op een monteur; de woonstichting belooft beterschap.",
        "nl",
    ),
    (
        60,
        "https://nieuws.example/economie/hollandse-hypotheekgroep-groeit",
        "Hollandse Hypotheekgroep groeit hard in het oosten",
        "De concurrent van Zuiderhaven opent drie nieuwe vestigingen.",
        "nl",
    ),
]

# (name, kind, query)
WATCHES = [
    ("Zuiderhaven", WatchKind.ORGANISATION, "Zuiderhaven"),
    (CLIENT, WatchKind.CLIENT, '"De Linde"\nwoonstichting linde'),
    ("Hollandse Hypotheekgroep", WatchKind.COMPETITOR, '"Hollandse Hypotheekgroep"'),
    ("Hypotheken en rente", WatchKind.SECTOR, "hypotheekrente\nhypotheek rente"),
]


def add_demo(people: dict[str, Any], groups: dict[str, Any], now: datetime) -> None:
    communications = people.get("moderator") or people.get("admin")
    anna = people.get("anna")
    if communications is None or anna is None:
        return
    source = Source.objects.filter(kind=Source.Kind.FEED).order_by("pk").first()
    if source is not None:
        for hours, url, title, excerpt, language in FOUND:
            do_take_in(
                source,
                [FeedItem(url=url, title=title, excerpt=excerpt, language=language)],
                now=now - timedelta(hours=hours),
            )
    team = do_create_group(
        anna,
        name=f"Accountteam {CLIENT}",
        description="Wij adviseren De Linde over de financiering van nieuwbouw.",
        kind=GroupKind.CLOSED,
    )
    for key in ("pieter.degroot",):
        if key in people:
            do_add_member(team, people[key])
    for name, kind, query in WATCHES:
        text, compiled = build_watch_query(query)
        do_create_watch(
            communications,
            name=name,
            kind=kind,
            query=text,
            compiled=compiled,
            team_group_id=team.pk if kind == WatchKind.CLIENT else None,
        )
