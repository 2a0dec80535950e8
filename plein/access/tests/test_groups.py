"""Group visibility: open shows all, closed its name only, secret nothing."""

import pytest

from plein.access.groups import (
    access_group,
    can_admin_group,
    can_join_group,
    can_post_in_group,
    can_request_to_join,
    can_view_group,
    can_view_group_content,
    visible_groups,
)
from plein.core.errors import Forbidden, NotFound
from plein.groups.actions import check_invite_to_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(alice, bob, make_group):
    return {
        "open": make_group(alice, "Open", "open", members=(bob,)),
        "closed": make_group(alice, "Closed", "closed", members=(bob,)),
        "secret": make_group(alice, "Secret", "secret", members=(bob,)),
    }


def test_predicates_and_filter_agree(groups, alice, bob, carol, admin):
    expected_visible = {
        alice: {"open", "closed", "secret"},
        bob: {"open", "closed", "secret"},
        carol: {"open", "closed"},
        admin: {"open", "closed"},
    }
    for person, kinds in expected_visible.items():
        ids = set(visible_groups(person).values_list("pk", flat=True))
        for kind, group in groups.items():
            assert can_view_group(person, group) is (kind in kinds)
            assert (group.pk in ids) is (kind in kinds)


def test_content_is_for_members_except_in_open_groups(groups, bob, carol):
    assert can_view_group_content(carol, groups["open"])
    assert not can_view_group_content(carol, groups["closed"])
    assert not can_view_group_content(carol, groups["secret"])
    assert all(can_view_group_content(bob, g) for g in groups.values())
    assert not can_post_in_group(carol, groups["open"])
    assert can_post_in_group(bob, groups["open"])


def test_joining_rules(groups, carol):
    assert can_join_group(carol, groups["open"])
    assert not can_join_group(carol, groups["closed"])
    assert can_request_to_join(carol, groups["closed"])
    assert not can_request_to_join(carol, groups["secret"])
    assert not can_join_group(carol, groups["secret"])


def test_secret_group_is_missing_for_outsiders_until_invited(
    groups, alice, carol, run_on_commit
):
    with pytest.raises(NotFound):
        access_group(carol, slug=groups["secret"].slug)
    run_on_commit(check_invite_to_group, alice, groups["secret"], carol)
    assert access_group(carol, slug=groups["secret"].slug) == groups["secret"]
    assert can_join_group(carol, groups["secret"])
    # Invited is not a member: the content stays closed until they accept.
    assert not can_view_group_content(carol, groups["secret"])


def test_admin_rights(groups, alice, bob, admin):
    assert can_admin_group(alice, groups["closed"])
    assert not can_admin_group(bob, groups["closed"])
    assert can_admin_group(admin, groups["closed"])
    # Organisation admins do not reach into secret groups.
    assert not can_admin_group(admin, groups["secret"])
    with pytest.raises(Forbidden):
        access_group(bob, slug="closed", for_admin=True)
