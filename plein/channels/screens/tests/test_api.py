"""The screens API: management for the communications team, content by token."""

import pytest
from django.test import Client

from plein.channels.screens.models import Screen
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db


def _api(user):
    _token, raw = do_create_api_token(user)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_admins_manage_screens(admin, world):
    api = _api(admin)
    created = api.post(
        "/api/v1/screens",
        {"name": "Hall", "group_ids": [world.groups["open"].pk]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["group_ids"] == [world.groups["open"].pk]
    assert body["is_connected"] is False
    listed = api.get("/api/v1/screens").json()["items"]
    assert [s["name"] for s in listed] == ["Hall"]
    assert api.delete(f"/api/v1/screens/{body['id']}").status_code == 204
    assert not Screen.objects.exists()


def test_a_closed_group_is_refused_naming_the_field(moderator, world):
    response = _api(moderator).post(
        "/api/v1/screens",
        {"name": "Hall", "group_ids": [world.groups["closed"].pk]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "groups"


def test_members_get_404(alice, admin, make_screen):
    screen = make_screen(admin)
    api = _api(alice)
    assert api.get("/api/v1/screens").status_code == 404
    post = api.post("/api/v1/screens", {"name": "X"}, content_type="application/json")
    assert post.status_code == 404
    assert api.delete(f"/api/v1/screens/{screen.pk}").status_code == 404
    assert Screen.objects.filter(pk=screen.pk).exists()


def test_anonymous_gets_401():
    assert Client().get("/api/v1/screens").status_code == 401


def test_content_with_the_screen_token(client, admin, world, make_screen, connect):
    screen = make_screen(admin, group_ids=[world.groups["open"].pk])
    raw = connect(admin, screen)
    by_header = Client(headers={"Authorization": f"Screen {raw}"}).get(
        "/api/v1/screens/content"
    )
    assert by_header.status_code == 200
    body = by_header.json()
    assert body["screen"]["id"] == screen.pk
    posts = {s["data"].get("post_id") for s in body["slides"]}
    assert world.posts["open"].pk in posts
    assert world.posts["announced"].pk in posts
    for hidden in ("closed", "secret", "restricted", "withheld", "closed_announced"):
        assert world.posts[hidden].pk not in posts
    by_query = client.get("/api/v1/screens/content", {"token": raw})
    assert by_query.json() == body


def test_content_refuses_a_person_or_a_bad_token(admin, alice, make_screen, connect):
    screen = make_screen(admin)
    raw = connect(admin, screen)
    # A personal token is not a screen token, nor is a session.
    assert _api(alice).get("/api/v1/screens/content").status_code == 401
    wrong = Client(headers={"Authorization": "Screen scr_wrong"})
    assert wrong.get("/api/v1/screens/content").status_code == 401
    from plein.channels.screens.actions import check_revoke_screen_tokens

    check_revoke_screen_tokens(admin, screen)
    revoked = Client(headers={"Authorization": f"Screen {raw}"})
    response = revoked.get("/api/v1/screens/content")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
