"""The demo's onboarding: a default template and a new colleague halfway."""

import pytest
from django.utils import timezone

from plein.access.roles import Role
from plein.careers.onboarding.demo import DAYS_AGO, NEW_COLLEAGUE, add_demo
from plein.careers.onboarding.models import OnboardingPlan, OnboardingTemplate
from plein.people.models import Department

pytestmark = pytest.mark.django_db


def test_demo_adds_a_template_and_a_plan_in_progress(
    make_person, make_group, run_on_commit
):
    department = Department.objects.create(name="Klantenservice", slug="ks")
    people = {
        "admin": make_person("Demo Admin", role=Role.ADMIN),
        "moderator": make_person("Demo Mod", role=Role.MODERATOR),
        "youssef.benali": make_person("Youssef Benali", department=department),
        "anna": make_person("Anna de Vries", department=department),
    }
    groups = {
        "iedereen": make_group(
            people["moderator"], "Iedereen", members=tuple(people.values())
        ),
        "klantvragen": make_group(people["youssef.benali"], "Klantvragen"),
        "duurzaam": make_group(people["anna"], "Duurzaam"),
    }
    run_on_commit(add_demo, people, groups, timezone.now())
    assert OnboardingTemplate.objects.get().department is None
    plan = OnboardingPlan.objects.get(person__handle=NEW_COLLEAGUE)
    assert (plan.manager, plan.buddy) == (people["youssef.benali"], people["anna"])
    assert (timezone.localdate() - plan.started_on).days == DAYS_AGO
    done = plan.tasks.filter(done_at__isnull=False).count()
    assert 0 < done < plan.tasks.count()
    assert plan.completed_at is None
    welcome = plan.tasks.get(kind="welcome_post")
    assert welcome.post.group == groups["iedereen"]
