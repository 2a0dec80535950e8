"""Creating events, answering with a waiting list, inviting and reminding."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from plein.core.errors import Forbidden, InvalidInput
from plein.engagement.events.actions import (
    EventDetails,
    check_create_event,
    do_send_due_reminders,
)
from plein.engagement.events.models import EVENT, Invitation, Rsvp
from plein.notifications.models import Notification
from plein.posts.models import Post

from .conftest import at

pytestmark = pytest.mark.django_db


def test_event_is_announced_as_a_post_of_kind_event_in_its_group(
    alice, bob, make_group, plan
):
    group = make_group(alice, "Sociëteit", members=(bob,))
    event = plan(alice, "Kerstborrel", group=group, capacity=20)
    post = Post.objects.get(pk=event.pk)
    assert post.kind == EVENT and post.group_id == group.pk
    assert post.title == "Kerstborrel"
    assert event.capacity == 20 and event.last_ends_at == event.ends_at


def test_recurring_event_stores_its_rule_and_last_end(alice, plan, frozen):
    start = at(2028, 3, 13, 10, 0)
    event = plan(alice, starts_at=start, repeat="WEEKLY", repeat_count=3)
    assert event.rrule == "FREQ=WEEKLY;COUNT=3"
    # Two Mondays later, still 12:00 on the wall clock (after DST began).
    assert event.last_ends_at == at(2028, 3, 27, 12, 0)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": at(2028, 1, 1, 9)}, "ends_at"),
        ({"location": ""}, "location"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"capacity": 0}, "capacity"),
        ({"repeat": "DAILY"}, "repeat"),
        ({"repeat": "WEEKLY", "repeat_count": None}, "repeat_count"),
        ({"repeat": "WEEKLY", "repeat_count": 500}, "repeat_count"),
    ],
)
def test_bad_event_input_names_the_field(alice, changes, field, frozen):
    details = {
        "starts_at": at(2028, 1, 1, 10),
        "ends_at": at(2028, 1, 1, 12),
        "location": "Zaal 1",
        **changes,
    }
    with pytest.raises(InvalidInput) as error:
        check_create_event(alice, EventDetails(**details), title="Overleg")
    assert error.value.field == field
    assert not Post.objects.filter(kind=EVENT).exists()


def test_naive_times_are_refused(alice, frozen):
    from datetime import datetime

    details = EventDetails(
        starts_at=datetime(2028, 1, 1, 10),  # noqa: DTZ001 - the point
        ends_at=datetime(2028, 1, 1, 12),  # noqa: DTZ001
        location="Zaal 1",
    )
    with pytest.raises(InvalidInput) as error:
        check_create_event(alice, details, title="Overleg")
    assert error.value.field == "starts_at"


def test_outsider_cannot_plan_an_event_in_a_group(alice, bob, make_group, frozen):
    group = make_group(alice, "Kern", kind="closed")
    details = EventDetails(
        starts_at=at(2028, 1, 1, 10), ends_at=at(2028, 1, 1, 12), location="A"
    )
    with pytest.raises(Forbidden):
        check_create_event(bob, details, title="Stiekem", group=group)


def test_yes_beyond_capacity_waits_and_moves_up_when_someone_cancels(
    alice, bob, carol, make_person, plan, rsvp
):
    dave = make_person("Dave Dekker")
    event = plan(alice, capacity=2)
    assert rsvp(bob, event).is_going
    assert rsvp(carol, event).is_going
    waiting = rsvp(dave, event)
    assert waiting.is_waiting and not waiting.is_going
    rsvp(bob, event, "no")
    assert Rsvp.objects.get(event=event, user=dave).is_going
    told = Notification.objects.get(recipient=dave, kind="event_promoted")
    assert told.post_id == event.pk
    going = Rsvp.objects.filter(event=event, answer="yes", is_waiting=False)
    assert going.count() == 2


def test_maybe_takes_no_place_and_same_answer_twice_changes_nothing(
    alice, bob, carol, plan, rsvp
):
    event = plan(alice, capacity=1)
    rsvp(bob, event, "maybe")
    assert rsvp(carol, event).is_going
    first = rsvp(carol, event).answered_at
    assert Rsvp.objects.get(event=event, user=carol).answered_at == first
    # Carol's "maybe" frees the place, but nobody waits for it.
    rsvp(carol, event, "maybe")
    assert not Rsvp.objects.filter(event=event, answer="yes").exists()


def test_reminder_goes_once_to_those_going_the_day_before(
    alice, bob, carol, make_person, plan, rsvp
):
    dave = make_person("Dave Dekker")
    event = plan(alice, starts_at=timezone.now() + timedelta(hours=20), capacity=1)
    rsvp(bob, event)
    rsvp(carol, event)  # waiting
    rsvp(dave, event, "maybe")
    do_send_due_reminders()
    do_send_due_reminders()  # idempotent: the key names the occurrence
    reminded = Notification.objects.filter(kind="event_reminder")
    assert list(reminded.values_list("recipient_id", flat=True)) == [bob.pk]


def test_no_reminder_two_days_ahead_and_each_occurrence_of_a_series(
    alice, bob, plan, rsvp
):
    now = timezone.now()
    event = plan(
        alice, starts_at=now + timedelta(days=2), repeat="WEEKLY", repeat_count=3
    )
    rsvp(bob, event)
    do_send_due_reminders(now)
    assert not Notification.objects.filter(kind="event_reminder").exists()
    do_send_due_reminders(now + timedelta(days=1, hours=1))
    do_send_due_reminders(now + timedelta(days=1, hours=2))
    do_send_due_reminders(now + timedelta(days=8, hours=1))
    keys = set(
        Notification.objects.filter(kind="event_reminder").values_list("key", flat=True)
    )
    assert len(keys) == 2


def test_inviting_a_group_notifies_and_mails_a_calendar_request_once(
    alice, bob, carol, make_group, plan, run_on_commit
):
    from django.db import transaction

    from plein.engagement.events.actions import check_invite_group

    group = make_group(alice, "Team", members=(bob, carol))
    event = plan(alice, group=group)
    mail.outbox.clear()

    def invite():
        with transaction.atomic():
            return check_invite_group(alice, event, group)

    assert run_on_commit(invite) == 2
    assert run_on_commit(invite) == 0
    assert Invitation.objects.filter(event=event, sent_at__isnull=False).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == [bob.email, carol.email]
    message = mail.outbox[0].message()
    calendar_parts = [
        p for p in message.walk() if p.get_content_type() == "text/calendar"
    ]
    assert calendar_parts and calendar_parts[0].get_param("method") == "REQUEST"
    assert Notification.objects.filter(kind="event_invite").count() == 2
    # The invitation notification itself is never e-mailed: the request is.
    assert len(mail.outbox) == 2


def test_only_the_organiser_or_a_group_admin_invites(alice, bob, make_group, plan):
    from plein.engagement.events.actions import check_invite_group

    group = make_group(alice, "Team", members=(bob,))
    event = plan(alice, group=group)
    with pytest.raises(Forbidden):
        check_invite_group(bob, event, group)
