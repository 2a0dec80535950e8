"""What people see of their notifications: visibility of targets, grouping."""

import pytest
from django.utils import translation
from django.utils.html import strip_tags

from plein.access.notifications import visible_notifications
from plein.groups.actions import check_leave_group, check_update_group
from plein.notifications.actions import do_mark_notifications_read, do_notify
from plein.notifications.models import Notification
from plein.notifications.presentation import build_notification_sentence
from plein.notifications.queries import count_unread_notifications, list_notifications
from plein.posts.actions import (
    check_create_comment,
    check_react,
    do_delete_comment,
    do_release,
    do_withhold,
)
from plein.posts.models import Withheld

pytestmark = pytest.mark.django_db


def _shown(user):
    """What the page lists and what the badge counts."""
    return list_notifications(user), count_unread_notifications(user)


# Visibility of targets -------------------------------------------------------


def test_a_withheld_or_deleted_comment_hides_its_notifications(alice, bob, make_post):
    post = make_post(alice, "Wie neemt taart mee?")
    comment = check_create_comment(bob, post, body="Ik")
    do_notify(
        [alice.pk],
        kind="reply",
        key="reply:1",
        actor_id=bob.pk,
        post=post,
        target=comment,
    )
    assert len(_shown(alice)[0]) == 1 and _shown(alice)[1] == 1
    do_withhold(comment, Withheld.MODERATOR)
    assert _shown(alice) == ([], 0)
    do_release(comment)
    assert _shown(alice)[1] == 1
    do_delete_comment(bob, comment)
    assert _shown(alice) == ([], 0)
    assert not visible_notifications(alice).exists()


def test_a_group_turned_secret_that_the_reader_left_hides_its_notifications(
    alice, bob, make_group
):
    group = make_group(bob, "Finance", "open", members=(alice,))
    do_notify(
        [alice.pk],
        kind="group_invite",
        key="group_invite:1",
        actor_id=bob.pk,
        target=group,
    )
    check_update_group(bob, group, name="Finance", description="", kind="secret")
    assert _shown(alice)[1] == 1  # still a member: still hers to see
    check_leave_group(alice, group)
    assert _shown(alice) == ([], 0)


def test_a_notification_whose_target_is_gone_is_hidden(alice, bob, make_post):
    post = make_post(alice, "Vraag")
    comment = check_create_comment(bob, post, body="Antwoord")
    do_notify(
        [alice.pk],
        kind="reply",
        key="reply:1",
        actor_id=bob.pk,
        post=post,
        target=comment,
    )
    comment.delete()  # erased for good, not soft-deleted
    assert _shown(alice) == ([], 0)


# Grouping --------------------------------------------------------------------


@pytest.fixture
def fans(make_person):
    return [make_person(f"Fan{n} Achternaam") for n in range(7)]


def test_seven_reactions_to_one_post_are_one_item(
    alice, fans, make_post, run_on_commit
):
    post = make_post(alice, "Nieuws", title="Kwartaalcijfers")
    for fan in fans:
        run_on_commit(check_react, fan, post=post, kind="like")
    assert Notification.objects.filter(recipient=alice, kind="reaction").count() == 7
    [item], unread = _shown(alice)
    assert unread == 1
    assert item.group_count == 7 and item.is_group_unread
    assert item.actor == fans[-1]  # the newest
    with translation.override("en"):
        text = strip_tags(build_notification_sentence(item))
    assert text == ("Fan6 Achternaam and 6 others reacted to your post Kwartaalcijfers")
    # Marking the item marks the group.
    assert do_mark_notifications_read(alice, [item.pk]) == 7
    [item], unread = _shown(alice)
    assert unread == 0 and not item.is_group_unread


def test_a_new_reaction_makes_a_read_group_unread_again(
    alice, bob, fans, make_post, run_on_commit
):
    post = make_post(alice, "Nieuws")
    for fan in fans[:3]:
        run_on_commit(check_react, fan, post=post, kind="like")
    do_mark_notifications_read(alice)
    run_on_commit(check_react, bob, post=post, kind="celebrate")
    [item], unread = _shown(alice)
    assert unread == 1 and item.is_group_unread
    assert item.group_count == 4 and item.actor == bob


def test_reactions_group_per_post_and_per_comment(
    alice, bob, carol, make_post, run_on_commit
):
    post = make_post(alice, "Nieuws")
    comment = run_on_commit(check_create_comment, alice, post, body="Aanvulling")
    other = make_post(alice, "Ander nieuws")
    for person in (bob, carol):
        run_on_commit(check_react, person, post=post, kind="like")
        run_on_commit(check_react, person, comment=comment, kind="like")
        run_on_commit(check_react, person, post=other, kind="like")
    items, unread = _shown(alice)
    reactions = [item for item in items if item.kind == "reaction"]
    assert len(reactions) == 3 and unread == len(items)
    assert all(item.group_count == 2 for item in reactions)


def test_other_kinds_are_never_grouped(alice, bob, carol, make_post):
    post = make_post(alice, "Vraag")
    for n, person in enumerate((bob, carol)):
        comment = check_create_comment(person, post, body="Antwoord")
        do_notify(
            [alice.pk],
            kind="reply",
            key=f"reply:{n}",
            actor_id=person.pk,
            post=post,
            target=comment,
        )
    items, unread = _shown(alice)
    assert len(items) == 2 and unread == 2


def test_groups_paginate_by_their_newest_row_without_repeats(
    alice, bob, carol, make_person, make_post, run_on_commit
):
    post_a = make_post(alice, "A")
    post_b = make_post(alice, "B")
    dave = make_person("Dave de Boer")
    # In order: A, follower, follower, B, A again.
    run_on_commit(check_react, bob, post=post_a, kind="like")
    do_notify([alice.pk], kind="follower", key="follower:1", actor_id=carol.pk)
    do_notify([alice.pk], kind="follower", key="follower:2", actor_id=dave.pk)
    run_on_commit(check_react, bob, post=post_b, kind="like")
    run_on_commit(check_react, carol, post=post_a, kind="like")
    first = list_notifications(alice, limit=2)
    assert [(n.post_id, n.group_count) for n in first] == [
        (post_a.pk, 2),
        (post_b.pk, 1),
    ]
    second = list_notifications(alice, before=first[-1].pk, limit=2)
    assert [n.key for n in second] == ["follower:2", "follower:1"]
    assert list_notifications(alice, before=second[-1].pk) == []


def test_the_list_takes_the_same_queries_for_many_reactions(
    alice, make_person, make_post, run_on_commit, django_assert_num_queries
):
    post = make_post(alice, "Nieuws")
    comment = run_on_commit(check_create_comment, alice, post, body="En nog iets")

    def react(count):
        for _ in range(count):
            person = make_person()
            run_on_commit(check_react, person, post=post, kind="like")
            run_on_commit(check_react, person, comment=comment, kind="like")

    react(2)
    list_notifications(alice)  # content types are cached after the first use
    # The groups the reader is invited to (the group rule), the rows with
    # their actor and post, then the comments they are about. (The rules of
    # vacancies and referrals are subqueries of the second.)
    with django_assert_num_queries(3):
        assert [n.group_count for n in list_notifications(alice)] == [2, 2]
    react(5)
    with django_assert_num_queries(3):
        assert [n.group_count for n in list_notifications(alice)] == [7, 7]
