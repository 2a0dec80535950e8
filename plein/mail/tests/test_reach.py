"""Reaching the readers of a mail that became a post without e-mailing them.

Required readers are told in Plein and find the post in their next daily
summary; reminders go into that summary too. The sender gets one
explaining e-mail, the first time; later links wait in their summary.
Each e-mail Plein sends about such a post is counted for the report.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from plein.announcements.actions import check_confirm_reading
from plein.announcements.tasks import send_reading_reminders
from plein.mail.models import SentMail
from plein.mail.tasks import send_daily_digests
from plein.mail.tests.test_gateway import build_mail, receive
from plein.notifications.actions import check_set_email_preference
from plein.notifications.models import Notification
from plein.posts.models import Post

pytestmark = pytest.mark.django_db

# Monday 16 November 2026, 10:00 in Amsterdam; summaries go at 07:00.
SENT = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
TUESDAY_SUMMARY = datetime(2026, 11, 17, 6, 0, tzinfo=UTC)
WEDNESDAY_SUMMARY = datetime(2026, 11, 18, 6, 0, tzinfo=UTC)
REMINDER_DUE = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
THURSDAY_SUMMARY = datetime(2026, 11, 19, 6, 0, tzinfo=UTC)
FRIDAY_SUMMARY = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
READERS = ["bob@plein.test", "carol@plein.test", "dirk@plein.test", "erik@plein.test"]


@pytest.fixture
def colleagues(team: list, make_person: Callable[..., Any]) -> list:
    return [*team, make_person("Erik Eikema", email="erik@plein.test")]


def _mail(n: int) -> bytes:
    return build_mail(
        "alice@plein.test",
        READERS,
        subject=f"Planning week {n}",
        message_id=f"<week-{n}@plein.test>",
    )


def _inbox(mailoutbox: list, address: str) -> list:
    return [m for m in mailoutbox if m.to == [address]]


def test_readers_are_told_in_plein_and_in_the_next_summary_not_by_mail(
    colleagues: list, run_on_commit: Callable[..., Any], mailoutbox: list
) -> None:
    with time_machine.travel(SENT, tick=False):
        receive(_mail(1), run_on_commit)
    post = Post.objects.get()
    told = Notification.objects.filter(kind="mail_to_read", post=post)
    assert set(told.values_list("recipient__email", flat=True)) == set(READERS)
    # Only the sender hears by e-mail, once, with what happened explained.
    [confirmation] = mailoutbox
    assert confirmation.to == ["alice@plein.test"]
    assert "[open]" in confirmation.body

    mailoutbox.clear()
    with time_machine.travel(TUESDAY_SUMMARY, tick=False):
        send_daily_digests.enqueue()
    for address in READERS:
        [summary] = _inbox(mailoutbox, address)
        assert "Planning week 1" in summary.body
    # The sender's link was e-mailed already: no summary for her.
    assert not _inbox(mailoutbox, "alice@plein.test")
    counted = list(SentMail.objects.values_list("kind", flat=True))
    assert sorted(counted) == ["confirmation"] + ["digest"] * 4


def test_the_second_mail_brings_the_sender_no_mail_but_a_summary_line(
    colleagues: list, run_on_commit: Callable[..., Any], mailoutbox: list
) -> None:
    with time_machine.travel(SENT, tick=False):
        receive(_mail(1), run_on_commit)
        receive(_mail(2), run_on_commit)
    assert len(_inbox(mailoutbox, "alice@plein.test")) == 1
    mailoutbox.clear()
    # Her own links alone bring no summary ...
    with time_machine.travel(TUESDAY_SUMMARY, tick=False):
        send_daily_digests.enqueue()
    assert not _inbox(mailoutbox, "alice@plein.test")
    # ... they ride along in the next one that has news for her.
    to_alice = ["alice@plein.test", *READERS[1:]]
    with time_machine.travel(TUESDAY_SUMMARY, tick=False):
        receive(
            build_mail(
                "bob@plein.test", to_alice, subject="Rooster", message_id="<r@x>"
            ),
            run_on_commit,
        )
    with time_machine.travel(WEDNESDAY_SUMMARY, tick=False):
        send_daily_digests.enqueue()
    [summary] = _inbox(mailoutbox, "alice@plein.test")
    assert "Rooster" in summary.body
    assert "Planning week 2" in summary.body
    assert "Planning week 1" not in summary.body


def test_what_was_read_in_plein_is_not_mailed_again(
    colleagues: list, run_on_commit: Callable[..., Any], mailoutbox: list
) -> None:
    bob = colleagues[1]
    with time_machine.travel(SENT, tick=False):
        receive(_mail(1), run_on_commit)
        check_confirm_reading(bob, Post.objects.get())
    mailoutbox.clear()
    with time_machine.travel(TUESDAY_SUMMARY, tick=False):
        send_daily_digests.enqueue()
    assert not _inbox(mailoutbox, "bob@plein.test")
    assert len(_inbox(mailoutbox, "carol@plein.test")) == 1


def test_reminders_ride_along_in_the_summary_not_in_a_mail_each(
    colleagues: list, run_on_commit: Callable[..., Any], mailoutbox: list
) -> None:
    with time_machine.travel(SENT, tick=False):
        receive(_mail(1), run_on_commit)
    with time_machine.travel(TUESDAY_SUMMARY, tick=False):
        send_daily_digests.enqueue()
    mailoutbox.clear()
    # Wednesday: nothing new, so no summary; the reminder is due at 11:00:
    # in Plein, not by e-mail, and it brings no summary of its own.
    with time_machine.travel(WEDNESDAY_SUMMARY, tick=False):
        send_daily_digests.enqueue()
    with time_machine.travel(REMINDER_DUE, tick=False):
        assert send_reading_reminders.enqueue().return_value == 4
    reminder = Notification.objects.filter(
        kind="mail_to_read", key__startswith="reminder:"
    )
    assert reminder.count() == 4
    with time_machine.travel(THURSDAY_SUMMARY, tick=False):
        send_daily_digests.enqueue()
    assert not mailoutbox
    # The next summary that goes out for news still lists it.
    with time_machine.travel(THURSDAY_SUMMARY, tick=False):
        receive(_mail(2), run_on_commit)
    with time_machine.travel(FRIDAY_SUMMARY, tick=False):
        send_daily_digests.enqueue()
    [summary] = _inbox(mailoutbox, "bob@plein.test")
    assert "Planning week 1" in summary.body
    assert "Planning week 2" in summary.body


def test_a_person_may_ask_for_each_such_post_by_mail_at_once(
    colleagues: list, run_on_commit: Callable[..., Any], mailoutbox: list
) -> None:
    bob = colleagues[1]
    check_set_email_preference(bob, "mail_to_read", email_enabled=True)
    with time_machine.travel(SENT, tick=False):
        receive(_mail(1), run_on_commit)
    [instant] = _inbox(mailoutbox, "bob@plein.test")
    assert "Planning week 1" in instant.subject
    assert "notification" in SentMail.objects.values_list("kind", flat=True)
