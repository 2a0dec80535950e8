"""The careers pages cost the same number of queries however many there are.

HR's lists of vacancies, applications and referrals, a manager's team
list and a referrer's own list are rendered with a few items, then again
with four times as many: a page whose query count grows with the rows (a
query per vacancy, per applicant, per candidate) fails here.
"""

from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from plein.careers.referrals.actions import (
    check_refer_candidate,
    do_give_consent,
)
from plein.careers.referrals.models import Consent
from plein.careers.vacancies.actions import check_apply

pytestmark = pytest.mark.django_db

PAGES = (
    ("hr", "/vacancies/"),
    ("hr", "/vacancies/?status=open&scope=external"),
    ("hr", "/vacancies/applications/"),
    ("hr", "/referrals/hr/"),
    ("hr", "/vacancies/insights/"),
    ("alice", "/referrals/mine/"),
    ("alice", "/vacancies/"),
    ("manager", "/vacancies/applications/"),
)


def _queries(person: Any, path: str) -> int:
    client = Client()
    client.force_login(person)
    client.get(path)  # caches warm (content types, settings)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured.captured_queries)


def _refer(referrer: Any, n: int, vacancy: Any) -> Any:
    with transaction.atomic():
        return check_refer_candidate(
            referrer,
            name=f"Kandidaat {n}",
            email=f"kandidaat{n}@example.org",
            vacancy=vacancy,
        )


def test_careers_pages_do_not_grow_with_their_rows(
    hr, alice, make_person, publish, run_on_commit
):
    manager = make_person("Maya Manager", handle="maya")
    people = {"hr": hr, "alice": alice, "manager": manager}
    made = 0

    def grow(count: int) -> None:
        nonlocal made
        for _ in range(count):
            made += 1
            vacancy = publish(hr, f"Functie {made}", is_external=made % 2 == 0)
            applicant = make_person(f"Sollicitant {made}", manager=manager)
            with transaction.atomic():
                check_apply(applicant, vacancy, motivation="Graag")

            referral = run_on_commit(_refer, alice, made, vacancy)
            if made % 2:
                consent = Consent.objects.get(pk=referral.candidate_id)
                with transaction.atomic():
                    do_give_consent(consent, scope=Consent.Scope.YEAR)

    grow(2)
    small = {page: _queries(people[who], page) for who, page in PAGES}
    grow(6)
    large = {page: _queries(people[who], page) for who, page in PAGES}
    assert large == small
