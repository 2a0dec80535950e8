"""Reading the home feed.

The feed is an index range scan over the reader's inbox rows joined to the
posts they point at, filtered by the one visibility rule: rows written before
a person left a group, or before a group turned closed, never show.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from plein.access.posts import visible_post_filter
from plein.feed.models import InboxEntry

FEED_FILTERS = ("all", "groups", "people", "bookmarks")
FEED_PAGE_SIZE = 30
MAX_FEED_PAGE_SIZE = 100


@dataclass(frozen=True)
class FeedPage:
    entries: list[dict[str, Any]]
    next_cursor: int | None


FEED_FIELDS = (
    "post_id",
    "is_read",
    "post__author_id",
    "post__author__full_name",
    "post__author__handle",
    "post__group_id",
    "post__group__name",
    "post__group__slug",
    "post__kind",
    "post__title",
    "post__body",
    "post__body_html",
    "post__language",
    "post__created_at",
    "post__edited_at",
    "post__comment_count",
    "post__reaction_count",
)


def _feed_queryset(user: Any, feed_filter: str) -> QuerySet[InboxEntry]:
    qs = InboxEntry.objects.filter(user_id=user.pk).filter(visible_post_filter(user, prefix="post__"))
    if feed_filter == "groups":
        qs = qs.filter(post__group__isnull=False)
    elif feed_filter == "people":
        qs = qs.filter(post__group__isnull=True)
    elif feed_filter == "bookmarks":
        qs = qs.filter(post__bookmarks__user_id=user.pk)
    return qs


def get_feed_page(user: Any, *, before: int | None = None, feed_filter: str = "all", limit: int = FEED_PAGE_SIZE) -> FeedPage:
    """The newest posts of a person's home feed, ``limit`` at a time.

    ``before`` is the cursor: the id of the last post of the previous page.
    Returns plain dicts (no model instances: they cost several times more).
    """
    limit = max(1, min(limit, MAX_FEED_PAGE_SIZE))
    qs = _feed_queryset(user, feed_filter)
    if before is not None:
        qs = qs.filter(post_id__lt=before)
    rows = list(qs.order_by("-post_id").values(*FEED_FIELDS)[: limit + 1])
    next_cursor = rows[limit - 1]["post_id"] if len(rows) > limit else None
    return FeedPage(entries=rows[:limit], next_cursor=next_cursor)


def list_feed_post_ids(user: Any, *, before: int | None = None, feed_filter: str = "all", limit: int = FEED_PAGE_SIZE) -> tuple[list[tuple[int, bool]], int | None]:
    """Post ids and read state of a feed page, for pages that render full cards."""
    limit = max(1, min(limit, MAX_FEED_PAGE_SIZE))
    qs = _feed_queryset(user, feed_filter)
    if before is not None:
        qs = qs.filter(post_id__lt=before)
    rows = list(qs.order_by("-post_id").values_list("post_id", "is_read")[: limit + 1])
    next_cursor = rows[limit - 1][0] if len(rows) > limit else None
    return rows[:limit], next_cursor


def count_unread_feed(user: Any, cap: int = 99) -> int:
    """Unread posts in the feed, counted up to ``cap`` (the badge shows "99+")."""
    ids = (
        InboxEntry.objects.filter(user_id=user.pk, is_read=False)
        .filter(visible_post_filter(user, prefix="post__"))
        .values_list("post_id", flat=True)[: cap + 1]
    )
    return len(list(ids))
