"""The webhooks API: /api/v1/webhooks."""

import datetime
import json

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from standardwebhooks.webhooks import WebhookVerificationError

from plein.channels.webhooks.models import Delivery, Webhook
from plein.core.events import capture_events

pytestmark = pytest.mark.django_db


def webhook_events(events):
    # call() logs in each time, which is an event too.
    return [e for e in events if e.name.startswith("webhooks.")]


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


# Managing one webhook: PATCH, rotate-secret, test -------------------------------


def test_patch_turns_off_and_on_with_the_pages_audit_events(
    admin, make_webhook, receiver, django_capture_on_commit_callbacks
):
    webhook = make_webhook(admin, receiver.url)
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        off = call(admin, "patch", f"/{webhook.pk}", {"is_active": False})
        on = call(admin, "patch", f"/{webhook.pk}", {"is_active": True})
    assert off.status_code == 200, off.content
    assert off.json()["is_active"] is False
    assert off.json()["disabled_at"] is not None
    assert on.json()["is_active"] is True and on.json()["disabled_at"] is None
    events = webhook_events(events)
    assert [e.name for e in events] == [
        "webhooks.webhook.turned_off",
        "webhooks.webhook.turned_on",
    ]
    assert events[0].actor_id == admin.pk
    webhook.refresh_from_db()
    assert webhook.is_active


def test_patch_changes_description_and_events(
    admin, alice, make_post, make_webhook, receiver, django_capture_on_commit_callbacks
):
    webhook = make_webhook(admin, receiver.url)
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        response = call(
            admin,
            "patch",
            f"/{webhook.pk}",
            {"description": "  Chat   bridge ", "events": ["comment.created"]},
        )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["description"] == "Chat bridge"
    assert body["events"] == ["comment.created"]
    assert body["is_active"] is True
    [event] = webhook_events(events)
    assert event.name == "webhooks.webhook.updated"
    assert event.payload["changed"] == ["description", "event_types"]
    # Posts are no longer sent.
    make_post(alice, "Niet meer verstuurd")
    assert receiver.requests == []
    # The same values again change nothing and record nothing.
    with capture_events() as again, django_capture_on_commit_callbacks(execute=True):
        call(admin, "patch", f"/{webhook.pk}", {"events": ["comment.created"]})
    assert webhook_events(again) == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"events": []}, "events"),
        ({"events": ["post.exploded"]}, "events"),
        ({"description": "x" * 201}, "description"),
        ({"description": "ok", "events": ["nope"], "is_active": False}, "events"),
    ],
)
def test_patch_with_bad_input_names_the_field_and_saves_nothing(
    admin, make_webhook, receiver, data, field
):
    webhook = make_webhook(admin, receiver.url)
    response = call(admin, "patch", f"/{webhook.pk}", data)
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field
    assert response.json()["detail"]
    webhook.refresh_from_db()
    assert (webhook.description, webhook.event_types, webhook.is_active) == (
        "",
        ["post.created"],
        True,
    )


def test_patch_with_a_wrong_type_names_the_field(admin, make_webhook, receiver):
    webhook = make_webhook(admin, receiver.url)
    response = call(admin, "patch", f"/{webhook.pk}", {"events": "post.created"})
    assert 400 <= response.status_code < 500
    assert "events" in json.dumps(response.json())


def test_rotate_secret_answers_it_once_and_the_old_one_stops_verifying(
    admin, make_webhook, receiver, django_capture_on_commit_callbacks
):
    webhook = make_webhook(admin, receiver.url)
    old = webhook.secret
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        response = call(admin, "post", f"/{webhook.pk}/rotate-secret")
    assert response.status_code == 200, response.content
    new = response.json()["secret"]
    assert new.startswith("whsec_") and new != old
    assert response.json()["previous_secret_expires_at"] is not None
    assert [e.name for e in webhook_events(events)] == [
        "webhooks.webhook.secret_rotated"
    ]
    assert new not in call(admin, "get", f"/{webhook.pk}").content.decode()
    # Within the grace period both secrets verify the test ping.
    with django_capture_on_commit_callbacks(execute=True):
        call(admin, "post", f"/{webhook.pk}/test")
    assert receiver.requests[-1].verify(new)["type"] == "webhook.test"
    assert receiver.requests[-1].verify(old)["type"] == "webhook.test"
    # After it only the new one does.
    later = timezone.now() + datetime.timedelta(hours=25)
    with time_machine.travel(later):
        with django_capture_on_commit_callbacks(execute=True):
            call(admin, "post", f"/{webhook.pk}/test")
        received = receiver.requests[-1]
        assert received.verify(new)["type"] == "webhook.test"
        with pytest.raises(WebhookVerificationError):
            received.verify(old)


def test_test_ping_is_delivered_and_answers_its_delivery(
    admin, make_webhook, receiver, django_capture_on_commit_callbacks
):
    webhook = make_webhook(admin, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        response = call(admin, "post", f"/{webhook.pk}/test")
    assert response.status_code == 202, response.content
    body = response.json()
    [received] = receiver.requests
    assert received.verify(webhook.secret)["type"] == "webhook.test"
    assert received.headers["webhook-id"] == body["message_id"]
    delivery = Delivery.objects.get(pk=body["delivery_id"])
    assert delivery.status == Delivery.Status.SUCCEEDED
    detail = call(admin, "get", f"/{webhook.pk}").json()
    assert [d["id"] for d in detail["deliveries"]] == [body["delivery_id"]]


def test_test_ping_to_a_webhook_that_is_off_names_the_field(
    admin, make_webhook, receiver
):
    webhook = make_webhook(admin, receiver.url)
    call(admin, "patch", f"/{webhook.pk}", {"is_active": False})
    response = call(admin, "post", f"/{webhook.pk}/test")
    assert response.status_code == 400
    assert response.json()["field"] == "is_active"
    assert receiver.requests == []


def test_group_admin_manages_their_groups_webhook_through_the_api(
    alice, make_group, make_webhook, receiver, django_capture_on_commit_callbacks
):
    group = make_group(alice, "Kantine")
    webhook = make_webhook(alice, receiver.url, group=group)
    assert (
        call(alice, "patch", f"/{webhook.pk}", {"is_active": False}).json()["is_active"]
        is False
    )
    assert call(alice, "post", f"/{webhook.pk}/rotate-secret").status_code == 200


def test_those_who_may_not_manage_a_webhook_get_404(
    admin, alice, bob, carol, make_group, make_webhook, receiver
):
    org_webhook = make_webhook(admin, receiver.url)
    secret = make_group(alice, "Geheim", kind="secret", members=(bob,))
    secret_webhook = make_webhook(alice, receiver.url, group=secret)
    missing = call(admin, "patch", "/999999", {"is_active": False})
    assert missing.status_code == 404
    for user, webhook in (
        (alice, org_webhook),  # a member, not an organisation admin
        (bob, secret_webhook),  # a member of the group, not its admin
        (carol, secret_webhook),  # outside the group
        (admin, secret_webhook),  # organisation admins do not see secret groups
    ):
        before = (webhook.secret, webhook.is_active)
        answers = [
            call(user, "patch", f"/{webhook.pk}", {"is_active": False}),
            call(user, "post", f"/{webhook.pk}/rotate-secret"),
            call(user, "post", f"/{webhook.pk}/test"),
        ]
        assert [a.status_code for a in answers] == [404, 404, 404]
        # The same answer as for a webhook that does not exist.
        assert answers[0].json() == missing.json()
        webhook.refresh_from_db()
        assert (webhook.secret, webhook.is_active) == before
    assert receiver.requests == []


def test_the_new_operations_are_in_the_openapi_document(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "patch" in paths["/api/v1/webhooks/{webhook_id}"]
    assert "post" in paths["/api/v1/webhooks/{webhook_id}/rotate-secret"]
    assert "post" in paths["/api/v1/webhooks/{webhook_id}/test"]
