"""The e-mail channel of notifications, registered by plein.mail."""

import pytest

from plein.mail.tasks import schedule_notification_emails
from plein.notifications.actions import do_notify
from plein.notifications.kinds import notification_channels, register_channel
from plein.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_mail_registers_the_email_channel():
    assert notification_channels["email"] is schedule_notification_emails


def test_notifications_are_mailed_through_the_channel_once(
    alice, bob, make_post, run_on_commit, mailoutbox
):
    post = make_post(alice, "Planning")
    run_on_commit(
        do_notify, [bob.pk], kind="mention", key="m:1", actor_id=alice.pk, post=post
    )
    run_on_commit(
        do_notify, [bob.pk], kind="mention", key="m:1", actor_id=alice.pk, post=post
    )
    assert len(mailoutbox) == 1
    assert Notification.objects.get(recipient=bob).emailed_at is not None


def test_without_the_channel_nothing_is_mailed_at_once(
    alice, bob, make_post, run_on_commit, mailoutbox
):
    post = make_post(alice, "Planning")
    notification_channels.unregister("email")
    try:
        run_on_commit(
            do_notify,
            [bob.pk],
            kind="mention",
            key="m:1",
            actor_id=alice.pk,
            post=post,
        )
    finally:
        register_channel("email", schedule_notification_emails)
    assert mailoutbox == []


def test_many_reactions_send_no_email_by_default(
    alice, make_person, make_post, run_on_commit, mailoutbox
):
    from plein.posts.actions import check_react

    post = make_post(alice, "Nieuws")
    for _ in range(3):
        run_on_commit(check_react, make_person(), post=post, kind="like")
    assert Notification.objects.filter(recipient=alice, kind="reaction").count() == 3
    assert mailoutbox == []
