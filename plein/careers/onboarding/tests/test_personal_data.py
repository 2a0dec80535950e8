"""What onboarding holds about a person: export, erasure and retention."""

from datetime import timedelta

import pytest
from django.utils import timezone

from plein.careers.onboarding.models import (
    OnboardingPlan,
    OnboardingTask,
    OnboardingTemplate,
)
from plein.careers.onboarding.personal_data import (
    build_onboarding,
    erase_onboarding,
    purgeable_plans,
)
from plein.core.personal_data import (
    ErasureContext,
    Holds,
    HoldScope,
    RetentionScope,
    RetentionTerms,
)

pytestmark = pytest.mark.django_db


def _context():
    return ErasureContext(
        actor=None, delete_content=False, holds=Holds(), report_purged=lambda _: None
    )


def test_export_holds_ones_plan_and_the_plans_one_helped_with(plan, newbie, bob):
    mine = build_onboarding(newbie)
    assert mine["my_plan"]["id"] == plan.pk
    assert len(mine["my_plan"]["tasks"]) == 7
    helped = build_onboarding(bob)
    assert helped["plans_i_helped_with"] == [
        {"id": plan.pk, "as": "buddy", "started_on": plan.started_on}
    ]


def test_erasing_the_new_colleague_removes_their_plan(plan, newbie):
    erase_onboarding(newbie, _context())
    assert not OnboardingPlan.objects.filter(pk=plan.pk).exists()
    assert not OnboardingTask.objects.filter(plan_id=plan.pk).exists()


def test_erasing_the_buddy_takes_them_off(plan, bob, template, run_on_commit):
    template.people.add(bob)
    erase_onboarding(bob, _context())
    plan.refresh_from_db()
    assert plan.buddy is None
    assert not plan.tasks.filter(person=bob).exists()
    assert not OnboardingTemplate.objects.filter(people=bob).exists()


def test_retention_purges_completed_plans_after_a_year_unless_held(
    plan, newbie, settings
):
    settings.ONBOARDING_RETENTION_DAYS = 365
    now = timezone.now()
    terms = RetentionTerms(now=now, default_days=3000)
    OnboardingPlan.objects.filter(pk=plan.pk).update(
        completed_at=now - timedelta(days=300)
    )
    assert not purgeable_plans(RetentionScope(terms, Holds())).exists()
    OnboardingPlan.objects.filter(pk=plan.pk).update(
        completed_at=now - timedelta(days=400)
    )
    assert list(purgeable_plans(RetentionScope(terms, Holds()))) == [plan]
    held = Holds(scopes=(HoldScope(person_id=newbie.pk, group_id=None),))
    assert not purgeable_plans(RetentionScope(terms, held)).exists()
