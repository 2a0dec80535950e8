"""Scheduled posts and a draft for the demo organisation.

Called by ``plein.demo.builder`` inside its transaction with the demo people
(by e-mail local part), groups (by key and by slug) and the demo's "now".
For the coming week: an announcement, a poll, a kudos and a plain post, so
the content calendar shows something on first start; and one draft. Each
goes through ``check_save_scheduled`` (a dry run of publishing, as in the
composer); one the demo's rules refuse is left out.
"""

import contextlib
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from plein.access.groups import can_post_in_group
from plein.access.people import is_active_person, is_guest
from plein.core.errors import PleinError
from plein.engagement.kudos.models import Value
from plein.engagement.scheduling.actions import check_save_scheduled


def _person(people: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        person = people.get(key)
        if person is not None and is_active_person(person) and not is_guest(person):
            return person
    return next(
        (p for p in people.values() if is_active_person(p) and not is_guest(p)), None
    )


def _group_id(group: Any, person: Any) -> str:
    return (
        str(group.pk) if group is not None and can_post_in_group(person, group) else ""
    )


def _plan(author: Any, source: str, data: dict[str, Any], at: datetime | None) -> None:
    if author is None:
        return
    # Refused for this author (a group, a limit): the demo goes on.
    with contextlib.suppress(PleinError):
        check_save_scheduled(
            author, source=source, data=data, schedule=at is not None, publish_at=at
        )


def add_demo(people: dict[str, Any], groups: dict[str, Any], now: datetime) -> None:
    """Four posts planned for the coming week and one draft."""
    # The actions check publish times against the clock, not the demo's now.
    start = max(now, timezone.now()).replace(minute=0, second=0, microsecond=0)
    everyone = groups.get("iedereen")
    comms = _person(people, "admin")
    everyone_id = _group_id(everyone, comms)
    _plan(
        comms,
        "post",
        {
            "title": "Nieuwe thuiswerkregeling vanaf volgende maand",
            "body": "Vanaf volgende maand geldt de nieuwe thuiswerkregeling. "
            "Lees de belangrijkste wijzigingen en bevestig dat je ze gelezen hebt.",
            "group": everyone_id,
            "reader_groups": [everyone_id] if everyone_id else [],
        },
        start + timedelta(days=1, hours=1),
    )
    pollster = _person(people, "marloes.verbruggen")
    _plan(
        pollster,
        "poll",
        {
            "question": "Welke workshop willen jullie in het volgende kwartaal?",
            "options": "Presenteren\nTijdmanagement\nSchrijven voor het web",
            "group": _group_id(everyone, pollster),
            "results_shown": "live",
        },
        start + timedelta(days=2, hours=2),
    )
    giver = _person(people, "sanne.smit")
    praised = people.get("anna") or people.get("iris.vos")
    value = Value.objects.filter(is_active=True).order_by("order", "pk").first()
    if praised is not None and value is not None and giver is not None:
        _plan(
            giver,
            "kudos",
            {
                "people": f"@{praised.handle}",
                "value": str(value.pk),
                "body": "Dank je wel voor het inwerken van de nieuwe collega's!",
            },
            start + timedelta(days=3, hours=1),
        )
    writer = _person(people, "fatima.elamrani")
    _plan(
        writer,
        "post",
        {"body": "Herinnering: vrijdag is de kantoorlunch. Schuif je aan?"},
        start + timedelta(days=4, hours=3),
    )
    _plan(
        comms,
        "post",
        {
            "title": "Terugblik op het kwartaal",
            "body": "Concept: de hoogtepunten van dit kwartaal, aan te vullen.",
        },
        None,
    )
