"""Who sees a plan: the new colleague, the manager, the buddy and HR; nobody else.

Each persona is checked on both sides of the rule (the predicate and the
scope filter agree), through the pages and through the API.
"""

import pytest
from django.urls import reverse

from plein.access.onboarding import (
    access_plan,
    can_manage_onboarding,
    can_publish_welcome,
    can_see_plan_list,
    can_tick_task,
    can_view_plan,
    visible_plans,
    visible_tasks,
    visible_templates,
)
from plein.access.roles import Role
from plein.careers.onboarding.models import OnboardingTask
from plein.core.errors import NotFound

pytestmark = pytest.mark.django_db

ALLOWED = ["newbie", "boss", "bob", "moderator", "admin"]


@pytest.fixture
def cast(request, plan, carol, make_person):
    guest = make_person("Gijs Gast", role=Role.GUEST)
    officer = make_person("Olga Officer", role=Role.COMPLIANCE)
    alumnus = make_person("Alma Alumna", role=Role.ALUMNI)
    names = [*ALLOWED, "carol"]
    people = {name: request.getfixturevalue(name) for name in names}
    people["guest"] = guest
    people["officer"] = officer
    people["alumnus"] = alumnus
    return people


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("newbie", True),
        ("boss", True),
        ("bob", True),
        ("moderator", True),
        ("admin", True),
        ("carol", False),
        ("guest", False),
        ("officer", False),
        ("alumnus", False),
    ],
)
def test_predicate_and_filter_agree_per_persona(cast, plan, who, sees):
    user = cast[who]
    assert can_view_plan(user, plan) is sees
    assert visible_plans(user).filter(pk=plan.pk).exists() is sees
    task = plan.tasks.first()
    assert visible_tasks(user).filter(pk=task.pk).exists() is sees
    if not sees:
        with pytest.raises(NotFound):
            access_plan(user, plan.pk)


def test_deactivated_people_see_nothing(plan, bob):
    bob.is_active = False
    assert not can_view_plan(bob, plan)
    assert not visible_plans(bob).exists()
    assert not visible_tasks(bob).exists()
    assert not can_see_plan_list(bob)
    assert not can_publish_welcome(bob, plan)


def test_hr_is_admins_and_moderators_only(cast):
    assert [n for n, u in cast.items() if can_manage_onboarding(u)] == [
        "moderator",
        "admin",
    ]
    assert visible_templates(cast["carol"]).count() == 0
    assert visible_templates(cast["admin"]).count() == 1


def test_the_welcome_is_for_the_manager_buddy_and_hr(cast, plan):
    allowed = {n for n, u in cast.items() if can_publish_welcome(u, plan)}
    assert allowed == {"boss", "bob", "moderator", "admin"}


def test_ticking_rules(cast, plan):
    meet = plan.tasks.filter(kind=OnboardingTask.Kind.MEET_PERSON).first()
    check = plan.tasks.filter(kind=OnboardingTask.Kind.MANAGER_CHECK).first()
    welcome = plan.tasks.get(kind=OnboardingTask.Kind.WELCOME_POST)
    assert {n for n, u in cast.items() if can_tick_task(u, meet)} == {
        "newbie",
        "moderator",
        "admin",
    }
    assert {n for n, u in cast.items() if can_tick_task(u, check)} == {
        "boss",
        "moderator",
        "admin",
    }
    assert not any(can_tick_task(u, welcome) for u in cast.values())


def test_the_plan_list_is_for_hr_managers_and_buddies(cast):
    allowed = {n for n, u in cast.items() if can_see_plan_list(u)}
    assert allowed == {"boss", "bob", "moderator", "admin"}


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("boss", 200),
        ("bob", 200),
        ("moderator", 200),
        ("admin", 200),
        ("carol", 404),
        ("guest", 404),
    ],
)
def test_plan_page_and_api_per_persona(client, cast, plan, who, status):
    client.force_login(cast[who])
    page = client.get(reverse("onboarding:plan", args=[plan.pk]))
    assert page.status_code == status
    api = client.get(f"/api/v1/onboarding/plans/{plan.pk}")
    assert api.status_code == status
    listing = client.get(reverse("onboarding:manage"))
    assert listing.status_code == status
    if status == 200:
        assert "Nina Nieuw" in listing.content.decode()


def test_the_new_colleague_is_sent_to_their_own_page(client, plan, newbie):
    client.force_login(newbie)
    response = client.get(reverse("onboarding:plan", args=[plan.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("onboarding:mine")


def test_missing_plan_and_task_answer_404(client, plan, admin):
    client.force_login(admin)
    assert client.get(reverse("onboarding:plan", args=[999999])).status_code == 404
    response = client.post(reverse("onboarding:task-tick", args=[999999]))
    assert response.status_code == 404


def test_someone_else_cannot_tick_a_task_of_a_plan_they_do_not_see(client, plan, carol):
    task = plan.tasks.filter(kind=OnboardingTask.Kind.MEET_PERSON).first()
    client.force_login(carol)
    response = client.post(reverse("onboarding:task-tick", args=[task.pk]))
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.done_at is None


@pytest.mark.parametrize("who", ["carol", "boss", "bob"])
def test_templates_and_starting_are_hr_only(client, cast, who):
    client.force_login(cast[who])
    assert client.get(reverse("onboarding:templates")).status_code == 404
    assert client.get(reverse("onboarding:start")).status_code == 404
    response = client.post(
        "/api/v1/onboarding/plans",
        {"person_id": cast["carol"].pk},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_gatekeepers_answer_404_for_bad_ids_and_outsiders(cast, plan, template):
    from plein.access.onboarding import access_task, access_template

    assert access_template(cast["admin"], template.pk) == template
    for user, fetch, key in [
        (cast["carol"], access_template, template.pk),
        (cast["admin"], access_template, "x"),
        (cast["admin"], access_plan, "x"),
        (cast["admin"], access_task, "x"),
        (cast["carol"], access_task, plan.tasks.first().pk),
    ]:
        with pytest.raises(NotFound):
            fetch(user, key)
