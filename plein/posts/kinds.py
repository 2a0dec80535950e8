"""Kinds of post: what a post is, and how each kind plugs in.

Every post is a row of ``posts.Post`` with a ``kind``. The posts app owns
two kinds, ``update`` and ``article`` (an update with a title), which follow
the title as it is edited. A feature adds its own kind (a question, later a
poll, an event, a vacancy) by registering a :class:`PostKind` from its
``hooks.py``: how a draft of that kind is checked, what is created next to
the post, what the post's card shows and where its own page is. The feed,
search, visibility, moderation and notifications need nothing more: a post
of any kind is a post.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from plein.core.registry import Registry

if TYPE_CHECKING:
    from plein.people.models import User
    from plein.posts.models import Post
    from plein.posts.publishing import PostDraft

UPDATE = "update"
ARTICLE = "article"


@dataclass(frozen=True)
class PostKind:
    code: str
    label: Any  # a lazily translated noun ("Question")
    # Shown among the card's badges for posts of this kind, with ``post``.
    badge_template: str = ""
    # Shown below the card's text (a poll's options, an event's date).
    body_template: str = ""
    # The kind's own page, when it has one (``url_name`` with the post id).
    detail_url_name: str = ""
    # Validates a draft of this kind, when it is written and when it is
    # edited; raises InvalidInput naming the field.
    clean: "Callable[[User, PostDraft], None] | None" = None
    # Creates what belongs next to the post (a question's row), inside the
    # post's transaction and before ``posts.post.created`` is emitted.
    created: "Callable[[Post, PostDraft], None] | None" = None
    # Loads, for a whole page of cards at once, what the templates show.
    prepare_cards: "Callable[[User, list[Post]], None] | None" = None
    # Update and article follow the title; other kinds stay what they are.
    follows_title: bool = False


post_kinds: Registry[PostKind] = Registry("post kind")


def register_post_kind(kind: PostKind) -> PostKind:
    """Add a kind of post; its code is stored in ``Post.kind`` (10 letters)."""
    if len(kind.code) > 10:
        raise ValueError(f"post kind {kind.code!r} is longer than 10 letters")
    return post_kinds.register(kind.code, kind)


def get_post_kind(code: str) -> PostKind:
    """The registered kind, or the plain update for an unknown code.

    An unknown code is a post of a feature that is no longer installed: it
    still shows as a post.
    """
    return post_kinds.get(code) or post_kinds[UPDATE]


def kind_for_title(title: str) -> str:
    """Update or article, for the kinds that follow the title."""
    return ARTICLE if title else UPDATE


def prepare_cards(user: "User", posts: "list[Post]") -> None:
    """Let each kind load what its cards show, once per page of cards."""
    by_kind: dict[str, list[Post]] = {}
    for post in posts:
        by_kind.setdefault(post.kind, []).append(post)
    for code, of_kind in by_kind.items():
        kind = post_kinds.get(code)
        if kind is not None and kind.prepare_cards is not None:
            kind.prepare_cards(user, of_kind)
