"""Notification e-mails: wording, links, headers, preferences and claiming."""

import email.policy

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from plein.groups.actions import check_leave_group
from plein.mail.addresses import parse_reply_address
from plein.mail.outbound import (
    build_unsubscribe_url,
    check_set_email_preference,
    do_send_notification_emails,
)
from plein.mail.tasks import send_notification_emails, send_pending_notification_emails
from plein.notifications.actions import check_set_preference, do_notify
from plein.notifications.models import Notification
from plein.people.actions import do_deactivate_person
from plein.people.models import User
from plein.posts.actions import check_create_comment, do_delete_post

pytestmark = pytest.mark.django_db(transaction=False)


def _set_language(person, language):
    User.objects.filter(pk=person.pk).update(language=language)
    person.language = language


def _html(message):
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


def test_mention_email_in_dutch(alice, bob, make_post, mailoutbox):
    post = make_post(alice, "Hoi @bob, kun je dit <b>lezen</b>?", title="Planning")
    [message] = mailoutbox
    assert message.to == [bob.email]
    assert message.subject == "Alice de Vries heeft je vermeld in Planning"
    post_url = settings.SITE_URL + reverse("posts:detail", args=[post.pk])
    assert post_url in message.body
    assert "Hoi @bob" in message.body
    html = _html(message)
    assert f'href="{post_url}"' in html
    # The author's text is escaped, never passed through as HTML.
    assert "<b>lezen</b>" not in html
    assert '<html lang="nl">' in html
    assert "Vermeldingen van mij" in message.body
    notification = Notification.objects.get(recipient=bob)
    assert notification.emailed_at is not None


# Frozen: the unsubscribe link is signed with a timestamp, and the test builds
# it again; a second boundary between the two would change it.
@time_machine.travel("2026-03-02 10:00 +01:00", tick=False)
def test_mention_email_in_english_with_headers(alice, bob, make_post, mailoutbox):
    _set_language(bob, "en")
    post = make_post(alice, "Hi @bob, see this", title="Planning")
    [message] = mailoutbox
    assert message.subject == "Alice de Vries mentioned you in Planning"
    assert "Mentions of me" in message.body
    assert '<html lang="en">' in _html(message)
    [reply_to] = message.reply_to
    target = parse_reply_address(reply_to)
    assert (target.user_id, target.post_id, target.comment_id) == (
        bob.pk,
        post.pk,
        None,
    )
    headers = message.message()
    unsubscribe_url = build_unsubscribe_url(bob.pk, "mention")
    assert headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["Auto-Submitted"] == "auto-generated"
    notification = Notification.objects.get(recipient=bob)
    assert headers["Message-ID"] == (
        f"<notification-{notification.pk}@{settings.MAIL_DOMAIN}>"
    )
    thread = f"<post-{post.pk}@{settings.MAIL_DOMAIN}>"
    assert headers["In-Reply-To"] == thread
    assert headers["References"] == thread
    assert unsubscribe_url in message.body
    assert unsubscribe_url in _html(message)
    # On the wire (SMTP policy) the URL stays readable, not RFC 2047-encoded.
    raw = message.message(policy=email.policy.SMTP).as_bytes()
    assert f"List-Unsubscribe: <{unsubscribe_url}>\r\n".encode() in raw


def test_excerpt_is_plain_text_escaped_once(alice, bob, make_post, mailoutbox):
    make_post(alice, "Hoi @bob: O'Brien & co **vet**")
    [message] = mailoutbox
    assert "O'Brien & co vet" in message.body
    assert "O&#x27;Brien &amp; co vet" in _html(message)


def test_reply_email_points_at_the_comment(
    alice, bob, make_post, run_on_commit, mailoutbox
):
    post = make_post(alice, "Wie gaat er mee?")
    run_on_commit(check_create_comment, bob, post, body="Ik ga mee")
    [message] = mailoutbox
    assert message.to == [alice.email]
    comment = post.comments.get()
    assert f"#comment-{comment.pk}" in message.body
    assert "Ik ga mee" in message.body
    target = parse_reply_address(message.reply_to[0])
    assert (target.post_id, target.comment_id) == (post.pk, comment.pk)


def test_reactions_do_not_mail_by_default_but_can_be_switched_on(
    alice, bob, make_post, mailoutbox
):
    post = make_post(alice, "Nieuws")
    do_notify([alice.pk], kind="reaction", key="r", actor_id=bob.pk, post_id=post.pk)
    assert do_send_notification_emails() == 0
    check_set_email_preference(alice, "reaction", email_enabled=True)
    assert do_send_notification_emails() == 1
    assert len(mailoutbox) == 1


def test_notification_can_ask_for_email_itself(alice, bob, mailoutbox):
    do_notify([alice.pk], kind="follower", key="f", actor_id=bob.pk)
    Notification.objects.filter(recipient=alice).update(wants_email=True)
    assert do_send_notification_emails() == 1
    assert mailoutbox[0].reply_to == []
    assert "List-Unsubscribe" in mailoutbox[0].extra_headers


def test_no_email_for_a_kind_turned_off(alice, bob, make_post, mailoutbox):
    check_set_email_preference(bob, "mention", email_enabled=False)
    make_post(alice, "Hoi @bob")
    assert Notification.objects.filter(recipient=bob).exists()
    assert mailoutbox == []


def test_no_email_when_the_kind_is_off_in_app(alice, bob, make_post, mailoutbox):
    check_set_preference(bob, "mention", is_enabled=False)
    make_post(alice, "Hoi @bob")
    assert mailoutbox == []


def test_no_email_for_a_deactivated_person(alice, bob, make_post, mailoutbox):
    post = make_post(alice, "Hoi")
    # Written without running the on-commit send, as if the task were queued.
    do_notify([bob.pk], kind="mention", key="m", actor_id=alice.pk, post_id=post.pk)
    do_deactivate_person(bob)
    assert send_pending_notification_emails.enqueue().return_value == 0
    assert mailoutbox == []


def test_no_email_about_a_post_deleted_before_sending(
    alice, bob, make_post, mailoutbox
):
    post = make_post(alice, "Hoi")
    do_notify([bob.pk], kind="mention", key="m", actor_id=alice.pk, post_id=post.pk)
    do_delete_post(alice, post)
    assert do_send_notification_emails() == 0
    assert mailoutbox == []
    assert Notification.objects.get(recipient=bob).emailed_at is None


def test_no_email_about_a_post_in_a_group_the_person_left(
    alice, bob, make_group, make_post, mailoutbox
):
    group = make_group(alice, "Directie", kind="closed", members=(bob,))
    post = make_post(alice, "Vertrouwelijk", group=group)
    do_notify([bob.pk], kind="mention", key="m", actor_id=alice.pk, post_id=post.pk)
    check_leave_group(bob, group)
    assert do_send_notification_emails() == 0
    assert mailoutbox == []


def test_claim_sends_each_email_once(alice, bob, make_post, mailoutbox):
    post = make_post(alice, "Hoi")
    do_notify([bob.pk], kind="mention", key="m", actor_id=alice.pk, post_id=post.pk)
    assert send_notification_emails.enqueue(key="m").return_value == 1
    assert send_notification_emails.enqueue(key="m").return_value == 0
    assert send_pending_notification_emails.enqueue().return_value == 0
    assert len(mailoutbox) == 1


def test_a_failed_send_is_released_for_the_next_run(
    alice, bob, make_post, mailoutbox, monkeypatch
):
    post = make_post(alice, "Hoi")
    do_notify([bob.pk], kind="mention", key="m", actor_id=alice.pk, post_id=post.pk)

    def fail(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", fail)
    assert do_send_notification_emails() == 0
    assert Notification.objects.get(recipient=bob).emailed_at is None
    monkeypatch.undo()
    assert do_send_notification_emails() == 1
    assert len(mailoutbox) == 1


def test_old_notifications_are_not_mailed(alice, bob, make_post, mailoutbox):
    post = make_post(alice, "Hoi")
    with time_machine.travel("2020-01-01 09:00 +0000"):
        do_notify([bob.pk], kind="mention", key="m", actor_id=alice.pk, post_id=post.pk)
    assert do_send_notification_emails() == 0
    assert mailoutbox == []
