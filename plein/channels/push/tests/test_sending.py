"""Pushing notifications: encrypted, signed, wanted, visible, and once."""

from typing import Any

import pytest

from plein.channels.push.actions import (
    PushServiceUnavailable,
    check_set_push_preference,
    do_send_push_notifications,
)
from plein.channels.push.models import PushDelivery, PushSubscription
from plein.channels.push.tasks import schedule_pushes, send_push_notifications
from plein.channels.push.tests.conftest import check_vapid
from plein.notifications.actions import do_notify
from plein.notifications.kinds import notification_channels

pytestmark = pytest.mark.django_db


def _mention(run_on_commit: Any, post: Any, *recipients: Any, key: str = "m:1") -> None:
    run_on_commit(
        do_notify,
        [r.pk for r in recipients],
        kind="mention",
        key=key,
        actor_id=post.author_id,
        post=post,
    )


def test_push_registers_the_push_channel():
    assert notification_channels["push"] is schedule_pushes


def test_a_mention_arrives_encrypted_signed_and_in_the_readers_language(
    alice, bob, carol, make_post, run_on_commit, push_service, make_device
):
    bob.language = "en"
    bob.save(update_fields=["language"])
    bobs_phone, carols_laptop = make_device("bob"), make_device("carol")
    bobs_phone.subscribe(bob)
    carols_laptop.subscribe(carol)  # carol.language is Dutch, the default
    post = make_post(alice, "Planning voor maandag")

    _mention(run_on_commit, post, bob, carol)

    [to_bob] = push_service.for_endpoint("bob")
    check_vapid(to_bob, push_service.origin)
    assert int(to_bob.headers["ttl"]) > 0
    assert bobs_phone.decrypt(to_bob) == {
        "title": "Plein",
        "body": "Alice de Vries mentioned you in Planning voor maandag",
        "url": f"/posts/{post.pk}/",
        "tag": "plein:m:1",
        "lang": "en",
    }
    [to_carol] = push_service.for_endpoint("carol")
    pushed = carols_laptop.decrypt(to_carol)
    assert pushed["body"] == "Alice de Vries heeft je vermeld in Planning voor maandag"
    assert pushed["lang"] == "nl"
    assert PushSubscription.objects.get(user=bob).last_pushed_at is not None


def test_every_device_of_a_person_gets_the_push(
    alice, bob, make_post, run_on_commit, push_service, make_device
):
    phone, laptop = make_device("phone"), make_device("laptop")
    phone.subscribe(bob)
    laptop.subscribe(bob)
    _mention(run_on_commit, make_post(alice, "Planning"), bob)
    assert phone.decrypt(push_service.for_endpoint("phone")[0])["url"]
    assert laptop.decrypt(push_service.for_endpoint("laptop")[0])["url"]


def test_nothing_is_pushed_about_a_post_the_reader_can_no_longer_see(
    alice,
    bob,
    make_group,
    make_post,
    push_service,
    make_device,
    django_capture_on_commit_callbacks,
):
    from plein.groups.actions import do_remove_member

    make_device("bob").subscribe(bob)
    group = make_group(alice, "Fusie", kind="closed", members=(bob,))
    post = make_post(alice, "Vertrouwelijk: de fusie", group=group)
    with django_capture_on_commit_callbacks() as pending:
        _mention(lambda f, *a, **k: f(*a, **k), post, bob, key="m:secret")
    # Bob leaves the group after the notification was written and before
    # the push goes out.
    do_remove_member(group, bob)
    for callback in pending:
        callback()
    assert push_service.received == []
    assert not PushDelivery.objects.exists()


def test_nothing_is_pushed_about_a_deleted_comment(
    alice, bob, make_post, run_on_commit, push_service, make_device
):
    from plein.posts.actions import check_create_comment, do_delete_comment

    make_device("bob").subscribe(bob)
    post = make_post(alice, "Planning")
    comment = run_on_commit(check_create_comment, alice, post, body="Kijk even")
    do_delete_comment(alice, comment)
    run_on_commit(
        do_notify,
        [bob.pk],
        kind="mention",
        key="m:comment",
        actor_id=alice.pk,
        post=post,
        target=comment,
    )
    assert push_service.for_endpoint("bob") == []


def test_a_subscription_the_push_service_no_longer_knows_is_removed(
    alice, bob, make_post, run_on_commit, push_service, make_device
):
    make_device("bob").subscribe(bob)
    push_service.answer("bob", 410)
    _mention(run_on_commit, make_post(alice, "Planning"), bob)
    assert len(push_service.for_endpoint("bob")) == 1
    assert not PushSubscription.objects.filter(user=bob).exists()


def test_a_kind_switched_off_is_not_pushed(
    alice, bob, make_post, run_on_commit, push_service, make_device
):
    make_device("bob").subscribe(bob)
    check_set_push_preference(bob, "mention", is_enabled=False)
    _mention(run_on_commit, make_post(alice, "Planning"), bob)
    assert push_service.received == []
    # Still there in Plein itself.
    assert bob.notifications.filter(kind="mention").exists()


def test_a_kind_not_pushed_by_default_is_pushed_once_chosen(
    alice, bob, carol, make_post, run_on_commit, push_service, make_device
):
    from plein.posts.actions import check_react

    make_device("alice").subscribe(alice)
    post = make_post(alice, "Nieuws")
    run_on_commit(check_react, bob, post=post, kind="like")
    assert push_service.received == []
    check_set_push_preference(alice, "reaction", is_enabled=True)
    run_on_commit(check_react, carol, post=post, kind="like")
    assert len(push_service.for_endpoint("alice")) == 1


def test_retries_push_each_notification_to_each_device_once(
    alice, bob, make_post, run_on_commit, push_service, make_device
):
    phone, laptop = make_device("phone"), make_device("laptop")
    phone.subscribe(bob)
    laptop.subscribe(bob)
    # The laptop's push service fails once, then recovers.
    push_service.answer("laptop", 503, 201)
    post = make_post(alice, "Planning")
    _mention(run_on_commit, post, bob, key="m:retry")
    assert len(push_service.for_endpoint("phone")) == 1
    assert len(push_service.for_endpoint("laptop")) == 1  # the failed one

    # The task failed and is run again (as the queue does, with back-off).
    assert send_push_notifications.call(key="m:retry", recipient_ids=[bob.pk]) == 1
    # And once more, as a worker that died would have it.
    assert send_push_notifications.call(key="m:retry", recipient_ids=[bob.pk]) == 0

    assert len(push_service.for_endpoint("phone")) == 1
    assert len(push_service.for_endpoint("laptop")) == 2
    assert laptop.decrypt(push_service.for_endpoint("laptop")[1])["url"] == (
        f"/posts/{post.pk}/"
    )


def test_a_failing_push_service_fails_the_run_so_it_is_retried(
    alice, bob, make_post, push_service, make_device, run_on_commit
):
    make_device("bob").subscribe(bob)
    push_service.answer("bob", 500)
    post = make_post(alice, "Planning")
    # Written without running the channel's task: the action is run by hand.
    do_notify([bob.pk], kind="mention", key="m:down", actor_id=alice.pk, post=post)
    with pytest.raises(PushServiceUnavailable):
        do_send_push_notifications(key="m:down", recipient_ids=[bob.pk])
    assert not PushDelivery.objects.exists()  # released for the retry


def test_no_task_is_queued_for_people_without_a_device(
    alice, bob, make_post, django_capture_on_commit_callbacks
):
    post = make_post(alice, "Planning")
    with django_capture_on_commit_callbacks() as pending:
        do_notify([bob.pk], kind="mention", key="m:none", actor_id=alice.pk, post=post)
    names = [getattr(c, "func", c) for c in pending]
    assert send_push_notifications.enqueue not in names


def test_pruning_forgets_old_claims_and_expired_devices(
    alice, bob, make_post, run_on_commit, push_service, make_device
):
    from datetime import timedelta

    from django.utils import timezone

    from plein.channels.push.tasks import prune_push_deliveries

    make_device("bob").subscribe(bob)
    expired = make_device("alice").subscribe(alice)
    _mention(run_on_commit, make_post(alice, "Planning"), bob)
    PushSubscription.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert prune_push_deliveries.call() == 1  # the expired device
    PushDelivery.objects.update(created_at=timezone.now() - timedelta(days=3))
    assert prune_push_deliveries.call() == 1
    assert list(PushSubscription.objects.values_list("user_id", flat=True)) == [bob.pk]
