"""The webhook pages."""

import pytest
from django.test import Client

from plein.channels.webhooks.models import Delivery, Webhook

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_create_shows_the_secret_once(admin, receiver):
    client = client_for(admin)
    assert client.get("/webhooks/new/").status_code == 200
    response = client.post(
        "/webhooks/new/",
        {"scope": "org", "url": receiver.url, "events": ["post.created"]},
    )
    webhook = Webhook.objects.get()
    assert response.status_code == 200
    assert webhook.secret in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    detail = client.get(f"/webhooks/{webhook.pk}/")
    assert detail.status_code == 200
    assert webhook.secret not in detail.content.decode()


def test_form_shows_field_errors(admin, receiver):
    response = client_for(admin).post(
        "/webhooks/new/", {"scope": "org", "url": "nope", "events": []}
    )
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    assert not Webhook.objects.exists()


def test_group_admin_sees_no_org_scope(alice, make_group):
    group = make_group(alice, "Team")
    page = client_for(alice).get("/webhooks/new/").content.decode()
    assert 'value="org"' not in page
    assert f'value="{group.pk}"' in page


def test_group_admin_creates_for_own_group(alice, make_group, receiver):
    group = make_group(alice, "Team")
    client = client_for(alice)
    page = client.get(f"/webhooks/new/?group={group.slug}")
    assert page.status_code == 200
    client.post(
        "/webhooks/new/",
        {"scope": str(group.pk), "url": receiver.url, "events": ["post.created"]},
    )
    assert Webhook.objects.get().group == group
    listed = client.get(f"/webhooks/?group={group.slug}")
    assert receiver.url in listed.content.decode()
    # The group's page links to them.
    assert "/webhooks/?group=" in client.get(f"/groups/{group.slug}/").content.decode()


def test_rotate_test_turn_off_on_and_delete(
    admin, make_webhook, receiver, django_capture_on_commit_callbacks
):
    webhook = make_webhook(admin, receiver.url)
    old = webhook.secret
    client = client_for(admin)
    rotated = client.post(f"/webhooks/{webhook.pk}/rotate/")
    webhook.refresh_from_db()
    assert webhook.secret != old and webhook.previous_secret == old
    assert webhook.secret in rotated.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/webhooks/{webhook.pk}/test/")
    assert [r.payload["type"] for r in receiver.requests] == ["webhook.test"]
    log = client.get(f"/webhooks/{webhook.pk}/").content.decode()
    assert Delivery.objects.get().message_id in log
    client.post(f"/webhooks/{webhook.pk}/active/", {"is_active": "0"})
    webhook.refresh_from_db()
    assert not webhook.is_active
    client.post(f"/webhooks/{webhook.pk}/active/", {"is_active": "1"})
    webhook.refresh_from_db()
    assert webhook.is_active
    client.post(f"/webhooks/{webhook.pk}/delete/")
    assert not Webhook.objects.exists()


def test_others_get_404(admin, alice, bob, make_webhook, make_group, receiver):
    org_webhook = make_webhook(admin, receiver.url)
    secret = make_group(alice, "Geheim", kind="secret")
    secret_webhook = make_webhook(alice, receiver.url, group=secret)
    for user, webhook in (
        (bob, org_webhook),
        (bob, secret_webhook),
        (admin, secret_webhook),
    ):
        client = client_for(user)
        assert client.get(f"/webhooks/{webhook.pk}/").status_code == 404
        assert client.post(f"/webhooks/{webhook.pk}/rotate/").status_code == 404
        assert client.post(f"/webhooks/{webhook.pk}/delete/").status_code == 404
    assert receiver.url not in client_for(bob).get("/webhooks/").content.decode()
    # A secret group's webhook page does not exist for the organisation admin.
    response = client_for(admin).get(f"/webhooks/?group={secret.slug}")
    assert response.status_code == 404


def test_anonymous_goes_to_login():
    response = Client().get("/webhooks/")
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]


def test_member_without_groups_to_run_is_refused(bob):
    assert client_for(bob).get("/webhooks/new/").status_code == 403
