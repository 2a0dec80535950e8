"""Triage for the demo organisation: the demo's mentions in every state.

Runs after the mentions' demo (INSTALLED_APPS order) and works on what it
found: one mention stays new, the others are assigned, waiting for a
response, responded to or ignored, with a note or two, and the complaint
about the application procedure is discussed in the closed "Werkgroep
Sociale Media". Everything goes through the actions; the assignment
notifications are left out by the demo builder (``NOBODY_IS_TOLD``).
"""

from datetime import datetime
from typing import Any

from plein.listening.mentions.models import Mention
from plein.listening.triage.actions import (
    build_discussion_text,
    check_add_note,
    check_change_triage,
    check_discuss_mention,
)
from plein.listening.triage.models import TriageState

# (a word in the URL, state, who (key in people), note)
PLAN = [
    ("kantoor-gent", TriageState.NEW, None, ""),
    (
        "reviews/zuiderhaven/4121",
        TriageState.RESPONDED,
        "moderator",
        "Bedankt op het reviewplatform, met een link naar de vacatures.",
    ),
    (
        "reviews/zuiderhaven/4098",
        TriageState.NEEDS_RESPONSE,
        "moderator",
        "Navragen bij HR welke procedure dit was; daarna reageren.",
    ),
    ("hypotheekrente", TriageState.IGNORED, "admin", ""),
    ("reviews/88", TriageState.ASSIGNED, "admin", ""),
    (
        "klantenservice",
        TriageState.NEEDS_RESPONSE,
        "admin",
        "Klantenservice weet ervan; wachttijden zijn sinds maandag korter.",
    ),
]


def add_demo(people: dict[str, Any], groups: dict[str, Any], now: datetime) -> None:
    moderator, admin = people.get("moderator"), people.get("admin")
    if moderator is None or admin is None:
        return
    who = {"moderator": moderator, "admin": admin}
    for fragment, state, key, note in PLAN:
        mention = Mention.objects.filter(url__contains=fragment).first()
        if mention is None or key is None:
            continue
        person = who[key]
        check_change_triage(person, mention, assignee=person)
        if state != TriageState.ASSIGNED:
            check_change_triage(person, mention, state=state)
        if note:
            check_add_note(person, mention, note)
    complaint = Mention.objects.filter(url__contains="reviews/zuiderhaven/4098").first()
    group = groups.get("socialmedia")
    if complaint is not None and group is not None:
        title, body = build_discussion_text(complaint)
        check_discuss_mention(moderator, complaint, group=group, title=title, body=body)
        check_add_note(
            admin, complaint, "Ik heb HR gevraagd mee te lezen in de werkgroep."
        )
