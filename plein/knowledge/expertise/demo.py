"""The expertise finder in the demo organisation.

Colleagues endorse each other's skills, the evidence is computed from
everything the demo holds (the demo builder skips after-commit work, so
the event handlers never ran), and most people have decided on most of
their inferred topics. Anna keeps a few undecided, so her "My expertise"
page has something to show. About a third asked to be offered unanswered
questions.
"""

import random
from typing import Any

from plein.access.roles import Role
from plein.knowledge.expertise.actions import (
    do_decide_topic,
    do_rebuild_evidence,
    do_set_question_offers,
)
from plein.knowledge.expertise.models import INFERRED_KINDS, Endorsement, Evidence

SEED = 2026
CONFIRMED_SHARE = 0.7
HIDDEN_SHARE = 0.05
# Colleagues who asked to be offered unanswered questions.
OFFERS_SHARE = 0.3


def load_demo(people: dict[str, Any], groups: dict[str, Any]) -> None:
    """Endorsements, evidence and topic decisions; run after the other demo data."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    colleagues = [
        p for _key, p in sorted(people.items()) if p.is_active and p.role != Role.GUEST
    ]
    endorsements = []
    for person in colleagues:
        skills = list(person.skills.all())
        for skill in skills:
            others = [c for c in colleagues if c.pk != person.pk]
            chosen = rng.sample(others, min(len(others), rng.randint(0, 4)))
            endorsements += [
                Endorsement(endorser=endorser, person=person, skill=skill)
                for endorser in chosen
            ]
    Endorsement.objects.bulk_create(endorsements, ignore_conflicts=True)
    do_rebuild_evidence()
    anna = people.get("anna")
    pairs = (
        Evidence.objects.filter(kind__in=INFERRED_KINDS)
        .values_list("person_id", "topic")
        .distinct()
        .order_by("person_id", "topic")
    )
    by_id = {p.pk: p for p in colleagues}
    for person_id, topic in pairs:
        person = by_id.get(person_id)
        if person is None:
            continue
        roll = rng.random()
        if anna is not None and person_id == anna.pk:
            roll = roll * 2  # about half of Anna's topics stay undecided
        if roll < CONFIRMED_SHARE:
            do_decide_topic(person, topic, "confirmed")
        elif roll < CONFIRMED_SHARE + HIDDEN_SHARE:
            do_decide_topic(person, topic, "hidden")
    for person in colleagues:
        if rng.random() < OFFERS_SHARE:
            do_set_question_offers(person, opted_in=True)
