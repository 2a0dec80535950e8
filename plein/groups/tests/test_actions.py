"""Groups: creating, joining, requests, invitations and roles."""

import pytest

from plein.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from plein.groups.actions import (
    check_create_group,
    check_decide_join_request,
    check_follow_group_closely,
    check_invite_to_group,
    check_join_group,
    check_leave_group,
    check_remove_member,
    check_request_to_join,
    check_set_group_role,
)
from plein.groups.models import Group, JoinRequest, Membership
from plein.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_creator_becomes_admin_and_names_are_unique(alice, make_group):
    group = make_group(alice, "Duurzaam wonen", "open")
    assert group.slug == "duurzaam-wonen" and group.member_count == 1
    assert Membership.objects.get(group=group, user=alice).role == "admin"
    with pytest.raises(InvalidInput) as err:
        check_create_group(alice, name="duurzaam WONEN")
    assert err.value.field == "name"
    with pytest.raises(InvalidInput) as err:
        check_create_group(alice, name="x" * 81)
    assert err.value.field == "name"
    with pytest.raises(InvalidInput) as err:
        check_create_group(alice, name="Iets", kind="public")
    assert err.value.field == "kind"


def test_open_join_closed_request_and_approval(
    alice, bob, carol, make_group, run_on_commit
):
    open_group = make_group(alice, "Open", "open")
    closed = make_group(alice, "Besloten", "closed")
    run_on_commit(check_join_group, carol, open_group)
    assert Membership.objects.filter(group=open_group, user=carol).exists()
    with pytest.raises(Forbidden):
        check_join_group(carol, closed)
    request = run_on_commit(
        check_request_to_join, carol, closed, message="Mag ik erbij?"
    )
    [told] = Notification.objects.filter(recipient=alice, kind="join_request")
    assert told.target == closed
    with pytest.raises(Forbidden):
        check_decide_join_request(bob, request, approve=True)
    run_on_commit(check_decide_join_request, alice, request, approve=True)
    assert Membership.objects.filter(group=closed, user=carol).exists()
    with pytest.raises(Conflict):
        check_decide_join_request(alice, request, approve=False)
    assert JoinRequest.objects.get(pk=request.pk).status == "approved"


def test_secret_group_is_invitation_only(alice, carol, make_group, run_on_commit):
    secret = make_group(alice, "Noordster", "secret")
    with pytest.raises(NotFound):
        check_join_group(carol, secret)
    run_on_commit(check_invite_to_group, alice, secret, carol)
    assert Notification.objects.filter(recipient=carol, kind="group_invite").exists()
    run_on_commit(check_join_group, carol, secret)
    assert Group.objects.get(pk=secret.pk).member_count == 2


def test_last_admin_cannot_leave_or_be_demoted(alice, bob, make_group, run_on_commit):
    group = make_group(alice, "Team", "open", members=(bob,))
    with pytest.raises(Conflict):
        check_leave_group(alice, group)
    with pytest.raises(Conflict):
        check_set_group_role(alice, group, alice, role="member")
    run_on_commit(check_set_group_role, alice, group, bob, role="admin")
    run_on_commit(check_leave_group, alice, group)
    assert not Membership.objects.filter(group=group, user=alice).exists()
    with pytest.raises(InvalidInput):
        check_leave_group(alice, group)


def test_admins_remove_members_and_members_follow_closely(
    alice, bob, carol, make_group, make_post, run_on_commit
):
    group = make_group(alice, "Team", "open", members=(bob, carol))
    with pytest.raises(Forbidden):
        check_remove_member(bob, group, carol)
    run_on_commit(check_remove_member, alice, group, carol)
    assert Group.objects.get(pk=group.pk).member_count == 2
    check_follow_group_closely(bob, group, closely=True)
    post = make_post(alice, "Nieuws", group=group)
    assert Notification.objects.filter(
        recipient=bob, kind="group_post", post=post
    ).exists()
    with pytest.raises(InvalidInput):
        check_follow_group_closely(carol, group, closely=True)
