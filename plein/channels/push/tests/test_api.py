"""The push-subscription API: one's own devices only, and validated input."""

import json
from typing import Any

import pytest
from django.test import Client

from plein.channels.push.actions import get_push_choices, pushable_kinds
from plein.channels.push.models import PushPreference, PushSubscription
from plein.channels.push.vapid import b64url, b64url_decode
from plein.governance.compliance.audit_labels import action_label
from plein.governance.compliance.models import AuditEntry
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


def test_turning_push_on_and_off_is_in_the_audit_log_without_the_endpoint(
    api, alice, make_device
):
    device = make_device("phone")
    subscription_id = api.post(device.as_json()).json()["id"]
    api.post(device.as_json())  # the same device again: no new entry
    assert api.delete(f"/{subscription_id}").status_code == 204
    entries = list(AuditEntry.objects.filter(action__startswith="push.").order_by("pk"))
    assert [(e.action, e.actor_id) for e in entries] == [
        ("push.subscription.added", alice.pk),
        ("push.subscription.removed", alice.pk),
    ]
    # The endpoint is a capability: only the push service's host is kept.
    assert all(device.endpoint not in json.dumps(e.data) for e in entries)
    assert entries[0].data["service"] == "127.0.0.1"
    assert action_label("push.subscription.added") == "Pushmeldingen aangezet"


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


# Push preferences ----------------------------------------------------------------

PREFERENCES = "/api/v1/push-preferences"


def _put(api: Api, items: Any) -> Any:
    return api.client.put(
        PREFERENCES, json.dumps({"items": items}), content_type="application/json"
    )


def _choices(response: Any) -> dict[str, bool]:
    return {item["kind"]: item["is_enabled"] for item in response.json()["items"]}


def test_push_preferences_start_at_the_kinds_defaults(api):
    response = api.client.get(PREFERENCES)
    assert response.status_code == 200
    items = {item["kind"]: item for item in response.json()["items"]}
    kinds = {kind.code: kind for kind in pushable_kinds()}
    assert items.keys() == kinds.keys()
    for code, item in items.items():
        assert (
            item["is_enabled"] is item["push_by_default"] is kinds[code].push_by_default
        )
        assert item["label"]
    # As docs/push.md says: mentions are pushed, reactions are not.
    assert items["mention"]["is_enabled"] is True
    assert items["reaction"]["is_enabled"] is False


def test_push_preferences_round_trip_and_leave_other_kinds_alone(api, alice, bob):
    before = _choices(api.client.get(PREFERENCES))
    response = _put(
        api,
        [
            {"kind": "mention", "is_enabled": False},
            {"kind": "reaction", "is_enabled": True},
        ],
    )
    assert response.status_code == 200, response.content
    after = _choices(response)
    assert after == {**before, "mention": False, "reaction": True}
    assert _choices(api.client.get(PREFERENCES)) == after
    assert get_push_choices(alice) == after
    # Another person's choices are their own.
    assert get_push_choices(bob) == before


def test_push_preferences_answer_in_the_readers_language(alice):
    dutch = {
        i["kind"]: i["label"]
        for i in Api(alice).client.get(PREFERENCES).json()["items"]
    }
    alice.language = "en"
    alice.save(update_fields=["language"])
    english = {
        i["kind"]: i["label"]
        for i in Api(alice).client.get(PREFERENCES).json()["items"]
    }
    assert dutch["mention"] != english["mention"]


@pytest.mark.parametrize(
    ("items", "status", "field"),
    [
        ([{"kind": "no_such_kind", "is_enabled": True}], 400, "kind"),
        (
            [
                {"kind": "mention", "is_enabled": False},
                {"kind": "no_such_kind", "is_enabled": False},
            ],
            400,
            "kind",
        ),
        ([{"kind": "mention"}], 422, "items"),
        ([{"kind": "x" * 21, "is_enabled": True}], 422, "items"),
    ],
)
def test_bad_push_preferences_name_the_field_and_change_nothing(
    api, alice, items, status, field
):
    before = get_push_choices(alice)
    response = _put(api, items)
    _error(response, status, field)
    assert get_push_choices(alice) == before
    assert not PushPreference.objects.exists()


def test_push_preferences_change_what_is_pushed(
    alice, bob, make_post, run_on_commit, make_device, push_service
):
    from plein.notifications.actions import do_notify

    make_device("bob").subscribe(bob)
    bobs_api = Api(bob)

    def mention(key: str) -> None:
        run_on_commit(
            do_notify,
            [bob.pk],
            kind="mention",
            key=key,
            actor_id=alice.pk,
            post=make_post(alice, f"Bericht {key}"),
        )

    mention("m:1")
    assert len(push_service.for_endpoint("bob")) == 1
    assert _put(bobs_api, [{"kind": "mention", "is_enabled": False}]).status_code == 200
    mention("m:2")
    assert len(push_service.for_endpoint("bob")) == 1
    assert _put(bobs_api, [{"kind": "mention", "is_enabled": True}]).status_code == 200
    mention("m:3")
    assert len(push_service.for_endpoint("bob")) == 2


def test_push_preferences_need_a_person(db):
    assert Client().get(PREFERENCES).status_code == 401
    response = Client().put(
        PREFERENCES, json.dumps({"items": []}), content_type="application/json"
    )
    assert response.status_code == 401


def test_push_preferences_are_in_the_openapi_document(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "put"} <= set(paths[PREFERENCES])
