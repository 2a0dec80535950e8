"""The scheduled-posts API: create, list, change, publish, cancel, delete."""

from datetime import timedelta

import pytest
from django.utils import timezone

from plein.engagement.scheduling.models import ScheduledPost, State

pytestmark = pytest.mark.django_db


def _at(hours: float) -> str:
    return (timezone.now() + timedelta(hours=hours)).isoformat()


def test_create_list_update_publish(alice, as_):
    api = as_(alice)
    response = api.post(
        "/scheduled-posts", {"body": "Via the API", "publish_at": _at(5)}
    )
    assert response.status_code == 201, response.content
    item = response.json()
    assert item["state"] == "scheduled"
    assert item["data"]["body"] == ["Via the API"]
    assert [i["id"] for i in api.get("/scheduled-posts").json()] == [item["id"]]
    response = api.patch(
        f"/scheduled-posts/{item['id']}", {"body": "Changed", "publish_at": _at(6)}
    )
    assert response.status_code == 200, response.content
    assert response.json()["text"] == "Changed"
    response = api.post(f"/scheduled-posts/{item['id']}/publish")
    assert response.status_code == 200
    assert response.json()["scheduled"]["state"] == "published"
    assert response.json()["post_id"]


def test_publish_at_in_the_past_names_the_field(alice, as_):
    response = as_(alice).post(
        "/scheduled-posts", {"body": "Too late", "publish_at": _at(-1)}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "publish_at"
    assert not ScheduledPost.objects.exists()


def test_missing_publish_at_and_bad_source(alice, as_):
    api = as_(alice)
    response = api.post("/scheduled-posts", {"body": "When?"})
    assert response.status_code == 400
    assert response.json()["field"] == "publish_at"
    response = api.post(
        "/scheduled-posts", {"source": "nope", "data": {"x": "y"}, "state": "draft"}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "source"
    response = api.post("/scheduled-posts", {"body": "x", "state": "sometime"})
    assert response.status_code in (400, 422)


def test_poll_via_data(alice, as_):
    response = as_(alice).post(
        "/scheduled-posts",
        {
            "source": "poll",
            "publish_at": _at(2),
            "data": {
                "question": "Pizza?",
                "options": "Yes\nNo",
                "results_shown": "live",
            },
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "poll"
    response = as_(alice).post(
        "/scheduled-posts",
        {
            "source": "poll",
            "publish_at": _at(2),
            "data": {"question": "One?", "options": "Only", "results_shown": "live"},
        },
    )
    assert response.status_code == 400
    assert response.json()["field"] == "options"


def test_others_get_404_and_group_admin_sees_without_data(
    alice, bob, carol, make_group, as_
):
    group = make_group(bob, "Kitchen", "closed", members=(alice,))
    response = as_(alice).post(
        "/scheduled-posts",
        {"body": "For the kitchen", "group_id": group.pk, "publish_at": _at(3)},
    )
    item_id = response.json()["id"]
    assert as_(carol).get(f"/scheduled-posts/{item_id}").status_code == 404
    assert as_(carol).delete(f"/scheduled-posts/{item_id}").status_code == 404
    seen = as_(bob).get(f"/scheduled-posts/{item_id}")  # bob admins the group
    assert seen.status_code == 200
    assert seen.json()["data"] is None
    assert as_(bob).post(f"/scheduled-posts/{item_id}/publish").status_code == 403
    since = timezone.now().isoformat()
    until = (timezone.now() + timedelta(days=2)).isoformat()
    calendar = as_(bob).get("/content-calendar", {"since": since, "until": until})
    assert [i["id"] for i in calendar.json()] == [item_id]
    assert (
        as_(carol).get("/content-calendar", {"since": since, "until": until}).json()
        == []
    )


def test_group_one_cannot_see_is_404(alice, bob, make_group, as_):
    secret = make_group(bob, "Hidden", "secret")
    response = as_(alice).post(
        "/scheduled-posts", {"body": "x", "group_id": secret.pk, "publish_at": _at(2)}
    )
    assert response.status_code == 404


def test_cancel_and_delete(alice, as_):
    api = as_(alice)
    item_id = api.post(
        "/scheduled-posts", {"body": "Bye", "publish_at": _at(2)}
    ).json()["id"]
    assert api.post(f"/scheduled-posts/{item_id}/cancel").json()["state"] == "cancelled"
    assert api.post(f"/scheduled-posts/{item_id}/cancel").status_code == 409
    assert api.delete(f"/scheduled-posts/{item_id}").status_code == 204
    assert not ScheduledPost.objects.filter(state=State.CANCELLED).exists()


def test_calendar_period_is_checked(alice, as_):
    now = timezone.now()
    response = as_(alice).get(
        "/content-calendar",
        {"since": now.isoformat(), "until": (now - timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 400
    assert response.json()["field"] == "until"
