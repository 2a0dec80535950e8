"""The webhooks API: /api/v1/webhooks."""

import json

import pytest
from django.test import Client

from plein.channels.webhooks.models import Webhook

pytestmark = pytest.mark.django_db


def call(user, method, path="", data=None):
    client = Client()
    client.force_login(user)
    body = json.dumps(data) if data is not None else ""
    return getattr(client, method)(
        f"/api/v1/webhooks{path}", body, content_type="application/json"
    )


def test_create_list_detail_delete(admin, receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            admin,
            "post",
            data={"url": receiver.url, "events": ["post.created"], "description": "CI"},
        )
    assert response.status_code == 201
    body = response.json()
    assert body["secret"].startswith("whsec_")
    assert body["group_id"] is None
    listed = call(admin, "get").json()["items"]
    assert [w["id"] for w in listed] == [body["id"]]
    assert "secret" not in listed[0]
    detail = call(admin, "get", f"/{body['id']}").json()
    assert detail["deliveries"] == []
    assert "secret" not in detail
    assert call(admin, "delete", f"/{body['id']}").status_code == 204
    assert not Webhook.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"url": "not a url", "events": ["post.created"]}, "url"),
        ({"url": "", "events": ["post.created"]}, "url"),
        ({"url": "RECEIVER", "events": []}, "events"),
        ({"url": "RECEIVER", "events": ["post.exploded"]}, "events"),
    ],
)
def test_invalid_input_names_the_field(admin, receiver, data, field):
    data = {**data, "url": receiver.url if data["url"] == "RECEIVER" else data["url"]}
    response = call(admin, "post", data=data)
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_private_address_is_refused(admin, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = False
    for url in ("https://127.0.0.1/hook", "https://10.0.0.8/", "http://example.com/"):
        response = call(admin, "post", data={"url": url, "events": ["post.created"]})
        assert response.status_code == 400
        assert response.json()["field"] == "url"


def test_member_cannot_create_org_webhook(alice, receiver):
    response = call(
        alice, "post", data={"url": receiver.url, "events": ["post.created"]}
    )
    assert response.status_code == 403
    assert response.json()["field"] == "group_id"


def test_secret_group_webhooks_stay_hidden(alice, carol, admin, make_group, receiver):
    secret = make_group(alice, "Geheim", kind="secret")
    created = call(
        alice,
        "post",
        data={"url": receiver.url, "events": ["post.created"], "group_id": secret.pk},
    )
    assert created.status_code == 201
    webhook_id = created.json()["id"]
    for outsider in (carol, admin):
        assert call(outsider, "get").json()["items"] == []
        assert call(outsider, "get", f"/{webhook_id}").status_code == 404
        assert call(outsider, "delete", f"/{webhook_id}").status_code == 404
        response = call(
            outsider,
            "post",
            data={
                "url": receiver.url,
                "events": ["post.created"],
                "group_id": secret.pk,
            },
        )
        # The same answer as for a group that does not exist.
        assert response.status_code == 404
        assert response.json()["field"] == "group_id"
    missing = call(
        carol,
        "post",
        data={"url": receiver.url, "events": ["post.created"], "group_id": 999999},
    )
    assert missing.status_code == 404
    assert missing.json() == response.json()


def test_detail_shows_recent_deliveries(
    admin, alice, make_post, make_webhook, receiver
):
    webhook = make_webhook(admin, receiver.url)
    make_post(alice, "Hallo")
    detail = call(admin, "get", f"/{webhook.pk}").json()
    [delivery] = detail["deliveries"]
    assert delivery["status"] == "succeeded"
    assert delivery["attempts"][0]["status_code"] == 200


def test_anonymous_gets_401():
    assert Client().get("/api/v1/webhooks").status_code == 401


def test_malformed_body_names_the_field(admin):
    response = call(admin, "post", data={"events": "post.created"})
    assert 400 <= response.status_code < 500
    assert "url" in json.dumps(response.json())
