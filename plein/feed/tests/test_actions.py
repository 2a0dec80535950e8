"""Fan-out on write: who gets a post in their feed, and who loses it."""

import pytest

from plein.feed.actions import do_deliver_post
from plein.feed.models import InboxEntry, Reason
from plein.feed.queries import FEED_PAGE_SIZE, count_unread_feed, get_feed_page
from plein.groups.actions import check_leave_group, check_update_group
from plein.people.actions import check_follow_person, do_deactivate_person
from plein.posts.actions import check_follow_hashtag, do_delete_post

pytestmark = pytest.mark.django_db


def feed_ids(user, **kwargs):
    return [row["post_id"] for row in get_feed_page(user, **kwargs).entries]


def test_group_post_reaches_members_and_author_only(
    alice, bob, carol, make_group, make_post
):
    group = make_group(alice, "Hypotheken", "closed", members=(bob,))
    post = make_post(alice, "Nieuwe rentetarieven", group=group)
    assert feed_ids(alice) == [post.pk]
    assert feed_ids(bob) == [post.pk]
    assert feed_ids(carol) == []
    author_row = InboxEntry.objects.get(user=alice, post=post)
    assert author_row.is_read and author_row.reason == Reason.AUTHOR


def test_followers_get_public_posts_but_not_closed_group_posts(
    alice, carol, make_group, make_post, run_on_commit
):
    run_on_commit(check_follow_person, carol, alice)
    closed = make_group(alice, "Besloten", "closed")
    public = make_post(alice, "Voor iedereen")
    make_post(alice, "Alleen voor leden", group=closed)
    assert feed_ids(carol) == [public.pk]


def test_hashtag_followers_get_public_posts(alice, bob, make_post, run_on_commit):
    make_post(alice, "Eerste over #duurzaam")
    check_follow_hashtag(bob, "duurzaam")
    second = make_post(alice, "Meer over #Duurzaam")
    assert second.pk in feed_ids(bob)
    assert InboxEntry.objects.get(user=bob, post=second).reason & Reason.HASHTAG


def test_delivery_is_idempotent_and_merges_reasons(
    alice, bob, make_group, make_post, run_on_commit
):
    run_on_commit(check_follow_person, bob, alice)
    group = make_group(alice, "Open", "open", members=(bob,))
    post = make_post(alice, "Dubbel?", group=group)
    do_deliver_post(post.pk)
    do_deliver_post(post.pk)
    row = InboxEntry.objects.get(user=bob, post=post)
    assert row.reason == Reason.GROUP | Reason.FOLLOW
    assert InboxEntry.objects.filter(post=post).count() == 2


def test_leaving_a_group_removes_its_posts_from_the_feed(
    alice, bob, make_group, make_post, run_on_commit
):
    group = make_group(alice, "Tijdelijk", "closed", members=(bob,))
    post = make_post(alice, "Binnenkort weg", group=group)
    assert post.pk in feed_ids(bob)
    run_on_commit(check_leave_group, bob, group)
    assert feed_ids(bob) == []
    assert not InboxEntry.objects.filter(user=bob, post=post).exists()


def test_group_turned_closed_disappears_for_followers(
    alice, carol, make_group, make_post, run_on_commit
):
    run_on_commit(check_follow_person, carol, alice)
    group = make_group(alice, "Wordt besloten", "open")
    post = make_post(alice, "Nog open", group=group)
    assert post.pk in feed_ids(carol)
    run_on_commit(
        check_update_group, alice, group, name=group.name, description="", kind="closed"
    )
    assert post.pk not in feed_ids(carol)


def test_deleted_posts_and_deactivated_readers(alice, bob, make_group, make_post):
    group = make_group(alice, "Team", "open", members=(bob,))
    post = make_post(alice, "Weg ermee", group=group)
    do_delete_post(alice, post)
    assert feed_ids(bob) == []
    later = make_post(alice, "Nog een", group=group)
    do_deactivate_person(bob)
    assert feed_ids(bob) == []
    assert later.pk in feed_ids(alice)


def test_filters_cursor_and_unread(alice, bob, make_group, make_post, run_on_commit):
    run_on_commit(check_follow_person, bob, alice)
    group = make_group(alice, "Team", "open", members=(bob,))
    posts = [
        make_post(alice, f"Bericht {i}", group=group if i % 2 else None)
        for i in range(5)
    ]
    assert count_unread_feed(bob) == 5
    page = get_feed_page(bob, limit=2)
    assert [r["post_id"] for r in page.entries] == [posts[4].pk, posts[3].pk]
    rest = get_feed_page(bob, before=page.next_cursor, limit=10)
    assert [r["post_id"] for r in rest.entries] == [
        posts[2].pk,
        posts[1].pk,
        posts[0].pk,
    ]
    assert rest.next_cursor is None
    assert feed_ids(bob, feed_filter="groups") == [posts[3].pk, posts[1].pk]
    assert feed_ids(bob, feed_filter="people") == [
        posts[4].pk,
        posts[2].pk,
        posts[0].pk,
    ]
    assert feed_ids(bob, feed_filter="bookmarks") == []


def test_feed_query_count_is_constant(
    alice, bob, make_group, make_post, django_assert_max_num_queries
):
    group = make_group(alice, "Team", "open", members=(bob,))
    for i in range(40):
        make_post(alice, f"Bericht {i}", group=group)
    from plein.access.membership import forget_memberships

    forget_memberships(bob)
    with django_assert_max_num_queries(2):
        page = get_feed_page(bob)
    assert len(page.entries) == FEED_PAGE_SIZE and page.next_cursor is not None


def test_trimming_keeps_the_newest_and_every_unread_row(
    alice, bob, make_group, make_post
):
    from plein.feed.actions import do_mark_read, do_trim_inboxes

    group = make_group(alice, "Team", "open", members=(bob,))
    posts = [make_post(alice, f"Bericht {i}", group=group) for i in range(6)]
    do_mark_read(bob.pk, [p.pk for p in posts[1:]])  # posts[0] stays unread
    deleted = do_trim_inboxes(keep=2)
    remaining = set(
        InboxEntry.objects.filter(user=bob).values_list("post_id", flat=True)
    )
    assert remaining == {posts[0].pk, posts[4].pk, posts[5].pk}
    assert deleted == 3 + 4  # bob's three read old rows, alice's four (hers are read)
