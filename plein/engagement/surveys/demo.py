"""The demo's pulse survey: monthly, three closed rounds and one open.

Written through the actions, as the product writes it. About three in four
people answer each closed round, so every department but the smallest has
results of its own; Communicatie (5 people) answers too little and is
counted with the other departments.
"""

import random
from datetime import datetime, timedelta

from django.db import transaction

from plein.access.surveys import can_manage_surveys
from plein.engagement.surveys.actions import (
    build_round_times,
    check_create_survey,
    check_submit_response,
    do_close_round,
    do_open_round,
)
from plein.engagement.surveys.models import Recurrence, Round
from plein.groups.models import Group
from plein.people.models import User

QUESTIONS = [
    "Ik weet wat er van mij verwacht wordt in mijn werk.",
    "Ik krijg de ruimte om te leren en te groeien.",
    "Ik kan mijn werk goed doen met de middelen die ik heb.",
]
COMMENTS = [
    "Meer ruimte voor thuiswerken zou fijn zijn.",
    "De nieuwe kwartaalsessies helpen echt om te weten waar we staan.",
    "Minder vergaderingen op vrijdag, graag.",
    "Fijn team, maar de werkdruk is hoog rond de maandafsluiting.",
    "Het nieuwe intranet maakt het makkelijker om collega's te vinden.",
    "Ik mis soms de terugkoppeling op ideeën die we aandragen.",
]
# How happy each department is in the demo (mean eNPS answer), and how many
# of its people answer.
MOOD = {"it": 8.5, "klantenservice": 6.0, "hypotheken": 7.5, "beleggen": 7.0}
TURNOUT = {"communicatie": 0.5}


def _answer(rng: random.Random, person: User, round_: Round, at: datetime) -> None:
    slug = person.department.slug if person.department else ""
    mood = MOOD.get(slug, 7.0) + round_.number * 0.2
    enps = max(0, min(10, round(rng.gauss(mood, 1.8))))
    scores = {
        str(q.pk): max(1, min(5, round(rng.gauss(enps / 2.2, 0.8))))
        for q in round_.survey.questions.all()
    }
    comment = rng.choice(COMMENTS) if rng.random() < 0.25 else ""
    check_submit_response(
        person, round_, enps=enps, scores=scores, comment=comment, now=at
    )


def _answer_round(
    rng: random.Random, people: list[User], round_: Round, share: float, at: datetime
) -> None:
    for person in people:
        slug = person.department.slug if person.department else ""
        if rng.random() < TURNOUT.get(slug, share):
            _answer(rng, person, round_, at)


def add_demo(people: dict[str, User], groups: dict[str, Group], now: datetime) -> None:
    creator = next((p for p in people.values() if can_manage_surveys(p)), None)
    if creator is None:
        return
    rng = random.Random(13)  # noqa: S311 - demo data
    start = now - timedelta(days=95)
    everyone = sorted(
        (p for p in people.values() if p.is_active and p.department_id),
        key=lambda p: p.pk,
    )
    with transaction.atomic():
        survey = check_create_survey(
            creator,
            title="Maandelijkse pulse",
            intro=(
                "Vijf vragen, twee minuten. Je antwoorden zijn anoniem: we zien "
                "alleen uitkomsten van groepen van minstens vijf mensen."
            ),
            questions=QUESTIONS,
            comment_prompt="Wat zou je werk beter maken?",
            is_organisation_wide=True,
            recurrence=Recurrence.MONTHLY,
            starts_at=start,
            open_days=7,
            now=start + timedelta(hours=1),
        )
        current = survey.rounds.get()
        # The history: answer and close each round whose time is up, then
        # open the next one (the periodic job does this in production).
        while current.closes_at <= now:
            _answer_round(
                rng, everyone, current, 0.8, current.opens_at + timedelta(days=1)
            )
            do_close_round(current.pk, now=current.closes_at)
            opens, _closes = build_round_times(survey, current.number + 1)
            following = (
                do_open_round(survey, current.number + 1) if opens <= now else None
            )
            if following is None:
                return
            current = following
        _answer_round(rng, everyone, current, 0.4, now)
