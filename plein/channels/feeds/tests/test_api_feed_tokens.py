"""The feed-token API: /api/v1/feed-tokens."""

import json

import pytest
from django.test import Client

from plein.channels.feeds.models import FeedToken
from plein.channels.feeds.tests.conftest import atom_titles

pytestmark = pytest.mark.django_db


def call(user, method, path="", data=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    body = json.dumps(data) if data is not None else ""
    return getattr(client, method)(
        f"/api/v1/feed-tokens{path}", body, content_type="application/json"
    )


def test_create_list_and_delete(alice, make_post):
    make_post(alice, "Hallo")
    created = call(alice, "post", data={"name": "Lezer"})
    assert created.status_code == 201
    body = created.json()
    assert body["token"].startswith("plfeed_")
    assert body["urls"]["home_atom"].endswith("/home.atom")
    assert body["urls"]["home_rss"].endswith("/home.rss")
    home = Client().get(body["urls"]["home_atom"].removeprefix("http://testserver"))
    assert atom_titles(home) == ["Hallo"]
    listed = call(alice, "get").json()["items"]
    assert [t["name"] for t in listed] == ["Lezer"]
    assert "token" not in listed[0]
    assert listed[0]["last_used_at"] is not None
    assert call(alice, "delete", f"/{body['id']}").status_code == 204
    assert call(alice, "get").json()["items"] == []


def test_create_without_a_name_names_the_field(alice):
    response = call(alice, "post", data={"name": " "})
    assert response.status_code == 400
    assert response.json()["field"] == "name"


def test_delete_another_persons_token_is_404(alice, bob):
    token_id = call(alice, "post", data={"name": "Lezer"}).json()["id"]
    assert call(bob, "delete", f"/{token_id}").status_code == 404
    assert call(bob, "get").json()["items"] == []
    assert FeedToken.objects.filter(pk=token_id).exists()


def test_anonymous_is_refused():
    assert call(None, "get").status_code == 401
    assert call(None, "post", data={"name": "x"}).status_code == 401


def test_the_link_token_is_listed_as_such(alice, run_on_commit):
    from plein.channels.feeds.actions import check_create_link_feed_token

    raw = run_on_commit(check_create_link_feed_token, alice)
    call(alice, "post", data={"name": "Lezer"})
    listed = call(alice, "get")
    assert raw not in listed.content.decode()
    assert sorted((t["name"], t["is_link_token"]) for t in listed.json()["items"]) == [
        ("Abonneerlinks", True),
        ("Lezer", False),
    ]
