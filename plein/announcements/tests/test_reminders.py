"""Reminders on working days (Dutch holidays respected), sent exactly once."""

import datetime
import zoneinfo

import pytest
import time_machine

from plein.access.membership import forget_memberships
from plein.access.roles import GroupKind
from plein.announcements.actions import check_confirm_reading
from plein.announcements.models import ReminderPolicy, RequiredReader
from plein.announcements.tasks import send_reading_reminders
from plein.announcements.workdays import add_working_days, is_working_day
from plein.groups.actions import do_remove_member
from plein.notifications.models import Notification

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def at(*args):
    return datetime.datetime(*args, tzinfo=AMS)


def reminders(user):
    return list(
        Notification.objects.filter(
            recipient=user, kind="reading_reminder"
        ).values_list("key", flat=True)
    )


def run_reminders(moment):
    with time_machine.travel(moment, tick=False):
        return send_reading_reminders.enqueue()


@pytest.fixture
def christmas_announcement(alice, bob, make_post, announce):
    # Friday 18 December 2026, 10:00: Christmas (Fri 25th) falls in between.
    with time_machine.travel(at(2026, 12, 18, 10, 0), tick=False):
        post = make_post(alice, "Lees voor de kerst")
        announce(alice, post, [bob])
    return post


def test_working_days_skip_weekends_and_dutch_holidays():
    assert not is_working_day(datetime.date(2026, 12, 25))
    assert not is_working_day(datetime.date(2027, 4, 27))  # King's Day
    assert not is_working_day(datetime.date(2026, 12, 19))  # Saturday
    # Monday before King's Day + 2 working days: Wednesday is the first.
    assert add_working_days(at(2027, 4, 26, 9, 30), 2) == at(2027, 4, 29, 9, 30)
    assert add_working_days(at(2026, 12, 18, 10, 0), 5) == at(2026, 12, 28, 10, 0)


def test_first_reminder_after_two_working_days_across_the_weekend(
    bob, christmas_announcement
):
    assert run_reminders(at(2026, 12, 22, 9, 59)).return_value == 0
    assert reminders(bob) == []
    assert run_reminders(at(2026, 12, 22, 10, 0)).return_value == 1
    assert reminders(bob) == [f"reminder:{christmas_announcement.pk}:1"]
    reader = RequiredReader.objects.get(user=bob)
    assert reader.reminders_sent == 1
    assert reader.last_reminded_at == at(2026, 12, 22, 10, 0)


def test_running_twice_sends_one_reminder(bob, christmas_announcement):
    run_reminders(at(2026, 12, 22, 11, 0))
    run_reminders(at(2026, 12, 22, 11, 0))
    run_reminders(at(2026, 12, 22, 12, 0))
    assert len(reminders(bob)) == 1


def test_second_reminder_skips_christmas(bob, christmas_announcement):
    run_reminders(at(2026, 12, 22, 11, 0))
    # Thursday 24th is the 4th working day, Christmas is a holiday.
    run_reminders(at(2026, 12, 25, 12, 0))
    assert len(reminders(bob)) == 1
    run_reminders(at(2026, 12, 28, 10, 0))
    assert sorted(reminders(bob)) == [
        f"reminder:{christmas_announcement.pk}:1",
        f"reminder:{christmas_announcement.pk}:2",
    ]


def test_missed_reminders_catch_up_with_one(bob, christmas_announcement):
    assert run_reminders(at(2027, 1, 5, 10, 0)).return_value == 1
    assert reminders(bob) == [f"reminder:{christmas_announcement.pk}:2"]
    assert RequiredReader.objects.get(user=bob).reminders_sent == 2


def test_confirmed_readers_get_no_reminder(bob, christmas_announcement):
    with time_machine.travel(at(2026, 12, 21, 9, 0), tick=False):
        check_confirm_reading(bob, christmas_announcement)
    run_reminders(at(2026, 12, 29, 10, 0))
    assert reminders(bob) == []


def test_disabled_policy_sends_nothing(bob, christmas_announcement):
    ReminderPolicy.objects.create(is_enabled=False)
    run_reminders(at(2026, 12, 29, 10, 0))
    assert reminders(bob) == []


def test_reader_who_lost_access_is_skipped(
    alice, bob, carol, make_group, make_post, announce
):
    group = make_group(alice, "Team", kind=GroupKind.CLOSED, members=(bob, carol))
    with time_machine.travel(at(2026, 12, 18, 10, 0), tick=False):
        post = make_post(alice, "Teamzaken", group=group)
        announce(alice, post, group_ids=[group.pk])
    do_remove_member(group, bob)
    forget_memberships(bob)
    run_reminders(at(2026, 12, 22, 10, 0))
    assert reminders(bob) == []
    assert len(reminders(carol)) == 1
