"""Who sees which reports in the queue: the predicate and the filter agree."""

import pytest

from plein.access.moderation import (
    can_moderate,
    can_use_moderation_queue,
    moderation_queue_filter,
)
from plein.governance.moderation import queries
from plein.governance.moderation.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(
    alice,
    bob,
    carol,
    moderator,
    admin,
    make_person,
    make_group,
    make_post,
    make_comment,
    report,
):
    """alice admins "Team" (bob, carol members); dave admins "Fusie" (secret)."""
    dave = make_person("Dave Dekker")
    team = make_group(alice, "Team", members=(bob, carol))
    secret = make_group(dave, "Fusie", kind="secret", members=(bob,))
    in_team = make_post(bob, "Teampost", group=team)
    by_alice = make_post(alice, "Mijn teampost", group=team)
    in_secret = make_post(dave, "Fusiepost", group=secret)
    on_profile = make_post(carol, "Profielpost")
    comment = make_comment(carol, in_team, "Reactie in het team")
    report(carol, in_team)
    report(bob, by_alice)
    report(bob, in_secret)
    report(bob, on_profile)
    report(bob, comment)
    return {
        "dave": dave,
        "in_team": in_team,
        "by_alice": by_alice,
        "in_secret": in_secret,
        "on_profile": on_profile,
        "comment": comment,
    }


def _queue_keys(user):
    return {
        (i.post.pk, getattr(i.comment, "pk", None))
        for i in queries.list_open_queue(user)
    }


def test_group_admin_sees_own_groups_only(alice, world):
    keys = _queue_keys(alice)
    # Her own post is for other moderators.
    assert keys == {
        (world["in_team"].pk, None),
        (world["in_team"].pk, world["comment"].pk),
    }


def test_secret_group_admin(world):
    assert _queue_keys(world["dave"]) == set()  # his own post only


def test_moderators_see_everything_reported_but_their_own(moderator, admin, world):
    everything = {
        (world["in_team"].pk, None),
        (world["in_team"].pk, world["comment"].pk),
        (world["by_alice"].pk, None),
        (world["in_secret"].pk, None),
        (world["on_profile"].pk, None),
    }
    assert _queue_keys(moderator) == everything
    assert _queue_keys(admin) == everything


def test_members_have_no_queue(bob, carol, world):
    assert not can_use_moderation_queue(bob)
    assert _queue_keys(bob) == set()
    assert queries.list_decisions(carol) == []


def test_predicate_and_filter_agree(alice, bob, carol, moderator, admin, world):
    for user in (alice, bob, carol, moderator, admin, world["dave"]):
        in_filter = set(
            Report.objects.filter(moderation_queue_filter(user)).values_list(
                "pk", flat=True
            )
        )
        by_predicate = {
            r.pk
            for r in Report.objects.select_related("post", "comment")
            if can_moderate(user, r.post, r.comment)
        }
        assert in_filter == by_predicate, user


def test_deleted_content_leaves_the_queue(alice, bob, moderator, world, run_on_commit):
    from plein.posts.actions import do_delete_post

    run_on_commit(do_delete_post, bob, world["in_team"])
    assert (world["in_team"].pk, None) not in _queue_keys(moderator)
    assert (world["in_team"].pk, world["comment"].pk) not in _queue_keys(moderator)
