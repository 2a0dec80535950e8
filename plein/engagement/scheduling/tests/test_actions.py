"""Scheduling, publishing on time, idempotence and refusals at publish time."""

from datetime import timedelta

import pytest
from django.utils import timezone

from plein.core.errors import Conflict, Forbidden, InvalidInput
from plein.engagement.scheduling.actions import (
    check_cancel_scheduled,
    check_publish_scheduled_now,
    check_save_scheduled,
    do_publish_due,
    do_publish_scheduled,
)
from plein.engagement.scheduling.models import ScheduledPost, State
from plein.notifications.models import Notification
from plein.posts.models import Post

pytestmark = pytest.mark.django_db


def test_scheduling_writes_no_post_and_publishes_at_its_time(alice, schedule, soon):
    item = schedule(alice, {"body": "See you at the summer party"})
    assert item.state == State.SCHEDULED
    assert item.publish_at == soon
    assert item.kind == "update"
    assert item.text == "See you at the summer party"
    assert not Post.objects.exists()
    # Before its time the job leaves it alone.
    assert do_publish_due(now=soon - timedelta(minutes=1)) == 0
    assert not Post.objects.exists()
    published_at = soon + timedelta(seconds=30)
    assert do_publish_due(now=published_at) == 1
    item.refresh_from_db()
    post = Post.objects.get()
    assert item.state == State.PUBLISHED
    assert item.post == post
    assert item.published_at == published_at
    assert post.author == alice
    assert post.body == "See you at the summer party"
    # Written when published, not when scheduled.
    assert post.created_at >= item.created_at


def test_running_the_job_twice_publishes_once(alice, schedule, publish_due):
    item = schedule(alice, {"body": "Only once"})
    assert publish_due() == 1
    assert publish_due() == 0
    assert (
        do_publish_scheduled(item.pk, now=timezone.now() + timedelta(hours=3)) is None
    )
    assert Post.objects.filter(body="Only once").count() == 1


def test_a_crash_before_commit_leaves_it_scheduled(alice, schedule, soon, monkeypatch):
    from plein.engagement.scheduling import actions

    item = schedule(alice, {"body": "Survives a crash"})

    def crash(*args, **kwargs):
        raise RuntimeError("killed")

    monkeypatch.setattr(actions, "do_mark_published", crash)
    # The job logs the error and counts the attempt; the claim rolled back.
    assert do_publish_due(now=soon + timedelta(minutes=1)) == 0
    item.refresh_from_db()
    assert item.state == State.SCHEDULED
    assert item.attempts == 1
    assert not Post.objects.filter(body="Survives a crash").exists()
    monkeypatch.undo()
    assert do_publish_due(now=soon + timedelta(minutes=2)) == 1
    assert Post.objects.filter(body="Survives a crash").count() == 1


def test_repeated_crashes_fail_the_item_and_tell_the_author(
    alice, schedule, soon, monkeypatch
):
    from plein.engagement.scheduling import actions

    item = schedule(alice, {"body": "Always breaks"})
    monkeypatch.setattr(
        actions, "_publish_as", lambda *a: (_ for _ in ()).throw(RuntimeError("x"))
    )
    for minute in range(actions.MAX_ATTEMPTS):
        do_publish_due(now=soon + timedelta(minutes=minute + 1))
    item.refresh_from_db()
    assert item.state == State.FAILED
    assert Notification.objects.filter(
        recipient=alice, kind="scheduled_failed"
    ).exists()


def test_leaving_the_group_fails_it_and_notifies_the_author(
    alice, bob, make_group, schedule, publish_due, run_on_commit
):
    from plein.groups.actions import do_remove_member

    group = make_group(bob, "Bakery", "closed", members=(alice,))
    item = schedule(alice, {"body": "For the bakers", "group": str(group.pk)})
    assert item.group == group
    run_on_commit(do_remove_member, group, alice)
    assert publish_due() == 0
    item.refresh_from_db()
    assert item.state == State.FAILED
    assert item.failure_reason
    assert not Post.objects.filter(body="For the bakers").exists()
    note = Notification.objects.get(recipient=alice, kind="scheduled_failed")
    assert note.target_id == item.pk
    # Nobody else hears of it.
    assert not Notification.objects.filter(recipient=bob).exists()


def test_a_deactivated_author_fails_with_a_reason(
    alice, schedule, publish_due, run_on_commit
):
    from plein.people.actions import do_deactivate_person

    item = schedule(alice, {"body": "Never goes out"})
    run_on_commit(do_deactivate_person, alice)
    publish_due()
    item.refresh_from_db()
    assert item.state == State.FAILED
    assert "no longer active" in item.failure_reason
    assert not Post.objects.exists()


def test_leak_prevention_refuses_at_schedule_time(alice, schedule):
    # A valid Dutch citizen service number (BSN) in the text.
    with pytest.raises(InvalidInput) as refused:
        schedule(alice, {"body": "Mijn BSN is 111222333, graag verwerken"})
    assert refused.value.field in ("body", "justification")
    assert not ScheduledPost.objects.exists()
    assert not Post.objects.exists()


def test_leak_found_at_publish_time_fails_the_item(alice, schedule, publish_due):
    from plein.engagement.scheduling import actions

    # Saved as a draft (no checks), then scheduled through the job's path
    # without the dry run: as if a term was added to leak prevention later.
    item = schedule(alice, {"body": "Mijn BSN is 111222333"}, at=None)
    ScheduledPost.objects.filter(pk=item.pk).update(
        state=State.SCHEDULED, publish_at=timezone.now() + timedelta(minutes=5)
    )
    publish_due()
    item.refresh_from_db()
    assert item.state == State.FAILED
    assert item.failure_reason
    assert not Post.objects.exists()
    assert actions.MAX_ATTEMPTS > 1


def test_publish_at_must_be_ahead_and_within_a_year(alice):
    now = timezone.now()
    for when in (now - timedelta(minutes=1), now + timedelta(days=400), None):
        with pytest.raises(InvalidInput) as error:
            check_save_scheduled(
                alice, source="post", data={"body": "x"}, schedule=True, publish_at=when
            )
        assert error.value.field == "publish_at"


def test_unknown_source_and_empty_draft_are_refused(alice):
    with pytest.raises(InvalidInput) as error:
        check_save_scheduled(alice, source="nope", data={"body": "x"}, schedule=False)
    assert error.value.field == "source"
    with pytest.raises(InvalidInput) as error:
        check_save_scheduled(alice, source="post", data={"body": " "}, schedule=False)
    assert error.value.field == "body"


def test_a_draft_is_not_published_by_the_job(alice, schedule, publish_due):
    item = schedule(alice, {"body": "Still thinking"}, at=None)
    assert item.state == State.DRAFT
    assert publish_due() == 0
    assert not Post.objects.exists()


def test_cancel_stops_it_and_only_the_author_may(alice, bob, schedule, publish_due):
    item = schedule(alice, {"body": "Maybe not"})
    with pytest.raises(Forbidden):
        check_cancel_scheduled(bob, item)
    check_cancel_scheduled(alice, item)
    assert item.state == State.CANCELLED
    assert publish_due() == 0
    with pytest.raises(Conflict):
        check_cancel_scheduled(alice, item)


def test_publish_now_publishes_once(alice, schedule, run_on_commit):
    item = schedule(alice, {"body": "Right now"})
    post = run_on_commit(check_publish_scheduled_now, alice, item)
    item.refresh_from_db()
    assert item.state == State.PUBLISHED
    assert item.post == post
    with pytest.raises(Forbidden):
        check_publish_scheduled_now(alice, item)


def test_announcement_keeps_its_required_readers(alice, bob, schedule, publish_due):
    from plein.announcements.models import RequiredReader

    item = schedule(
        alice,
        {"title": "New policy", "body": "Please read", "required_readers": "bob"},
    )
    assert item.is_announcement
    assert not RequiredReader.objects.exists()
    assert publish_due() == 1
    post = Post.objects.get(title="New policy")
    assert RequiredReader.objects.filter(announcement__post=post, user=bob).exists()


def test_poll_is_scheduled_and_published_as_a_poll(alice, schedule, publish_due):
    from plein.engagement.polls.models import Poll

    item = schedule(
        alice,
        {
            "question": "Lunch where?",
            "options": "Canteen\nPark",
            "results_shown": "live",
        },
        source="poll",
    )
    assert item.kind == "poll"
    assert not Poll.objects.exists()
    assert publish_due() == 1
    poll = Poll.objects.get()
    assert poll.post.body == "Lunch where?"
    assert [o.text for o in poll.options.order_by("position")] == ["Canteen", "Park"]


def test_kudos_limits_are_checked_at_publish_time(
    alice, bob, admin, schedule, publish_due, settings, run_on_commit
):
    from plein.engagement.kudos.actions import check_create_value
    from plein.engagement.kudos.models import Kudos

    settings.KUDOS_MAX_PER_PERIOD = 1
    value = run_on_commit(
        check_create_value, admin, name_nl="Samen", name_en="Together"
    )
    data = {"people": "@bob", "value": str(value.pk), "body": "Thanks for the help!"}
    first = schedule(alice, data, source="kudos")
    second = schedule(alice, {**data, "body": "And again!"}, source="kudos")
    assert first.kind == "kudos"
    # Both passed the dry run; only one fits in the period when published.
    publish_due()
    first.refresh_from_db()
    second.refresh_from_db()
    assert Kudos.objects.count() == 1
    assert first.state == State.PUBLISHED
    assert second.state == State.FAILED
    assert Notification.objects.filter(
        recipient=alice, kind="scheduled_failed"
    ).exists()
