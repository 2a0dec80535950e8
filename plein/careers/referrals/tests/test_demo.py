"""The demo's referrals, pool and passport are written through the actions."""

import pytest
from django.utils import timezone

from plein.access.roles import Role
from plein.careers.referrals.demo import add_demo
from plein.careers.referrals.models import CandidateShare, PoolMember, Referral

pytestmark = pytest.mark.django_db


def test_demo_adds_referrals_in_several_states(
    make_person, django_capture_on_commit_callbacks
):
    keys = [
        "anna",
        "pieter.degroot",
        "sanne.smit",
        "karin.schouten",
        "arjen.kok",
        "jeroen.bos",
    ]
    people = {key: make_person(key.replace(".", " ").title()) for key in keys}
    people["admin"] = make_person("Demo Admin", role=Role.ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        add_demo(people, {}, timezone.now())
    statuses = sorted(Referral.objects.values_list("status", flat=True))
    assert statuses == sorted(
        ["awaiting", "procedure", "hired", "declined", "consented"]
    )
    assert Referral.objects.get(status="hired").reward_recorded_at is not None
    assert Referral.objects.get(status="declined").candidate is None
    assert CandidateShare.objects.filter(shared_with=people["jeroen.bos"]).exists()
    assert PoolMember.objects.filter(person=people["arjen.kok"]).exists()
