"""Delivering events to a real receiver on loopback, which verifies every
signature with the standardwebhooks library.

The rule checked throughout: a webhook only ever carries what its scope may
see at the moment it is sent.
"""

import datetime

import pytest
import time_machine
from django.utils import timezone
from standardwebhooks.webhooks import WebhookVerificationError

from plein.access.posts import access_post
from plein.channels.webhooks.actions import (
    DISABLE_AFTER_FAILURES,
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    check_send_test_event,
    do_rotate_secret,
    do_send_due_deliveries,
)
from plein.channels.webhooks.models import Delivery, DeliveryAttempt
from plein.groups.actions import do_add_member, do_remove_member
from plein.notifications.models import Notification
from plein.notifications.presentation import build_notification_url
from plein.posts.actions import check_create_comment, do_delete_post

pytestmark = pytest.mark.django_db


def test_post_is_delivered_signed_and_verifies(
    admin, alice, make_group, make_post, make_webhook, receiver
):
    group = make_group(alice, "Kantine", members=())
    webhook = make_webhook(admin, receiver.url)
    post = make_post(alice, "Taart in de **kantine**", title="Taart", group=group)

    [received] = receiver.requests
    payload = received.verify(webhook.secret)
    assert payload["type"] == "post.created"
    data = payload["data"]
    assert data["post_id"] == post.pk
    assert data["title"] == "Taart"
    assert data["excerpt"] == "Taart in de kantine"
    assert data["author"] == {"id": alice.pk, "name": "Alice de Vries"}
    assert data["group"]["id"] == group.pk
    assert data["url"].endswith(f"/posts/{post.pk}/")
    assert b"@plein.test" not in received.body  # no e-mail addresses
    delivery = Delivery.objects.get(webhook=webhook)
    assert received.headers["webhook-id"] == delivery.message_id
    assert delivery.status == Delivery.Status.SUCCEEDED
    attempt = DeliveryAttempt.objects.get(delivery=delivery)
    assert (attempt.status_code, attempt.is_success) == (200, True)


def test_a_wrong_secret_does_not_verify(
    admin, alice, make_post, make_webhook, receiver
):
    make_webhook(admin, receiver.url)
    make_post(alice, "Hallo")
    with pytest.raises(WebhookVerificationError):
        receiver.requests[0].verify("whsec_" + "A" * 32)


def test_org_webhook_never_gets_closed_or_secret_group_posts(
    admin, alice, make_group, make_post, make_webhook, receiver
):
    make_webhook(admin, receiver.url, events=("post.created", "comment.created"))
    secret = make_group(alice, "Reorganisatie", kind="secret")
    closed = make_group(alice, "Directie", kind="closed")
    hidden = make_post(alice, "Geheim plan", group=secret)
    make_post(alice, "Besloten", group=closed)
    check_create_comment(alice, hidden, body="Niet naar buiten")
    assert receiver.requests == []
    assert not Delivery.objects.exists()
    profile_post = make_post(alice, "Voor iedereen")
    assert [r.payload["data"]["post_id"] for r in receiver.requests] == [
        profile_post.pk
    ]


@pytest.mark.parametrize("change", ["restricted", "withheld"])
def test_post_restricted_or_withheld_before_delivery_is_not_sent(
    admin, alice, make_webhook, receiver, django_capture_on_commit_callbacks, change
):
    from plein.posts.actions import check_create_post, do_withhold
    from plein.posts.models import Post

    webhook = make_webhook(admin, receiver.url)
    with django_capture_on_commit_callbacks(execute=False) as scheduled:
        post = check_create_post(alice, body="Toch niet voor iedereen")
    if change == "restricted":
        Post.objects.filter(pk=post.pk).update(is_restricted=True)
    else:
        do_withhold(post, "moderator")
    for callback in scheduled:
        callback()
    assert receiver.requests == []
    assert Delivery.objects.get(webhook=webhook).status == Delivery.Status.SKIPPED


def test_group_webhook_gets_only_its_own_group(
    alice, bob, make_group, make_post, make_webhook, receiver
):
    mine = make_group(alice, "Team A", kind="secret")
    other = make_group(bob, "Team B")
    webhook = make_webhook(alice, receiver.url, group=mine)
    make_post(bob, "Elders", group=other)
    make_post(alice, "Buiten groepen")
    inside = make_post(alice, "Binnen", group=mine)
    [received] = receiver.requests
    assert received.verify(webhook.secret)["data"]["post_id"] == inside.pk


def test_post_deleted_before_delivery_is_not_sent(
    admin, alice, make_webhook, receiver, django_capture_on_commit_callbacks
):
    from plein.posts.actions import check_create_post

    webhook = make_webhook(admin, receiver.url)
    with django_capture_on_commit_callbacks(execute=False) as scheduled:
        post = check_create_post(alice, body="Oeps, verkeerde tekst")
    do_delete_post(alice, access_post(alice, post.pk, for_delete=True))
    for callback in scheduled:
        callback()
    assert receiver.requests == []
    delivery = Delivery.objects.get(webhook=webhook)
    assert delivery.status == Delivery.Status.SKIPPED


def test_post_moved_into_secret_group_before_delivery_is_not_sent(
    admin, alice, make_group, make_webhook, receiver, django_capture_on_commit_callbacks
):
    from plein.groups.models import Group
    from plein.posts.actions import check_create_post

    make_webhook(admin, receiver.url)
    group = make_group(alice, "Eerst open")
    with django_capture_on_commit_callbacks(execute=False) as scheduled:
        check_create_post(alice, body="Open bericht", group=group)
    Group.objects.filter(pk=group.pk).update(kind="secret")
    for callback in scheduled:
        callback()
    assert receiver.requests == []


def test_retry_after_500_keeps_the_same_message_id(
    admin, alice, make_post, make_webhook, receiver
):
    receiver.statuses = [500]
    webhook = make_webhook(admin, receiver.url)
    make_post(alice, "Tweede keer goed")
    delivery = Delivery.objects.get(webhook=webhook)
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.next_attempt_at is not None
    # Not due yet: nothing is sent again.
    assert do_send_due_deliveries() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=6)):
        assert do_send_due_deliveries() == 1
    first, second = receiver.requests
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert first.verify(webhook.secret) == second.verify(webhook.secret)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SUCCEEDED
    assert [a.status_code for a in delivery.attempts.all()] == [500, 200]
    # The error answer is kept as a short excerpt only.
    assert len(delivery.attempts.first().response_excerpt) <= 200


def test_rotation_signs_with_both_secrets_during_the_grace_period(
    admin, make_webhook, receiver, django_capture_on_commit_callbacks
):
    webhook = make_webhook(admin, receiver.url)
    old = webhook.secret
    new = do_rotate_secret(webhook)
    with django_capture_on_commit_callbacks(execute=True):
        check_send_test_event(webhook)
    received = receiver.requests[-1]
    assert len(received.headers["webhook-signature"].split(" ")) == 2
    assert received.verify(old)["type"] == "webhook.test"
    assert received.verify(new)["type"] == "webhook.test"
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        with django_capture_on_commit_callbacks(execute=True):
            check_send_test_event(webhook)
        received = receiver.requests[-1]
        assert received.verify(new)["type"] == "webhook.test"
        with pytest.raises(WebhookVerificationError):
            received.verify(old)


def test_repeated_failures_disable_the_webhook_and_tell_its_creator(
    admin, alice, make_post, make_webhook, receiver
):
    receiver.always = 500
    webhook = make_webhook(admin, receiver.url)
    make_post(alice, "Komt nooit aan")
    delivery = Delivery.objects.get(webhook=webhook)
    for _retry in RETRY_DELAYS:
        delivery.refresh_from_db()
        due = delivery.next_attempt_at + datetime.timedelta(seconds=1)
        with time_machine.travel(due):
            do_send_due_deliveries()
    delivery.refresh_from_db()
    webhook.refresh_from_db()
    assert delivery.attempt_count == MAX_ATTEMPTS == len(receiver.requests)
    assert delivery.status == Delivery.Status.FAILED
    assert webhook.consecutive_failures >= DISABLE_AFTER_FAILURES
    assert not webhook.is_active
    notification = Notification.objects.get(recipient=admin, kind="webhook_disabled")
    assert build_notification_url(notification) == f"/webhooks/{webhook.pk}/"
    # Turned off: a new post is not even queued.
    make_post(alice, "Daarna")
    assert Delivery.objects.filter(webhook=webhook).count() == 1


def test_failures_within_a_day_do_not_disable(
    admin, alice, make_post, make_webhook, receiver
):
    receiver.always = 503
    webhook = make_webhook(admin, receiver.url)
    for n in range(DISABLE_AFTER_FAILURES + 2):
        make_post(alice, f"Bericht {n}")
    webhook.refresh_from_db()
    assert webhook.consecutive_failures == DISABLE_AFTER_FAILURES + 2
    assert webhook.is_active


def test_comments_and_memberships_follow_the_scope(
    admin,
    alice,
    bob,
    make_group,
    make_post,
    make_webhook,
    receiver,
    django_capture_on_commit_callbacks,
):
    open_group = make_group(alice, "Open")
    closed = make_group(alice, "Dicht", kind="closed")
    post = make_post(alice, "Vraag", group=open_group)
    webhook = make_webhook(
        admin,
        receiver.url,
        events=("comment.created", "group.member_added", "group.member_removed"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        comment = check_create_comment(bob, post, body="Antwoord")
    with django_capture_on_commit_callbacks(execute=True):
        do_add_member(open_group, bob)
        do_add_member(closed, bob)
    with django_capture_on_commit_callbacks(execute=True):
        do_remove_member(open_group, bob)
        do_remove_member(closed, bob)
    payloads = [r.verify(webhook.secret) for r in receiver.requests]
    assert [p["type"] for p in payloads] == [
        "comment.created",
        "group.member_added",
        "group.member_removed",
    ]
    assert payloads[0]["data"]["comment_id"] == comment.pk
    assert payloads[1]["data"]["person"] == {"id": bob.pk, "name": "Bob Jansen"}
    assert all(p["data"].get("group", {}).get("id") != closed.pk for p in payloads)


def test_private_address_is_refused_without_the_setting(
    admin, alice, make_post, make_webhook, receiver, settings
):
    webhook = make_webhook(admin, receiver.url)
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = False
    make_post(alice, "Naar binnen")
    assert receiver.requests == []
    attempt = DeliveryAttempt.objects.get(delivery__webhook=webhook)
    assert attempt.error == "address refused"
    assert attempt.status_code is None


def test_announcement_is_delivered_once(
    admin, alice, bob, make_group, make_post, make_webhook, receiver, run_on_commit
):
    from plein.announcements.actions import check_require_readers

    group = make_group(alice, "Iedereen", members=(bob,))
    secret = make_group(alice, "Bestuur", kind="secret", members=(bob,))
    webhook = make_webhook(admin, receiver.url, events=("announcement.published",))
    post = make_post(alice, "Lees dit", title="Nieuw beleid", group=group)
    hidden = make_post(alice, "Lees dit ook", group=secret)
    run_on_commit(check_require_readers, alice, post, people=[bob])
    run_on_commit(check_require_readers, alice, hidden, people=[bob])
    # Naming more readers later is the same announcement.
    run_on_commit(check_require_readers, alice, post, people=[admin])
    [received] = receiver.requests
    payload = received.verify(webhook.secret)
    assert payload["type"] == "announcement.published"
    assert payload["data"]["post_id"] == post.pk
    assert payload["data"]["title"] == "Nieuw beleid"


def test_a_killed_sender_is_taken_over_once_its_claim_runs_out(
    admin, make_webhook, receiver, django_capture_on_commit_callbacks
):
    from plein.channels.webhooks.actions import do_attempt_delivery

    webhook = make_webhook(admin, receiver.url)
    with django_capture_on_commit_callbacks(execute=False):
        delivery = check_send_test_event(webhook)
    # What a worker killed (kill -9) in the middle of the request leaves.
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENDING,
        attempt_count=1,
        claimed_until=now + datetime.timedelta(seconds=30),
    )
    # Its task run again while the claim holds: nothing is sent twice at once.
    assert do_attempt_delivery(delivery.pk) == Delivery.Status.SENDING
    assert do_send_due_deliveries() == 0
    with time_machine.travel(now + datetime.timedelta(seconds=31)):
        assert do_send_due_deliveries() == 1
    [received] = receiver.requests
    assert received.headers["webhook-id"] == delivery.message_id
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == ("succeeded", 2)
    # Done: a late duplicate of the task sends nothing.
    assert do_attempt_delivery(delivery.pk) == Delivery.Status.SUCCEEDED
    assert len(receiver.requests) == 1


def test_old_finished_deliveries_are_pruned(
    admin, alice, make_post, make_webhook, receiver
):
    from plein.channels.webhooks.actions import LOG_KEEP_DAYS, do_prune_deliveries

    webhook = make_webhook(admin, receiver.url)
    make_post(alice, "Oud")
    receiver.always = 500
    make_post(alice, "Wacht nog")
    later = timezone.now() + datetime.timedelta(days=LOG_KEEP_DAYS + 1)
    assert do_prune_deliveries(now=later) == 1
    # The one still waiting for a retry stays.
    assert Delivery.objects.get(webhook=webhook).status == Delivery.Status.PENDING


def test_post_released_after_being_held_back_is_sent_once(
    admin, alice, make_webhook, receiver, django_capture_on_commit_callbacks
):
    from plein.posts.actions import check_create_post, do_release, do_withhold

    webhook = make_webhook(admin, receiver.url)
    with django_capture_on_commit_callbacks(execute=False) as scheduled:
        post = check_create_post(alice, body="Even vastgehouden")
    do_withhold(post, "moderator")
    for callback in scheduled:
        callback()
    assert receiver.requests == []
    with django_capture_on_commit_callbacks(execute=True):
        do_release(post)
    [received] = receiver.requests
    assert received.verify(webhook.secret)["data"]["post_id"] == post.pk
    delivery = Delivery.objects.get(webhook=webhook)
    assert received.headers["webhook-id"] == delivery.message_id
    assert delivery.status == Delivery.Status.SUCCEEDED
