"""The push-subscription API: one's own devices only, and validated input."""

import json
from typing import Any

import pytest
from django.test import Client

from plein.channels.push.models import PushSubscription
from plein.channels.push.vapid import b64url, b64url_decode
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db

URL = "/api/v1/push-subscriptions"


class Api:
    def __init__(self, user: Any) -> None:
        _token, raw = do_create_api_token(user)
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    def get(self, path: str = "") -> Any:
        return self.client.get(URL + path)

    def post(self, data: Any) -> Any:
        return self.client.post(URL, json.dumps(data), content_type="application/json")

    def delete(self, path: str) -> Any:
        return self.client.delete(URL + path)


@pytest.fixture
def api(alice: Any) -> Api:
    return Api(alice)


def _error(response: Any, status: int, field: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["detail"]
    assert body["field"] == field, body


def test_turning_push_on_and_off_for_a_device(api, alice, make_device):
    device = make_device("phone")
    created = api.post({**device.as_json(), "device": "Firefox · Android"})
    assert created.status_code == 201, created.content
    subscription_id = created.json()["id"]
    assert created.json()["device"] == "Firefox · Android"
    # The browser sends its subscription again on every visit: same row.
    again = api.post(device.as_json())
    assert again.status_code == 200
    assert again.json()["id"] == subscription_id

    listing = api.get().json()
    assert [item["id"] for item in listing["items"]] == [subscription_id]
    assert listing["items"][0]["endpoint"] == device.endpoint
    assert "p256dh" not in json.dumps(listing) and device.auth_secret not in json.dumps(
        listing
    )
    assert api.get(f"/{subscription_id}").json()["push_service"] == "127.0.0.1"

    assert api.delete(f"/{subscription_id}").status_code == 204
    assert not PushSubscription.objects.exists()
    assert api.get(f"/{subscription_id}").status_code == 404


def test_the_vapid_key_is_a_p256_point_and_stays_the_same(api):
    first = api.get("/vapid-key").json()["public_key"]
    raw = b64url_decode(first)
    assert len(raw) == 65 and raw[0] == 4
    assert api.get("/vapid-key").json()["public_key"] == first
    assert api.get().json()["vapid_public_key"] == first


def test_someone_elses_subscription_answers_404(api, bob, make_device):
    theirs = make_device("bobs-phone").subscribe(bob)
    assert api.get(f"/{theirs.pk}").status_code == 404
    assert api.delete(f"/{theirs.pk}").status_code == 404
    assert api.get().json()["items"] == []
    assert PushSubscription.objects.filter(pk=theirs.pk).exists()


def test_an_endpoint_that_moves_to_another_person_becomes_theirs(
    api, alice, bob, make_device
):
    # Bob used the shared tablet before; now Alice signs in there.
    device = make_device("tablet")
    device.subscribe(bob)
    assert api.post(device.as_json()).status_code == 200
    assert PushSubscription.objects.get().user_id == alice.pk


def test_without_credentials_the_api_answers_401(db):
    assert Client().get(URL).status_code == 401


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"endpoint": "http://push.example.com/abc"}, "endpoint"),
        ({"endpoint": "https://10.0.0.8/abc"}, "endpoint"),
        ({"endpoint": "https://localhost/abc"}, "endpoint"),
        ({"endpoint": "ftp://push.example.com/abc"}, "endpoint"),
        ({"endpoint": "not a url"}, "endpoint"),
        ({"keys": {"p256dh": "abc", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}}, "keys.p256dh"),
        (
            {"keys": {"p256dh": "!!" * 40, "auth": "AAAAAAAAAAAAAAAAAAAAAA"}},
            "keys.p256dh",
        ),
        # 65 bytes that are no point on the curve.
        ({"keys": {"p256dh": b64url(b"\x04" + b"\x01" * 64)}}, "keys.p256dh"),
        ({"keys": {"auth": "AAAA"}}, "keys.auth"),
        ({"expirationTime": 1000}, "expirationTime"),
    ],
)
def test_invalid_subscriptions_are_refused_naming_the_field(
    api, make_device, settings, change, field
):
    settings.PUSH_ALLOW_LOOPBACK_HTTP = False
    device = make_device("phone")
    data = {**device.as_json(), "endpoint": "https://push.example.com/abc"}
    for name, value in change.items():
        if name == "keys":
            data["keys"] = {**data["keys"], **value}
        else:
            data[name] = value
    _error(api.post(data), 400, field)
    assert not PushSubscription.objects.exists()


def test_a_missing_key_is_refused_naming_the_field(api, make_device):
    data = make_device("phone").as_json()
    del data["keys"]
    _error(api.post(data), 422, "keys")


def test_loopback_http_needs_the_setting(api, make_device, settings):
    settings.PUSH_ALLOW_LOOPBACK_HTTP = False
    _error(api.post(make_device("phone").as_json()), 400, "endpoint")
