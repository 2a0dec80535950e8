"""Polls and a quiz for the demo organisation.

Called by ``plein.demo.builder`` inside its transaction with the demo people
(by e-mail local part), groups (by key and by slug) and the demo's "now".
Everything goes through the actions: a running poll, a closed anonymous poll
with results (and a department breakdown), and a quiz people took.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from plein.access.groups import can_post_in_group
from plein.access.people import is_active_person, is_guest
from plein.engagement.polls.actions import (
    check_create_poll,
    check_create_quiz,
    check_take_quiz,
    check_vote,
    do_close_poll,
)
from plein.engagement.polls.models import Poll, Quiz
from plein.groups.models import Group
from plein.people.models import User

QUIZ_QUESTIONS = [
    {
        "text": "Hoe lang bewaren we klantdossiers na het einde van de relatie?",
        "options": ["1 jaar", "5 jaar", "7 jaar"],
        "correct": [2],
        "explanation": "Zeven jaar: de fiscale bewaarplicht (art. 52 AWR).",
    },
    {
        "text": "Wat doe je met een verdachte e-mail?",
        "options": ["Doorsturen naar collega's", "Melden via de knop", "Verwijderen"],
        "correct": [1],
        "explanation": "De meldknop stuurt hem naar Security, die de rest waarschuwt.",
    },
    {
        "text": "Welke gegevens zijn bijzondere persoonsgegevens?",
        "options": ["Gezondheid", "Postcode", "Religie", "Functietitel"],
        "correct": [0, 2],
        "explanation": "Gezondheid en religie; een postcode is gewoon persoonsgegeven.",
    },
]


def _colleagues(people: dict[str, User]) -> list[User]:
    return sorted(
        (p for p in people.values() if is_active_person(p) and not is_guest(p)),
        key=lambda p: p.pk,
    )


def _in(group: Group | None, person: User) -> Group | None:
    return group if group is not None and can_post_in_group(person, group) else None


def add_demo(people: dict[str, User], groups: dict[str, Group], now: datetime) -> None:
    """A running poll, a closed poll with results and a quiz that was taken."""
    colleagues = _colleagues(people)
    if len(colleagues) < 4:
        return
    author = people.get("marloes.verbruggen") or colleagues[0]
    # The actions check closing times against the clock, not the demo's now.
    later = max(now, timezone.now())
    everyone = groups.get("iedereen")

    running = Poll.objects.get(
        pk=check_create_poll(
            author,
            question="Waar houden we de zomerborrel dit jaar?",
            options=["Op het dakterras", "In het park", "Bij de haven", "Op kantoor"],
            group=_in(everyone, author),
            allows_other=True,
            closes_at=later + timedelta(days=5),
        ).pk
    )
    options = list(running.options.filter(is_other=False))
    for index, person in enumerate(colleagues[1:25]):
        check_vote(
            person, running, option_ids=[options[index % 3 if index % 5 else 0].pk]
        )

    closed = Poll.objects.get(
        pk=check_create_poll(
            author,
            question="Werk je liever twee of drie dagen op kantoor?",
            options=["Twee dagen", "Drie dagen"],
            is_anonymous=True,
            results_shown="closed",
            closes_at=later + timedelta(minutes=5),
            group=_in(everyone, author),
        ).pk
    )
    two, three = list(closed.options.all())
    for index, person in enumerate(colleagues):
        if person.pk != author.pk:
            check_vote(person, closed, option_ids=[(two if index % 3 else three).pk])
    do_close_poll(closed.pk, now=later + timedelta(minutes=5))

    quiz_author = people.get("fatima.elamrani") or colleagues[1]
    quiz = Quiz.objects.get(
        pk=check_create_quiz(
            quiz_author,
            intro="Hoe goed ken jij onze privacyregels? Drie vragen, twee minuten.",
            questions=QUIZ_QUESTIONS,
            has_leaderboard=True,
            group=_in(everyone, quiz_author),
        ).pk
    )
    answers = [[[2], [1], [0, 2]], [[1], [1], [0, 2]], [[2], [0], [0]]]
    for index, person in enumerate(colleagues[2:14]):
        if person.pk != quiz_author.pk:
            check_take_quiz(person, quiz, answers[index % 3])
