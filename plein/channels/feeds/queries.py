"""Reading feeds: the token's owner, and the posts a feed shows them.

Every feed is read as its token's owner at request time, through
``plein.access``: a post, group, hashtag or person the owner may not see
now is not in the feed, and a feed of one answers "not found".
"""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import pgettext

from plein.access.groups import access_group, can_view_group_content
from plein.access.people import access_person
from plein.access.posts import access_hashtag, visible_posts
from plein.channels.feeds.models import FeedToken
from plein.channels.feeds.tokens import (
    MAX_TOKEN_LENGTH,
    TOKEN_PREFIX,
    digest_feed_token,
    rebuild_link_token,
)
from plein.core.errors import NotFound
from plein.core.markdown import plain_text
from plein.feed.queries import get_feed_page
from plein.people.models import User
from plein.posts.models import Post

FEED_SIZE = 50  # the newest posts a feed holds
FEED_KINDS = ("home", "group", "tag", "person")
FEED_FORMATS = ("atom", "rss")
SUMMARY_LENGTH = 1000
TITLE_LENGTH = 80


def _shorten(text: str, limit: int) -> str:
    # As plain_text(text, limit) does, on text already plain.
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class FeedItem:
    post_id: int
    post_title: str  # the post's own title, often empty
    body: str  # Markdown
    author_name: str
    group_name: str
    published_at: datetime
    updated_at: datetime

    # Made only when the document is written (a 304 needs none of it), and
    # once per post: rendering the Markdown is most of a feed's cost.
    @cached_property
    def plain(self) -> str:
        return plain_text(self.body)

    @property
    def title(self) -> str:
        return self.post_title or _shorten(self.plain, TITLE_LENGTH)

    @property
    def summary(self) -> str:
        """Plain text; escaped where it becomes HTML."""
        return _shorten(self.plain, SUMMARY_LENGTH)


@dataclass
class FeedData:
    """One feed as its owner may see it now: what it is and its items."""

    kind: str
    title: str
    description: str
    link: str  # the page in Plein the feed follows
    items: list[FeedItem] = field(default_factory=list)

    @property
    def last_modified(self) -> datetime | None:
        return max((item.updated_at for item in self.items), default=None)

    def etag(self, *variant: str) -> str:
        """A digest of everything the feed shows (plus ``variant``: format,
        language), so an unchanged feed answers 304."""
        parts = [self.kind, self.title, self.description, *variant]
        for item in self.items:
            # A changed text changes updated_at (edited_at).
            parts += [
                str(item.post_id),
                item.post_title,
                item.author_name,
                item.group_name,
                item.updated_at.isoformat(),
            ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def get_feed_token(raw: str) -> FeedToken | None:
    """The token ``raw`` names, with its owner, if the owner is active.

    An unknown, revoked or malformed token and a deactivated owner's token
    all answer None.
    """
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > MAX_TOKEN_LENGTH:
        return None
    return (
        FeedToken.objects.select_related("user")
        .filter(digest=digest_feed_token(raw), user__is_active=True)
        .first()
    )


def get_link_feed_token(user: User) -> str | None:
    """The raw token behind ``user``'s "Subscribe" links, if they have one.

    One query. None as well when the token can no longer be rebuilt (see
    ``tokens.rebuild_link_token``): the page then offers to make one.
    """
    row = (
        FeedToken.objects.filter(user=user)
        .exclude(link_nonce="")
        .values_list("link_nonce", "digest")
        .first()
    )
    if row is None:
        return None
    return rebuild_link_token(user.pk, *row)


def list_feed_tokens(user: User) -> QuerySet[FeedToken]:
    """The person's own tokens, newest first."""
    return FeedToken.objects.filter(user=user).order_by("-created_at", "-id")


def _items_from_posts(qs: QuerySet[Post]) -> list[FeedItem]:
    rows = qs.order_by("-id").values(
        "pk",
        "title",
        "body",
        "created_at",
        "edited_at",
        "author__full_name",
        "group__name",
    )[:FEED_SIZE]
    return [
        FeedItem(
            post_id=row["pk"],
            post_title=row["title"],
            body=row["body"],
            author_name=row["author__full_name"],
            group_name=row["group__name"] or "",
            published_at=row["created_at"],
            updated_at=row["edited_at"] or row["created_at"],
        )
        for row in rows
    ]


def _home(owner: User) -> FeedData:
    # The home feed's own read (inbox rows filtered by plein.access).
    page = get_feed_page(owner, limit=FEED_SIZE)
    items = [
        FeedItem(
            post_id=row["post_id"],
            post_title=row["post__title"],
            body=row["post__body"],
            author_name=row["post__author__full_name"],
            group_name=row["post__group__name"] or "",
            published_at=row["post__created_at"],
            updated_at=row["post__edited_at"] or row["post__created_at"],
        )
        for row in page.entries
    ]
    return FeedData(
        kind="home",
        title=pgettext("feed title", "Plein: home of %(name)s")
        % {"name": owner.full_name},
        description=pgettext(
            "feed description", "The newest posts in your Plein home feed."
        ),
        link=reverse("feed:home"),
        items=items,
    )


def _group(owner: User, slug: str) -> FeedData:
    group = access_group(owner, slug=slug)
    # A closed group's name is visible, its posts are not: no feed at all.
    if not can_view_group_content(owner, group):
        raise NotFound()
    return FeedData(
        kind="group",
        title=pgettext("feed title", "Plein: %(group)s") % {"group": group.name},
        description=plain_text(group.description or "", limit=SUMMARY_LENGTH)
        or pgettext("feed description", "The newest posts in this group."),
        link=reverse("groups:detail", args=[group.slug]),
        items=_items_from_posts(visible_posts(owner, Post.objects.filter(group=group))),
    )


def _tag(owner: User, name: str) -> FeedData:
    hashtag = access_hashtag(owner, name)
    return FeedData(
        kind="tag",
        title=pgettext("feed title", "Plein: #%(tag)s") % {"tag": hashtag.name},
        description=pgettext("feed description", "The newest posts with #%(tag)s.")
        % {"tag": hashtag.name},
        link=reverse("posts:hashtag", args=[hashtag.name]),
        items=_items_from_posts(
            visible_posts(owner, Post.objects.filter(hashtags=hashtag))
        ),
    )


def _person(owner: User, handle: str) -> FeedData:
    person = access_person(owner, handle=handle)
    return FeedData(
        kind="person",
        title=pgettext("feed title", "Plein: posts by %(name)s")
        % {"name": person.full_name},
        description=pgettext("feed description", "The newest posts by %(name)s.")
        % {"name": person.full_name},
        link=reverse("people:profile", args=[person.handle]),
        items=_items_from_posts(
            visible_posts(owner, Post.objects.filter(author=person))
        ),
    )


def get_feed_data(owner: User, kind: str, target: str = "") -> FeedData:
    """The feed ``kind`` (of ``target``: a group's slug, a tag, a handle)
    as ``owner`` may see it now, newest :data:`FEED_SIZE` posts.

    Raises NotFound for a group, hashtag or person the owner may not see,
    exactly as for a missing one. Costs one to three queries.
    """
    if kind == "home":
        return _home(owner)
    if kind == "group":
        return _group(owner, target)
    if kind == "tag":
        return _tag(owner, target)
    if kind == "person":
        return _person(owner, target)
    raise NotFound()


def build_feed_path(raw: str, kind: str, target: str = "", fmt: str = "atom") -> str:
    """The path of a feed with token ``raw`` (``/feeds/<token>/home.atom``)."""
    kwargs: dict[str, Any] = {"token": raw, "fmt": fmt}
    if kind != "home":
        kwargs["target"] = target
    return reverse(f"feeds:{kind}", kwargs=kwargs)
