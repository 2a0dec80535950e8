"""Delivering posts into per-person inboxes and keeping them right.

Delivery is set-based SQL (INSERT … SELECT), which writes 10,000 rows in a
fraction of a second on both SQLite and PostgreSQL; ``ON CONFLICT`` merges the
reasons, so running a delivery twice changes nothing.
"""

from collections.abc import Sequence

from django.db import connection

from plein.access.roles import GroupKind
from plein.feed.models import InboxEntry, Reason
from plein.posts.models import Post

_UPSERT = (
    "INSERT INTO feed_inboxentry (user_id, post_id, reason, is_read) {select} "
    "ON CONFLICT (user_id, post_id) DO UPDATE SET reason = feed_inboxentry.reason | excluded.reason"
)


def _deliver(select_sql: str, params: Sequence[int]) -> int:
    """Run one upsert; ``params`` are ids, reasons and flags."""
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT.format(select=select_sql), params)
        written: int = cursor.rowcount
        return written


def do_deliver_post(post_id: int) -> int:
    """Write the post into the inbox of everyone it is for; idempotent.

    Audience: the author; the people a restricted post is addressed to;
    every active member of the post's group; and, when
    the whole organisation may read the post (profile posts and open groups),
    the author's followers, the followers of its hashtags and the people it
    mentions. Returns the number of rows written or merged.
    """
    post = (
        Post.objects.select_related("group")
        .filter(pk=post_id, deleted_at__isnull=True)
        .first()
    )
    if post is None:
        return 0
    is_public = not post.is_restricted and (
        post.group is None or post.group.kind == GroupKind.OPEN
    )
    written = 0
    # No transaction around the statements: each upsert stands on its own
    # (running them again changes nothing), and each commits by itself, so
    # a 10,000-row delivery never holds the write lock across all of them
    # and commits as cheaply as a lone INSERT … SELECT.
    written += _deliver(
        "SELECT %s, %s, %s, %s", [post.author_id, post.pk, Reason.AUTHOR, True]
    )
    if post.withheld_at is not None:
        # Held back: the author alone, until do_release delivers it again.
        return written
    # The people a post is addressed to, restricted or not.
    if post.is_restricted or post.audience.exists():
        written += _deliver(
            "SELECT a.user_id, %s, %s, %s FROM posts_postaudience a "
            "JOIN people_user u ON u.id = a.user_id "
            "WHERE a.post_id = %s AND u.is_active AND a.user_id <> %s",
            [post.pk, Reason.ADDRESSED, False, post.pk, post.author_id],
        )
    if post.group_id is not None:
        # Those who left the organisation are a short list read once,
        # not a lookup of every member (a tenth of a big group's cost).
        written += _deliver(
            "SELECT m.user_id, %s, %s, %s FROM groups_membership m "
            "WHERE m.group_id = %s AND m.user_id <> %s AND m.user_id NOT IN "
            "(SELECT u.id FROM people_user u WHERE NOT u.is_active)",
            [post.pk, Reason.GROUP, False, post.group_id, post.author_id],
        )
    if is_public:
        written += _deliver(
            "SELECT f.follower_id, %s, %s, %s FROM people_follow f "
            "JOIN people_user u ON u.id = f.follower_id "
            "WHERE f.followed_id = %s AND u.is_active",
            [post.pk, Reason.FOLLOW, False, post.author_id],
        )
        # The post's hashtags are joined in, not read first: one
        # statement whether or not the post has any.
        written += _deliver(
            "SELECT DISTINCT h.user_id, %s, %s, %s FROM posts_post_hashtags ph "
            "JOIN posts_hashtagfollow h ON h.hashtag_id = ph.hashtag_id "
            "JOIN people_user u ON u.id = h.user_id "
            "WHERE ph.post_id = %s AND u.is_active AND h.user_id <> %s",
            [post.pk, Reason.HASHTAG, False, post.pk, post.author_id],
        )
    mention_ids = _mentions_who_may_see(post)
    if mention_ids:
        marks = ", ".join(["%s"] * len(mention_ids))
        written += _deliver(
            f"SELECT u.id, %s, %s, %s FROM people_user u WHERE u.id IN ({marks})",  # noqa: S608
            [post.pk, Reason.MENTION, False, *mention_ids],
        )
    return written


def _mentions_who_may_see(post: Post) -> list[int]:
    from plein.access.posts import can_view_post

    return [
        u.pk
        for u in post.mentions.filter(is_active=True)
        if u.pk != post.author_id and can_view_post(u, post)
    ]


def do_remove_group_from_inbox(user_id: int, group_id: int) -> int:
    """Drop a group's posts from one person's feed (after they left it)."""
    return InboxEntry.objects.filter(user_id=user_id, post__group_id=group_id).delete()[
        0
    ]


def do_prune_group_inboxes(group_id: int) -> int:
    """Drop a non-open group's posts from the feeds of everyone not in it."""
    from plein.groups.models import Membership

    members = Membership.objects.filter(group_id=group_id).values("user_id")
    return (
        InboxEntry.objects.filter(post__group_id=group_id)
        .exclude(user_id__in=members)
        .delete()[0]
    )


def do_backfill_inbox(
    user_id: int,
    *,
    group_id: int | None = None,
    author_id: int | None = None,
    limit: int = 50,
) -> int:
    """Bring recent posts into a feed after joining a group or following someone."""
    qs = Post.objects.filter(deleted_at__isnull=True)
    if group_id is not None:
        qs, reason = qs.filter(group_id=group_id), Reason.GROUP
    else:
        qs = qs.filter(author_id=author_id, group__isnull=True) | qs.filter(
            author_id=author_id, group__kind=GroupKind.OPEN
        )
        reason = Reason.FOLLOW
    post_ids = list(qs.order_by("-id").values_list("pk", flat=True)[:limit])
    rows = [
        InboxEntry(user_id=user_id, post_id=pid, reason=reason, is_read=True)
        for pid in post_ids
    ]
    InboxEntry.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def do_mark_read(user_id: int, post_ids: list[int]) -> int:
    if not post_ids:
        return 0
    return InboxEntry.objects.filter(
        user_id=user_id, post_id__in=post_ids, is_read=False
    ).update(is_read=True)


def do_mark_all_read(user_id: int) -> int:
    return InboxEntry.objects.filter(user_id=user_id, is_read=False).update(
        is_read=True
    )


def do_trim_inboxes(keep: int) -> int:
    """Delete read inbox rows beyond each person's newest ``keep``.

    Unread rows stay whatever their age, so nothing anyone has not seen
    disappears from their feed; older posts remain reachable through groups,
    profiles and search. Returns the number of rows deleted.
    """
    from django.db.models import Count

    deleted = 0
    crowded = (
        InboxEntry.objects.values("user_id")
        .annotate(rows=Count("post_id"))
        .filter(rows__gt=keep)
        .values_list("user_id", flat=True)
    )
    for user_id in crowded.iterator(chunk_size=500):
        cutoff = (
            InboxEntry.objects.filter(user_id=user_id)
            .order_by("-post_id")
            .values_list("post_id", flat=True)[keep : keep + 1]
        )
        first_old = next(iter(cutoff), None)
        if first_old is None:
            continue
        deleted += InboxEntry.objects.filter(
            user_id=user_id, post_id__lte=first_old, is_read=True
        ).delete()[0]
    return deleted


def do_deliver_to_author(post: Post) -> None:
    """Put a new post in its author's own feed, inside the post's transaction.

    The author sees their post on the next page load even while the
    background delivery to everyone else is still queued.
    """
    _deliver("SELECT %s, %s, %s, %s", [post.author_id, post.pk, Reason.AUTHOR, True])
