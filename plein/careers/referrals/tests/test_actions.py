"""Rewards, recognition, HR's figures, talent pools and their suggestions."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from plein.careers.referrals.actions import (
    UploadedFile,
    check_add_pool_candidate,
    check_add_referral_details,
    check_create_pool,
    check_record_reward,
    check_set_pool_membership,
    check_set_referral_status,
    check_update_candidate,
)
from plein.careers.referrals.models import Consent, PoolMember, Referral
from plein.careers.referrals.queries import referral_figures, suggest_pool_members
from plein.careers.referrals.tests.conftest import fresh
from plein.core.errors import Forbidden, InvalidInput
from plein.knowledge.recognition.models import Point
from plein.posts.tests.factories import PNG_BYTES as PNG

pytestmark = pytest.mark.django_db


def test_a_reward_for_a_hire_counts_for_recognition(alice, hr, refer, answer, hr_do):
    referral = refer(alice)
    answer(referral, sees_status=True)
    with pytest.raises(InvalidInput) as error:
        hr_do(check_record_reward, hr, fresh(referral), description="Bonus")
    assert error.value.field == "reward_description"
    hr_do(check_set_referral_status, hr, fresh(referral), Referral.Status.HIRED)
    hr_do(
        check_record_reward, hr, fresh(referral), description="Bonus", amount="500,00"
    )
    referral.refresh_from_db()
    assert str(referral.reward_amount) == "500.00"
    point = Point.objects.get(person=alice)
    assert point.kind == Point.Kind.REFERRAL and point.giver_id == hr.pk
    assert point.value == 5
    with pytest.raises(InvalidInput):
        hr_do(check_record_reward, hr, fresh(referral), description="Again")
    assert Point.objects.filter(person=alice).count() == 1


def test_only_hr_moves_referrals(alice, bob, refer, answer, hr_do):
    referral = refer(alice)
    answer(referral)
    with pytest.raises(Forbidden):
        hr_do(check_set_referral_status, alice, fresh(referral), "hired")
    with pytest.raises(Forbidden):
        hr_do(check_update_candidate, bob, fresh(referral), summary="x")


def test_nothing_beyond_the_notice_before_consent(alice, hr, refer, hr_do):
    referral = refer(alice)
    with pytest.raises(InvalidInput):
        hr_do(check_set_referral_status, hr, fresh(referral), "procedure")
    with pytest.raises(InvalidInput):
        hr_do(check_update_candidate, hr, fresh(referral), summary="x")


def test_bad_input_names_the_field(alice, refer):
    with pytest.raises(InvalidInput) as error:
        refer(alice, name="  ")
    assert error.value.field == "name"
    with pytest.raises(InvalidInput) as error:
        refer(alice, email="nope")
    assert error.value.field == "email"


def test_bad_details_name_the_field(alice, refer, answer, run_on_commit):
    referral = refer(alice)
    answer(referral)

    def add(**kwargs):
        with transaction.atomic():
            return check_add_referral_details(alice, fresh(referral), **kwargs)

    with pytest.raises(InvalidInput) as error:
        add(cv=UploadedFile("cv.exe", "application/x-msdownload", b"MZ"))
    assert error.value.field == "file"
    with pytest.raises(InvalidInput) as error:
        add(cv=UploadedFile("cv.png", "image/png", PNG))
    assert error.value.field == "cv"
    with pytest.raises(InvalidInput) as error:
        add(why="   ")
    assert error.value.field == "why"
    with pytest.raises(InvalidInput) as error:
        add(why="x" * 5001)
    assert error.value.field == "why"


def test_referral_conversion_needs_five_referrals(alice, hr, refer, answer, hr_do):
    since = timezone.now() - timedelta(days=1)
    until = timezone.now() + timedelta(days=1)
    first = refer(alice, email="a@example.org")
    answer(first)
    hr_do(check_set_referral_status, hr, fresh(first), Referral.Status.HIRED)
    assert referral_figures(since, until)["conversion"] is None
    for n in range(4):
        refer(alice, email=f"b{n}@example.org")
    figures = referral_figures(since, until)
    assert figures["referrals"] == 5
    assert figures["hired"] == 1
    assert figures["conversion"] == 0.2


def test_a_pool_needs_the_year_consent(alice, hr, refer, answer, hr_do):
    referral = refer(alice)
    answer(referral, Consent.Scope.PROCEDURE)
    pool = hr_do(check_create_pool, hr, name="Graduates 2027")
    with pytest.raises(InvalidInput):
        hr_do(check_add_pool_candidate, hr, pool, fresh(referral))
    with pytest.raises(InvalidInput) as error:
        hr_do(check_create_pool, hr, name="graduates 2027")
    assert error.value.field == "name"


def test_employees_opt_in_and_matching_pool_members_are_suggested(
    alice, bob, carol, hr, make_person, make_post, refer, answer, hr_do
):
    from plein.careers.vacancies.models import Vacancy
    from plein.knowledge.expertise.actions import do_refresh_evidence

    pool = hr_do(check_create_pool, hr, name="IT security", description="Security")
    other = hr_do(check_create_pool, hr, name="Finance")
    expert = make_person("Eva Expert", skills=["Firewall"])
    do_refresh_evidence(expert.pk)
    hr_do(check_set_pool_membership, expert, other, joined=True)
    hr_do(check_set_pool_membership, carol, other, joined=True)
    hr_do(check_set_pool_membership, bob, other, joined=True)
    hr_do(check_set_pool_membership, bob, other, joined=False)
    assert set(PoolMember.objects.values_list("person_id", flat=True)) == {
        expert.pk,
        carol.pk,
    }
    referral = refer(alice)
    answer(referral)
    hr_do(
        check_update_candidate,
        hr,
        fresh(referral),
        skills="firewall, linux",
        summary="",
    )
    hr_do(check_add_pool_candidate, hr, pool, fresh(referral))

    post = make_post(
        hr, "We zoeken iemand voor de firewall en security.", title="Security engineer"
    )
    vacancy = Vacancy.objects.create(post=post)
    suggestions = suggest_pool_members(vacancy)
    who = {
        (s.pool.name, s.person.pk if s.person else s.candidate.pk) for s in suggestions
    }
    assert ("IT security", referral.candidate_id) in who
    assert ("Finance", expert.pk) in who  # her confirmed skill matches
    assert ("Finance", carol.pk) not in who  # nothing matches


def test_guests_cannot_join_pools(make_person, hr, hr_do):
    from plein.access.roles import Role

    pool = hr_do(check_create_pool, hr, name="IT")
    guest = make_person("Gast", role=Role.GUEST)
    with pytest.raises(Forbidden):
        hr_do(check_set_pool_membership, guest, pool, joined=True)


def test_the_mobility_page_shows_only_my_own_choice(alice, bob, hr, hr_do):
    from django.test import Client
    from django.urls import reverse

    pool = hr_do(check_create_pool, hr, name="IT security")
    client = Client()
    client.force_login(alice)
    response = client.post(
        reverse("referrals:mobility"), {"pool": pool.pk, "joined": "1"}
    )
    assert response.status_code == 302
    assert PoolMember.objects.filter(pool=pool, person=alice).exists()
    bob_client = Client()
    bob_client.force_login(bob)
    html = bob_client.get(reverse("referrals:mobility")).content.decode()
    assert "IT security" in html and "Alice" not in html


def test_hr_is_told_when_pool_members_fit_a_new_vacancy(
    alice, hr, make_post, refer, answer, hr_do
):
    from plein.careers.referrals.actions import do_notify_pool_suggestions
    from plein.careers.vacancies.models import Vacancy
    from plein.notifications.models import Notification
    from plein.notifications.presentation import build_notification_sentence

    pool = hr_do(check_create_pool, hr, name="IT security")
    referral = refer(alice)
    answer(referral)
    hr_do(check_add_pool_candidate, hr, pool, fresh(referral))
    post = make_post(hr, "Wij zoeken security-talent.", title="Security officer")
    vacancy = Vacancy.objects.create(post=post)
    assert hr_do(do_notify_pool_suggestions, vacancy.pk) == 1
    assert hr_do(do_notify_pool_suggestions, vacancy.pk) == 1  # no second one
    [notification] = Notification.objects.filter(kind="pool_suggestions")
    assert notification.recipient_id == hr.pk
    sentence = str(build_notification_sentence(notification))
    assert "Security officer" in sentence and "Zqcandidate" not in sentence
