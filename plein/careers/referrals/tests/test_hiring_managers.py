"""A vacancy's managers see the candidates referred to it, once they agreed.

Carol is the hiring manager of IT and publishes its vacancy; Bob manages
Sales. HR sees every referral from the notice on; Carol sees the IT
referral only after the candidate's consent, with why and the CV, and
moves it through the procedure; sharing, pools, rewards and erasure stay
with HR; Bob never sees it.
"""

import json
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from plein.access.referrals import (
    access_referral,
    can_handle_referral,
    can_view_referral,
    handled_referrals,
    visible_referrals,
)
from plein.careers.referrals.models import Referral
from plein.careers.referrals.tests.conftest import NAME, WHY, fresh
from plein.core.errors import NotFound
from plein.notifications.models import Notification
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def it(alice, bob, carol, hr, make_post, refer):
    from plein.careers.vacancies.models import HiringManager, Vacancy
    from plein.people.models import Department

    department = Department.objects.create(name="IT", slug="it")
    sales = Department.objects.create(name="Sales", slug="sales")
    HiringManager.objects.create(person=carol, department=department)
    HiringManager.objects.create(person=bob, department=sales)
    post = make_post(carol, "Vacature: security engineer", title="Security engineer")
    vacancy = Vacancy.objects.create(post=post, department=department)
    referral = refer(alice, vacancy=vacancy)
    return SimpleNamespace(vacancy=vacancy, referral=referral)


def _client(person):
    client = Client()
    client.force_login(person)
    return client


def _api(person, path, method="GET", data=None):
    return Client().generic(
        method,
        f"/api/v1{path}",
        "" if data is None else json.dumps(data),
        content_type="application/json",
        headers={"Authorization": f"Bearer {do_create_api_token(person)[1]}"},
    )


def test_before_consent_the_manager_sees_nothing(it, carol):
    referral = it.referral
    assert not can_handle_referral(carol, referral)
    with pytest.raises(NotFound):
        access_referral(carol, referral.pk, for_manage=True)
    client = _client(carol)
    listing = client.get(reverse("referrals:hr"))
    assert listing.status_code == 200 and NAME not in listing.content.decode()
    assert (
        client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    )
    assert _api(carol, f"/referrals/{referral.pk}").status_code == 404
    assert not Notification.objects.filter(recipient=carol).exists()


def test_after_consent_the_manager_sees_the_record_and_moves_it(
    it, alice, bob, carol, hr, answer, add_details
):
    answer(it.referral)
    add_details(it.referral)
    referral = fresh(it.referral)
    # Told that a candidate agreed (without a name), as HR is.
    notes = Notification.objects.filter(recipient=carol, kind="referral_new")
    assert notes.exists()
    client = _client(carol)
    listing = client.get(reverse("referrals:hr")).content.decode()
    assert NAME in listing and "referral-figures" not in listing
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert WHY[:20] in page and "cv.pdf" in page
    # HR's tools are not on the manager's page.
    for hr_only in ("referrals:erase", "referrals:share", "referrals:candidate"):
        assert reverse(hr_only, args=[referral.pk]) not in page
    cv = client.get(reverse("referrals:cv", args=[referral.pk]))
    assert cv.status_code == 200
    moved = client.post(
        reverse("referrals:status", args=[referral.pk]), {"status": "procedure"}
    )
    assert moved.status_code == 302
    assert fresh(referral).status == Referral.Status.IN_PROCEDURE
    # What stays with HR answers 403 to the manager and changes nothing.
    erase = client.post(reverse("referrals:erase", args=[referral.pk]))
    assert erase.status_code == 403
    assert fresh(referral).candidate is not None
    assert (
        client.post(
            reverse("referrals:candidate", args=[referral.pk]), {"notes": "x"}
        ).status_code
        == 403
    )
    # The API agrees.
    listed = _api(carol, "/referrals").json()["items"]
    assert [item["id"] for item in listed] == [referral.pk]
    assert _api(carol, f"/referrals/{referral.pk}").json()["candidate"]["why"] == WHY
    changed = _api(
        carol, f"/referrals/{referral.pk}/status", "POST", {"status": "hired"}
    )
    assert changed.status_code == 200 and changed.json()["status"] == "hired"

    # Bob manages Sales: nothing of it, anywhere.
    other = _client(bob)
    assert other.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    assert NAME not in other.get(reverse("referrals:hr")).content.decode()
    assert _api(bob, "/referrals").json()["items"] == []


def test_a_referral_without_a_vacancy_stays_with_hr(alice, carol, hr, refer, answer):
    from plein.careers.vacancies.models import HiringManager

    HiringManager.objects.create(person=carol, department=None)  # a recruiter
    referral = refer(alice)
    answer(referral)
    assert not can_handle_referral(carol, fresh(referral))
    assert can_handle_referral(hr, fresh(referral))


def test_predicates_and_filters_agree(it, alice, bob, carol, hr, answer, make_person):
    from plein.access.roles import Role

    guest = make_person("Gast", role=Role.GUEST)
    people = (alice, bob, carol, hr, guest)
    for stage in ("notice", "consent"):
        if stage == "consent":
            answer(it.referral)
        for person in people:
            for referral in Referral.objects.all():
                assert can_view_referral(person, referral) == (
                    visible_referrals(person).filter(pk=referral.pk).exists()
                ), (stage, person)
                assert can_handle_referral(person, referral) == (
                    handled_referrals(person).filter(pk=referral.pk).exists()
                )
    assert can_handle_referral(carol, fresh(it.referral))
    assert not can_handle_referral(alice, fresh(it.referral))
