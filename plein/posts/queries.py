"""Read functions that build what the post pages show.

Every list starts from ``plein.access`` scope filters, so a post, comment or
hashtag count a person may not see never reaches a template.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from plein.access.people import visible_people
from plein.access.posts import (
    can_delete_comment,
    can_delete_post,
    can_edit_comment,
    can_edit_post,
    can_pin_post,
    visible_comments,
    visible_post_sql,
    visible_posts,
)
from plein.posts.kinds import prepare_cards
from plein.posts.models import (
    REACTION_EMOJI,
    Bookmark,
    Comment,
    Hashtag,
    LinkPreview,
    Post,
    PostRevision,
    Reaction,
    ReactionKind,
)

# Cards a page shows before "more": 20 keeps the daily pages within their
# 50 ms of server time at 1M posts (docs/performance.md); the API's own
# limit stays 30 by default.
PAGE_SIZE = 20


@dataclass(frozen=True)
class ReactionButton:
    kind: str
    emoji: str
    label: str
    count: int
    is_pressed: bool


def build_reaction_buttons(
    counts: dict[str, int], mine: set[str]
) -> list[ReactionButton]:
    """One button per reaction kind, in the fixed order of ReactionKind."""
    return [
        ReactionButton(
            kind=kind.value,
            emoji=REACTION_EMOJI[kind],
            label=str(kind.label),
            count=counts.get(kind.value, 0),
            is_pressed=kind.value in mine,
        )
        for kind in ReactionKind
    ]


def _reaction_maps(
    user: Any, field: str, ids: list[int]
) -> tuple[dict[int, dict[str, int]], dict[int, set[str]]]:
    counts: dict[int, dict[str, int]] = {}
    mine: dict[int, set[str]] = {}
    if not ids:
        return counts, mine
    rows = (
        Reaction.objects.filter(**{f"{field}_id__in": ids})
        .values_list(f"{field}_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for target_id, kind, n in rows:
        counts.setdefault(target_id, {})[kind] = n
    for target_id, kind in Reaction.objects.filter(
        **{f"{field}_id__in": ids, "user_id": user.pk}
    ).values_list(f"{field}_id", "kind"):
        mine.setdefault(target_id, set()).add(kind)
    return counts, mine


def get_post_cards(user: Any, post_ids: list[int]) -> list[Post]:
    """The visible posts among ``post_ids``, in that order, ready for a card.

    Each post carries ``reaction_buttons``, ``is_bookmarked``, ``ok_previews``
    and the viewer's ``can_edit``/``can_delete``/``can_pin``; author, group,
    attachments and link previews are fetched up front (hashtags are links
    in the text already), and each post kind loads what its cards show.
    Costs six queries whatever the number of posts, plus one per kind that
    loads something.
    """
    if not post_ids:
        return []
    posts = (
        visible_posts(user, Post.objects.filter(pk__in=post_ids))
        .select_related("author", "group")
        .prefetch_related(
            "attachments",
            Prefetch(
                "link_previews",
                queryset=LinkPreview.objects.filter(is_ok=True),
                to_attr="ok_previews",
            ),
        )
    )
    by_id = {post.pk: post for post in posts}
    ids = list(by_id)
    counts, mine = _reaction_maps(user, "post", ids)
    bookmarked = set(
        Bookmark.objects.filter(user_id=user.pk, post_id__in=ids).values_list(
            "post_id", flat=True
        )
    )
    cards: list[Post] = []
    for post_id in post_ids:
        post = by_id.get(post_id)
        if post is None:
            continue
        post.reaction_buttons = build_reaction_buttons(
            counts.get(post.pk, {}), mine.get(post.pk, set())
        )
        post.is_bookmarked = post.pk in bookmarked
        # The predicates only read the request's membership cache.
        post.can_edit = can_edit_post(user, post)
        post.can_delete = can_delete_post(user, post)
        post.can_pin = can_pin_post(user, post)
        cards.append(post)
    prepare_cards(user, cards)
    return cards


def get_post_card(user: Any, post: Post) -> Post:
    """One post (already through ``access_post``) ready for a card."""
    cards = get_post_cards(user, [post.pk])
    return cards[0] if cards else post


def get_comment_threads(user: Any, post: Post) -> list[Comment]:
    """The visible top-level comments of a post, each with ``thread_replies``.

    Replies to a deleted comment are dropped with it.
    """
    comments = list(
        visible_comments(user, Comment.objects.filter(post_id=post.pk))
        .select_related("author")
        .order_by("created_at", "id")
    )
    for comment in comments:
        comment.post = post
    decorate_comments(user, comments)
    top = [c for c in comments if c.parent_id is None]
    by_id = {c.pk: c for c in top}
    for comment in top:
        comment.thread_replies = []
    for comment in comments:
        if comment.parent_id is not None and comment.parent_id in by_id:
            by_id[comment.parent_id].thread_replies.append(comment)
    return top


def decorate_comments(user: Any, comments: list[Comment]) -> list[Comment]:
    """Attach ``reaction_buttons`` and the viewer's rights (two queries)."""
    counts, mine = _reaction_maps(user, "comment", [c.pk for c in comments])
    for comment in comments:
        comment.can_edit = can_edit_comment(user, comment)
        comment.can_delete = can_delete_comment(user, comment)
        comment.reaction_buttons = build_reaction_buttons(
            counts.get(comment.pk, {}), mine.get(comment.pk, set())
        )
        if not hasattr(comment, "thread_replies"):
            comment.thread_replies = []
    return comments


def list_post_revisions(post: Post) -> QuerySet[PostRevision]:
    """Earlier versions of a post, newest first (post from ``access_post``)."""
    return post.revisions.select_related("edited_by").order_by("-created_at", "-id")


def list_hashtag_post_ids(
    user: Any, hashtag: Hashtag, *, before: int | None = None, limit: int = PAGE_SIZE
) -> tuple[list[int], int | None]:
    """Visible posts with the hashtag, newest first, and the next cursor."""
    qs = visible_posts(user, Post.objects.filter(hashtags=hashtag))
    if before is not None:
        qs = qs.filter(pk__lt=before)
    ids = list(qs.order_by("-id").values_list("pk", flat=True)[: limit + 1])
    next_cursor = ids[limit - 1] if len(ids) > limit else None
    return ids[:limit], next_cursor


def count_hashtag_posts(user: Any, hashtag: Hashtag) -> int:
    return visible_posts(user, Post.objects.filter(hashtags=hashtag)).count()


def is_following_hashtag(user: Any, hashtag: Hashtag) -> bool:
    return hashtag.followers.filter(user_id=user.pk).exists()


# Trending looks at most at this many of the newest posts: the sidebar then
# costs the same whatever the organisation's history and however busy the
# last days were (at 1M posts over two years, 14 days hold ~19,000 posts).
TRENDING_MAX_POSTS = 10_000


def list_trending_hashtags(
    user: Any, *, days: int = 14, limit: int = 8
) -> list[dict[str, Any]]:
    """Hashtags most used in the posts the user may see, recently.

    "Recently" is the last ``days`` days, and at most the newest
    TRENDING_MAX_POSTS posts of them. Returns dicts with ``name`` and
    ``uses``, most used first. Fixed SQL driven by the index on
    ``created_at``: the ORM's query let SQLite start from the hashtags and
    read every hashtagged post ever written (750 ms at 1M posts).
    """
    since = timezone.now() - timedelta(days=days)
    visible, params = visible_post_sql(user, "p", "g")
    # Aliases and the rule's fragments are fixed; values are parameters.
    # CROSS JOIN keeps SQLite's join order (recent posts, their hashtag
    # rows, then the posts that have one); PostgreSQL plans it freely.
    sql = (
        "SELECT h.name, COUNT(*) AS uses "  # noqa: S608
        "FROM (SELECT id FROM posts_post WHERE created_at >= %s "
        "ORDER BY created_at DESC LIMIT %s) recent "
        "CROSS JOIN posts_post_hashtags ph CROSS JOIN posts_post p "
        "JOIN posts_hashtag h ON h.id = ph.hashtag_id "
        "LEFT JOIN groups_group g ON g.id = p.group_id "
        "WHERE ph.post_id = recent.id AND p.id = ph.post_id AND "
        + visible
        + " GROUP BY h.name ORDER BY uses DESC, h.name LIMIT %s"
    )
    args = [
        connection.ops.adapt_datetimefield_value(since),
        TRENDING_MAX_POSTS,
        *params,
        limit,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return [{"name": name, "uses": uses} for name, uses in cursor.fetchall()]


def list_suggested_people(user: Any, *, limit: int = 5) -> list[Any]:
    """Active colleagues the user does not follow yet, most recent first."""
    return list(
        visible_people(user)
        .filter(is_active=True)
        .exclude(pk=user.pk)
        .exclude(followers__follower_id=user.pk)
        .order_by("-date_joined")[:limit]
    )
