"""Consent and retention by the NVP recruitment code, with the clock frozen.

Pending consent is deleted after 14 days; "this procedure" 4 weeks after the
procedure ends; "one year" at its end, with one renewal mail a month
before; declining and "erase my data now" delete everything at once and
leave a tombstone without personal data.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from plein.careers.referrals.actions import (
    check_set_referral_status,
    parse_consent_token,
)
from plein.careers.referrals.models import (
    Candidate,
    CandidateShare,
    Consent,
    Referral,
)
from plein.careers.referrals.tests.conftest import (
    EMAIL,
    NAME,
    WHY,
    fresh,
    mails_to,
    token_in,
)

pytestmark = pytest.mark.django_db


def _tombstone_has_no_personal_data(referral: Referral) -> None:
    referral.refresh_from_db()
    assert referral.candidate_id is None
    assert referral.erased_at is not None
    values = " ".join(
        str(v) for v in Referral.objects.filter(pk=referral.pk).values()[0].values()
    )
    assert NAME not in values and EMAIL not in values and "Zqwhy" not in values
    assert not Candidate.objects.filter(email=EMAIL).exists()


def test_a_referral_mails_the_candidate_in_dutch_and_holds_only_the_notice(
    alice, refer
):
    referral = refer(alice, phone="06 1234 5678")
    # Nothing beyond the notice is kept before consent.
    candidate = Candidate.objects.get(pk=referral.candidate_id)
    assert (candidate.name, candidate.email, candidate.phone) == (
        NAME,
        EMAIL,
        "06 1234 5678",
    )
    assert candidate.why == "" and not candidate.cv and candidate.cv_name == ""
    [message] = mails_to(EMAIL)
    assert "aanbevolen" in message.subject
    assert "Alice de Vries" in message.body
    token = token_in(message)
    consent = parse_consent_token(token)
    assert consent is not None and consent.pk == referral.candidate_id
    assert consent.scope == Consent.Scope.PENDING
    assert referral.status == Referral.Status.AWAITING
    # Deleted after 14 days without an answer.
    assert referral.candidate.erase_after == referral.candidate.created_at + timedelta(
        days=14
    )


def test_the_candidate_can_choose_english(alice, refer):
    refer(alice, language="en")
    [message] = mails_to(EMAIL)
    assert "recommended" in message.subject


def test_the_consent_page_shows_what_is_held_and_agreeing_for_a_year(
    alice, refer, add_details
):
    referral = refer(alice)
    token = token_in(mails_to(EMAIL)[0])
    client = Client()
    page = client.get(reverse("referrals:consent", args=[token]))
    assert page.status_code == 200
    html = page.content.decode()
    assert NAME in html and EMAIL in html
    assert page["X-Robots-Tag"] == "noindex, nofollow"

    response = client.post(
        reverse("referrals:consent", args=[token]),
        {"action": "year", "referrer_sees_status": "on"},
    )
    assert response.status_code == 302
    consent = Consent.objects.get(pk=referral.candidate_id)
    referral.refresh_from_db()
    assert consent.scope == Consent.Scope.YEAR
    assert consent.expires_at - consent.given_at == timedelta(days=365)
    assert referral.status == Referral.Status.CONSENTED
    assert referral.referrer_sees_status is True
    assert referral.candidate.erase_after == consent.expires_at
    # What the referrer adds afterwards is on the candidate's page too.
    add_details(referral)
    html = client.get(reverse("referrals:consent", args=[token])).content.decode()
    assert "Zqwhy" in html and "cv.pdf" in html


def test_a_forged_or_unknown_link_shows_nothing(alice, refer):
    refer(alice)
    token = token_in(mails_to(EMAIL)[0])
    client = Client()
    assert (
        client.get(reverse("referrals:consent", args=[token + "x"])).status_code == 404
    )
    assert client.get(reverse("referrals:consent", args=["abc:def"])).status_code == 404
    response = client.get(reverse("referrals:consent-data", args=["abc:def"]))
    assert response.status_code == 404 and NAME.encode() not in response.content


def test_the_candidate_downloads_what_is_held(
    alice, bob, hr, refer, answer, hr_do, add_details
):
    from plein.careers.referrals.actions import check_share_candidate

    referral = refer(alice)
    answer(referral)
    add_details(referral, cv=False)
    hr_do(check_share_candidate, hr, fresh(referral), bob)
    token = token_in(mails_to(EMAIL)[0])
    response = Client().get(reverse("referrals:consent-data", args=[token]))
    data = response.json()
    assert data["name"] == NAME and data["why"] == WHY
    assert data["consent"]["scope"] == "year"
    assert [s["name"] for s in data["shared_with"]] == ["Bob Jansen"]


def test_pending_consent_is_erased_after_14_days(
    frozen, time_machine, alice, refer, retention
):
    referral = refer(alice)

    time_machine.shift(timedelta(days=13))
    assert retention()["erased"] == 0
    assert Candidate.objects.filter(pk=referral.candidate_id).exists()

    time_machine.shift(timedelta(days=2))
    assert retention()["erased"] == 1
    _tombstone_has_no_personal_data(referral)
    assert referral.status == Referral.Status.EXPIRED
    # A second run finds nothing more.
    assert retention()["erased"] == 0


def test_procedure_consent_is_erased_four_weeks_after_the_procedure(
    frozen, time_machine, alice, hr, refer, answer, hr_do, retention
):
    referral = refer(alice)
    answer(referral, Consent.Scope.PROCEDURE)
    referral.refresh_from_db()
    # In procedure there is no end yet; only the safety cap of a year.
    time_machine.shift(timedelta(days=60))
    hr_do(check_set_referral_status, hr, fresh(referral), Referral.Status.IN_PROCEDURE)
    assert retention()["erased"] == 0
    hr_do(check_set_referral_status, hr, fresh(referral), Referral.Status.NOT_HIRED)
    candidate = Candidate.objects.get(pk=referral.candidate_id)
    assert candidate.erase_after - candidate.procedure_ended_at == timedelta(days=28)

    time_machine.shift(timedelta(days=27))
    assert retention()["erased"] == 0
    time_machine.shift(timedelta(days=2))
    assert retention()["erased"] == 1
    _tombstone_has_no_personal_data(referral)
    # A finished procedure keeps its outcome.
    assert referral.status == Referral.Status.NOT_HIRED


def test_a_closed_vacancy_ends_the_procedure(
    frozen, time_machine, alice, hr, refer, answer, retention, make_post
):
    from django.utils import timezone

    from plein.careers.vacancies.models import Vacancy

    post = make_post(hr, "Vacature: security engineer", title="Security engineer")
    vacancy = Vacancy.objects.create(post=post)
    referral = refer(alice, vacancy=vacancy)
    answer(referral, Consent.Scope.PROCEDURE)
    Vacancy.objects.filter(pk=vacancy.pk).update(
        status=Vacancy.Status.FILLED, ended_at=timezone.now()
    )
    assert retention()["procedures_ended"] == 1
    time_machine.shift(timedelta(days=29))
    assert retention()["erased"] == 1
    _tombstone_has_no_personal_data(referral)


def test_a_year_consent_gets_one_renewal_mail_and_is_erased_at_its_end(
    frozen, time_machine, alice, refer, answer, retention
):
    referral = refer(alice)
    answer(referral)
    first_token = token_in(mails_to(EMAIL)[0])

    time_machine.shift(timedelta(days=336))
    assert retention()["renewals_sent"] == 0
    time_machine.shift(timedelta(days=2))
    assert retention()["renewals_sent"] == 1
    assert retention()["renewals_sent"] == 0  # once
    renewal = mails_to(EMAIL)[-1]
    assert "nog een jaar" in renewal.subject
    # The renewal carries a fresh link; the first one no longer opens the page.
    assert parse_consent_token(first_token) is None
    assert parse_consent_token(token_in(renewal)) is not None

    time_machine.shift(timedelta(days=28))
    assert retention()["erased"] == 1
    _tombstone_has_no_personal_data(referral)
    assert referral.status == Referral.Status.EXPIRED


def test_renewing_keeps_the_data_another_year(
    frozen, time_machine, alice, bob, hr, refer, answer, retention, hr_do
):
    from plein.careers.referrals.actions import check_share_candidate

    referral = refer(alice)
    answer(referral)
    share = hr_do(check_share_candidate, hr, fresh(referral), bob)
    time_machine.shift(timedelta(days=340))
    retention()
    consent = parse_consent_token(token_in(mails_to(EMAIL)[-1]))
    Client().post(
        reverse("referrals:consent", args=[token_in(mails_to(EMAIL)[-1])]),
        {"action": "renew"},
    )
    consent.refresh_from_db()
    assert consent.expires_at.date() == (frozen + timedelta(days=340 + 365)).date()
    share.refresh_from_db()
    assert share.expires_at == consent.expires_at
    time_machine.shift(timedelta(days=30))
    assert retention()["erased"] == 0
    assert Candidate.objects.filter(pk=referral.candidate_id).exists()


def test_erase_on_request_removes_everything_at_once(
    alice, bob, hr, refer, answer, hr_do, add_details
):
    from plein.careers.referrals.actions import (
        check_add_pool_candidate,
        check_create_pool,
        check_share_candidate,
    )
    from plein.careers.referrals.models import PoolCandidate

    referral = refer(alice)
    answer(referral)
    add_details(referral)
    cv_path = Path(Candidate.objects.get(pk=referral.candidate_id).cv.path)
    assert cv_path.exists()
    hr_do(check_share_candidate, hr, fresh(referral), bob)
    pool = hr_do(check_create_pool, hr, name="IT security")
    hr_do(check_add_pool_candidate, hr, pool, fresh(referral))
    token = token_in(mails_to(EMAIL)[0])

    response = Client().post(
        reverse("referrals:consent", args=[token]), {"action": "erase"}
    )
    assert response.status_code == 200
    assert "verwijderd" in response.content.decode()
    _tombstone_has_no_personal_data(referral)
    assert referral.status == Referral.Status.WITHDRAWN
    assert not CandidateShare.objects.exists()
    assert not PoolCandidate.objects.exists()
    assert not Consent.objects.exists()
    assert not cv_path.exists()
    # The link now opens nothing.
    assert Client().get(reverse("referrals:consent", args=[token])).status_code == 404


def test_declining_deletes_everything_and_the_referrer_sees_declined(alice, refer):
    referral = refer(alice)
    token = token_in(mails_to(EMAIL)[0])
    Client().post(reverse("referrals:consent", args=[token]), {"action": "decline"})
    _tombstone_has_no_personal_data(referral)
    assert referral.status == Referral.Status.DECLINED
    client = Client()
    client.force_login(alice)
    page = client.get(reverse("referrals:mine")).content.decode()
    assert "Geweigerd" in page


def test_hr_erases_on_request(alice, hr, refer, answer, hr_do):
    from plein.careers.referrals.actions import check_erase_candidate

    referral = refer(alice)
    answer(referral)
    hr_do(check_erase_candidate, hr, fresh(referral))
    _tombstone_has_no_personal_data(referral)
    assert referral.status == Referral.Status.WITHDRAWN


def test_going_back_to_this_procedure_ends_shares(alice, bob, hr, refer, answer, hr_do):
    from plein.careers.referrals.actions import check_share_candidate

    referral = refer(alice)
    answer(referral)
    hr_do(check_share_candidate, hr, fresh(referral), bob)
    answer(referral, Consent.Scope.PROCEDURE)
    assert not CandidateShare.objects.exists()
    assert len(mail.outbox) >= 1
