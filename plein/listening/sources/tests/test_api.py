"""The sources API: communications lists, adds and turns off; errors name
the field; nobody else learns anything."""

import json

import pytest
from django.test import Client

from plein.listening.sources.actions import do_add_source
from plein.listening.sources.models import Source
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db

SOURCES = "/api/v1/listening/sources"


def _api(person):
    return Client(headers={"Authorization": f"Bearer {do_create_api_token(person)[1]}"})


def _send(client, method, path, data):
    return getattr(client, method)(
        path, json.dumps(data), content_type="application/json"
    )


def test_communications_adds_lists_and_turns_off(admin, moderator):
    created = _send(
        _api(moderator),
        "post",
        SOURCES,
        {"name": "NOS", "url": "https://93.184.215.14/nos.xml"},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["name"], body["kind"], body["is_active"]) == ("NOS", "feed", True)
    assert body["consecutive_errors"] == 0 and body["last_error"] == ""

    [listed] = _api(admin).get(SOURCES).json()["items"]
    assert (
        listed["id"] == body["id"] and listed["url"] == "https://93.184.215.14/nos.xml"
    )

    off = _send(_api(admin), "patch", f"{SOURCES}/{body['id']}", {"is_active": False})
    assert off.status_code == 200 and off.json()["is_active"] is False
    assert not Source.objects.get().is_active


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "url": "https://93.184.215.14/a.xml"}, "name"),
        ({"name": "x" * 201, "url": "https://93.184.215.14/a.xml"}, "name"),
        ({"name": "Feed", "url": "gopher://93.184.215.14/"}, "url"),
        ({"name": "Feed", "url": "http://192.168.1.10/feed"}, "url"),
        ({"name": "Feed", "url": "https://a.example/" + "x" * 2000}, "url"),
        ({"name": "Feed"}, "url"),
    ],
)
def test_errors_name_the_field(moderator, data, field):
    response = _send(_api(moderator), "post", SOURCES, data)
    assert response.status_code in (400, 422)
    assert response.json()["field"] == field
    assert Source.objects.count() == 0


def test_nobody_else_learns_anything(alice):
    source = do_add_source(None, name="NOS", url="https://93.184.215.14/nos.xml")
    member = _api(alice)
    assert member.get(SOURCES).status_code == 404
    refused = _send(
        member, "post", SOURCES, {"name": "x", "url": "https://93.184.215.14/x"}
    )
    assert refused.status_code == 404
    patched = _send(member, "patch", f"{SOURCES}/{source.pk}", {"is_active": False})
    assert patched.status_code == 404
    assert Source.objects.get().is_active
    assert Client().get(SOURCES).status_code == 401
