"""The onboarding API: my plan, ticking, HR's list, detail, start and change."""

import pytest

from plein.careers.onboarding.models import OnboardingPlan, OnboardingTask

pytestmark = pytest.mark.django_db

Kind = OnboardingTask.Kind


def test_my_plan(client, plan, newbie):
    client.force_login(newbie)
    body = client.get("/api/v1/onboarding/me").json()
    assert body["id"] == plan.pk
    assert body["person"]["handle"] == "nina"
    assert body["buddy"]["handle"] == "bob"
    assert [t["kind"] for t in body["tasks"]][:3] == [
        "welcome_post",
        "join_group",
        "read_page",
    ]
    assert body["percent_done"] == 0


def test_no_plan_is_404(client, carol):
    OnboardingPlan.objects.filter(person=carol).delete()
    client.force_login(carol)
    response = client.get("/api/v1/onboarding/me")
    assert response.status_code == 404


def test_tick_and_untick(client, plan, newbie, boss):
    task = plan.tasks.get(kind=Kind.MEET_PERSON, person=boss)
    client.force_login(newbie)
    url = f"/api/v1/onboarding/tasks/{task.pk}/tick"
    body = client.post(url, {"done": True}, content_type="application/json").json()
    assert body["done_at"] is not None
    body = client.post(url, {"done": False}, content_type="application/json").json()
    assert body["done_at"] is None
    checklist = plan.tasks.filter(kind=Kind.MANAGER_CHECK).first()
    response = client.post(
        f"/api/v1/onboarding/tasks/{checklist.pk}/tick",
        {"done": True},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_hr_list_and_detail(client, plan, moderator):
    client.force_login(moderator)
    items = client.get("/api/v1/onboarding/plans?status=all").json()["items"]
    nina = next(i for i in items if i["id"] == plan.pk)
    assert (nina["total"], nina["done"], nina["overdue"]) == (7, 0, 0)
    detail = client.get(f"/api/v1/onboarding/plans/{plan.pk}").json()
    assert detail["manager"]["handle"] == "boss"


def test_hr_starts_a_plan_and_bad_input_names_the_field(client, admin, alice, bob):
    OnboardingPlan.objects.filter(person=alice).delete()
    client.force_login(admin)
    response = client.post(
        "/api/v1/onboarding/plans",
        {"person_id": alice.pk, "buddy_id": 99999999},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "buddy_id"
    response = client.post(
        "/api/v1/onboarding/plans",
        {"person_id": alice.pk, "buddy_id": bob.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["buddy"]["handle"] == "bob"
    again = client.post(
        "/api/v1/onboarding/plans",
        {"person_id": alice.pk},
        content_type="application/json",
    )
    assert again.status_code == 409


def test_hr_changes_the_manager_the_manager_may_not(client, plan, admin, boss, carol):
    client.force_login(boss)
    url = f"/api/v1/onboarding/plans/{plan.pk}"
    response = client.patch(
        url, {"manager_id": carol.pk}, content_type="application/json"
    )
    assert response.status_code == 403
    client.force_login(admin)
    body = client.patch(
        url, {"manager_id": carol.pk}, content_type="application/json"
    ).json()
    assert body["manager"]["handle"] == "carol"
    assert body["buddy"]["handle"] == "bob"
