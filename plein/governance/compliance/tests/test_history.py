"""Membership history and who could read a post at a moment in the past."""

from datetime import timedelta

import pytest
from django.utils import timezone

from plein.governance.compliance.history import members_at, readers_at
from plein.governance.compliance.models import MembershipPeriod
from plein.groups.actions import (
    check_leave_group,
    check_set_group_role,
    do_add_member,
)


@pytest.fixture
def clock(monkeypatch):
    """A controllable timezone.now for the history code and the actions."""
    state = {"now": timezone.now()}

    def now():
        return state["now"]

    def advance(**delta):
        state["now"] += timedelta(**delta)
        return state["now"]

    monkeypatch.setattr(timezone, "now", now)
    return advance


def test_periods_follow_join_role_change_and_leave(alice, bob, make_group):
    group = make_group(alice, "Team", kind="closed")
    do_add_member(group, bob)
    check_set_group_role(alice, group, bob, role="admin")
    check_leave_group(bob, group)
    periods = list(
        MembershipPeriod.objects.filter(group_id=group.pk, user_id=bob.pk).order_by(
            "id"
        )
    )
    assert [p.role for p in periods] == ["member", "admin"]
    assert all(p.ended_at is not None for p in periods)
    assert periods[0].ended_at == periods[1].started_at
    assert (
        MembershipPeriod.objects.get(
            group_id=group.pk, user_id=alice.pk, ended_at__isnull=True
        ).role
        == "admin"
    )


def test_readers_of_a_closed_group_post_across_join_and_leave(
    alice, bob, carol, make_group, make_post, clock
):
    group = make_group(alice, "Geheim", kind="closed", members=(bob,))
    clock(minutes=1)
    post = make_post(alice, "Alleen voor ons", group=group)
    t_before_carol = clock(minutes=1)
    clock(minutes=1)
    do_add_member(group, carol)
    t_with_carol = clock(minutes=1)
    clock(minutes=1)
    check_leave_group(bob, group)
    t_after_bob = clock(minutes=1)

    assert readers_at(post, t_before_carol) == {alice.pk, bob.pk}
    assert readers_at(post, t_with_carol) == {alice.pk, bob.pk, carol.pk}
    assert readers_at(post, t_after_bob) == {alice.pk, carol.pk}
    assert members_at(group.pk, t_after_bob) == {alice.pk, carol.pk}
    # Before the post existed nobody but its author could read it.
    assert readers_at(post, post.created_at - timedelta(seconds=1)) == {alice.pk}


def test_readers_of_an_open_post_are_the_active_people_then(
    alice, bob, admin, make_post, make_person, clock
):
    post = make_post(alice, "Voor iedereen")
    t_posted = clock(minutes=1)
    later = make_person("Late Komer", date_joined=clock(minutes=1))
    assert later.pk not in readers_at(post, t_posted)
    assert {alice.pk, bob.pk, admin.pk} <= readers_at(post, t_posted)
