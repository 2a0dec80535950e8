"""Builders for onboarding tests: a template, and the cast of a plan.

The cast: ``newbie`` (the new colleague, created after the template so the
handler makes their plan), ``boss`` (their manager), ``bob`` (their buddy,
chosen by HR), the HR people (``moderator``, ``admin``) and ``carol``, a
colleague with nothing to do with it.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from plein.careers.onboarding.actions import (
    TemplateFields,
    check_save_template,
    check_update_plan,
)
from plein.careers.onboarding.models import OnboardingPlan

# Tests that need fixed dates run as if it were this day (a Monday).
TODAY = datetime(2027, 3, 1, 9, 0, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
def frozen(time_machine: Any) -> datetime:
    """The clock at TODAY (and ticking), for fixed calendar dates."""
    time_machine.move_to(TODAY, tick=True)
    return TODAY


@pytest.fixture
def welcome_group(make_group: Callable[..., Any], moderator: Any) -> Any:
    return make_group(moderator, "Welkom", kind="open")


@pytest.fixture
def handbook(run_on_commit: Callable[..., Any], moderator: Any) -> Any:
    from plein.knowledge.wiki.actions import check_create_page

    return run_on_commit(
        check_create_page, moderator, title="Handboek", body="Alles over ons."
    )


@pytest.fixture
def template(
    run_on_commit: Callable[..., Any], admin: Any, welcome_group: Any, handbook: Any
) -> Any:
    """The default template: a group, a page (5 days), two checklist items."""
    return run_on_commit(
        check_save_template,
        admin,
        TemplateFields(
            name="Standaard",
            groups=[welcome_group],
            pages=[(handbook, 5)],
            manager_checklist="Laptop klaarzetten\nTeam voorstellen",
            welcome_text="Welkom {name}!",
            due_days=10,
        ),
    )


@pytest.fixture
def boss(make_person: Callable[..., Any]) -> Any:
    return make_person("Bea Baas", handle="boss")


@pytest.fixture
def newbie(
    template: Any, boss: Any, make_person: Callable[..., Any], run_on_commit: Any
) -> Any:
    return run_on_commit(
        make_person, "Nina Nieuw", handle="nina", manager=boss, language="en"
    )


@pytest.fixture
def plan(newbie: Any, bob: Any, admin: Any, run_on_commit: Any) -> OnboardingPlan:
    """Nina's plan, with Bob chosen as her buddy by HR."""
    plan = OnboardingPlan.objects.get(person=newbie)
    run_on_commit(check_update_plan, admin, plan, buddy=bob)
    plan.refresh_from_db()
    return plan
