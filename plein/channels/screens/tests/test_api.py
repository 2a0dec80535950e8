"""The screens API: management for the communications team, content by token."""

import pytest
from django.test import Client

from plein.channels.screens.models import Screen, ScreenToken
from plein.core.events import capture_events
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


# Connecting a screen: its tokens ----------------------------------------------


def test_moderators_connect_list_and_disconnect_a_screen(
    moderator, admin, make_screen, django_capture_on_commit_callbacks
):
    screen = make_screen(admin)
    api = _api(moderator)
    url = f"/api/v1/screens/{screen.pk}/tokens"
    assert api.get(url).json() == {"items": []}
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        first = api.post(url)
    assert first.status_code == 201, first.content
    body = first.json()
    raw = body["token"]
    assert raw.startswith("scr_") and body["prefix"] == raw[:12]
    assert body["show_url"].endswith(f"/screens/show/{raw}/")
    assert body["is_revoked"] is False
    assert [e.name for e in events] == ["screens.token.created"]
    # The token opens the screen's content, and is never answered again.
    content = Client(headers={"Authorization": f"Screen {raw}"}).get(
        "/api/v1/screens/content"
    )
    assert content.status_code == 200
    listed = api.get(url)
    assert raw not in listed.content.decode()
    assert [t["id"] for t in listed.json()["items"]] == [body["id"]]
    assert api.get("/api/v1/screens").json()["items"][0]["is_connected"] is True

    # Connecting again replaces the token.
    second = api.post(url).json()
    items = api.get(url).json()["items"]
    assert [(t["id"], t["is_revoked"]) for t in items] == [
        (second["id"], False),
        (body["id"], True),
    ]
    stale = Client(headers={"Authorization": f"Screen {raw}"})
    assert stale.get("/api/v1/screens/content").status_code == 401

    # Disconnecting revokes it.
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        assert api.delete(url).status_code == 204
    assert [e.name for e in events] == ["screens.token.revoked"]
    assert all(t["is_revoked"] for t in api.get(url).json()["items"])
    fresh = Client(headers={"Authorization": f"Screen {second['token']}"})
    assert fresh.get("/api/v1/screens/content").status_code == 401
    assert api.get("/api/v1/screens").json()["items"][0]["is_connected"] is False


def test_screen_tokens_are_404_for_everyone_else(alice, admin, make_screen, connect):
    screen = make_screen(admin)
    raw = connect(admin, screen)
    api = _api(alice)
    url = f"/api/v1/screens/{screen.pk}/tokens"
    missing = _api(admin).get("/api/v1/screens/999999/tokens")
    assert missing.status_code == 404
    answers = [api.get(url), api.post(url), api.delete(url)]
    assert [a.status_code for a in answers] == [404, 404, 404]
    # Exactly as for a screen that does not exist.
    assert answers[0].json() == missing.json()
    assert ScreenToken.objects.filter(screen=screen).count() == 1
    still = Client(headers={"Authorization": f"Screen {raw}"})
    assert still.get("/api/v1/screens/content").status_code == 200


def test_screen_tokens_need_a_person(admin, make_screen):
    screen = make_screen(admin)
    url = f"/api/v1/screens/{screen.pk}/tokens"
    assert Client().get(url).status_code == 401
    assert Client().post(url).status_code == 401
    assert not ScreenToken.objects.exists()


def test_screen_token_operations_are_in_the_openapi_document(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "post", "delete"} <= set(paths["/api/v1/screens/{screen_id}/tokens"])
