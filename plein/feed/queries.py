"""Reading the home feed.

The feed is an index range scan over the reader's inbox rows joined to the
posts they point at, filtered by the one visibility rule: rows written before
a person left a group, or before a group turned closed, never show.
"""

from dataclasses import dataclass
from typing import Any

from django.db import connection

from plein.access.posts import visible_post_filter, visible_post_sql
from plein.core.db import aware_utc
from plein.feed.models import InboxEntry

FEED_FILTERS = ("all", "groups", "people", "bookmarks")
# Cards a page shows before "more": 20 keeps the daily pages within their
# 50 ms of server time at 1M posts (docs/performance.md); the API's own
# limit stays 30 by default.
FEED_PAGE_SIZE = 20
MAX_FEED_PAGE_SIZE = 100


@dataclass(frozen=True)
class FeedPage:
    entries: list[dict[str, Any]]
    next_cursor: int | None


_FEED_COLUMNS = (
    ("post_id", "i.post_id"),
    ("is_read", "i.is_read"),
    ("post__author_id", "p.author_id"),
    ("post__author__full_name", "u.full_name"),
    ("post__author__handle", "u.handle"),
    ("post__group_id", "p.group_id"),
    ("post__group__name", "g.name"),
    ("post__group__slug", "g.slug"),
    ("post__kind", "p.kind"),
    ("post__title", "p.title"),
    ("post__body", "p.body"),
    ("post__body_html", "p.body_html"),
    ("post__language", "p.language"),
    ("post__created_at", "p.created_at"),
    ("post__edited_at", "p.edited_at"),
    ("post__comment_count", "p.comment_count"),
    ("post__reaction_count", "p.reaction_count"),
)
_FEED_SELECT = (
    "SELECT " + ", ".join(column for _key, column in _FEED_COLUMNS) + " "
    "FROM feed_inboxentry i "
    "JOIN posts_post p ON p.id = i.post_id "
    "JOIN people_user u ON u.id = p.author_id "
    "LEFT JOIN groups_group g ON g.id = p.group_id "
    "WHERE i.user_id = %s AND "
)
_FEED_FILTER_SQL = {
    "all": "",
    "groups": " AND p.group_id IS NOT NULL",
    "people": " AND p.group_id IS NULL",
    "bookmarks": " AND EXISTS (SELECT 1 FROM posts_bookmark b WHERE b.post_id = i.post_id AND b.user_id = %s)",
}


def get_feed_page(
    user: Any,
    *,
    before: int | None = None,
    feed_filter: str = "all",
    limit: int = FEED_PAGE_SIZE,
) -> FeedPage:
    """The newest posts of a person's home feed, ``limit`` at a time.

    ``before`` is the cursor: the id of the last post of the previous page.
    Returns plain dicts. The one read of the feed: the home page (which then
    builds its cards from the post ids) and the API both call it. This is
    the hottest read in Plein, so it runs as one
    fixed SQL statement: an index range scan over the reader's inbox rows,
    filtered by the visibility rule from ``plein.access`` (compiling the
    equivalent ORM query costs ten times more than running it).
    """
    limit = max(1, min(limit, MAX_FEED_PAGE_SIZE))
    if feed_filter not in _FEED_FILTER_SQL:
        feed_filter = "all"
    visible, params = visible_post_sql(user, "p", "g")
    sql = _FEED_SELECT + visible + _FEED_FILTER_SQL[feed_filter]
    args: list[Any] = [user.pk, *params]
    if feed_filter == "bookmarks":
        args.append(user.pk)
    if before is not None:
        sql += " AND i.post_id < %s"
        args.append(before)
    sql += " ORDER BY i.post_id DESC LIMIT %s"
    args.append(limit + 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        raw = cursor.fetchall()
    keys = [key for key, _column in _FEED_COLUMNS]
    rows = []
    for values in raw:
        row = dict(zip(keys, values, strict=True))
        row["is_read"] = bool(row["is_read"])
        row["post__created_at"] = aware_utc(row["post__created_at"])
        row["post__edited_at"] = aware_utc(row["post__edited_at"])
        rows.append(row)
    next_cursor = rows[limit - 1]["post_id"] if len(rows) > limit else None
    return FeedPage(entries=rows[:limit], next_cursor=next_cursor)


def count_unread_feed(user: Any, cap: int = 99) -> int:
    """Unread posts in the feed, counted up to ``cap`` (the badge shows "99+")."""
    ids = (
        InboxEntry.objects.filter(user_id=user.pk, is_read=False)
        .filter(visible_post_filter(user, prefix="post__"))
        .values_list("post_id", flat=True)[: cap + 1]
    )
    return len(list(ids))
