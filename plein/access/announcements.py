"""Who may see read receipts and name the required readers of a post.

Built on the post rule: a post one cannot see answers NotFound, exactly
like a missing one; a visible post whose receipts one may not see, or whose
readers one may not name, answers Forbidden with the reason.
"""

from typing import Any

from django.utils.translation import pgettext

from plein.access.groups import can_admin_group
from plein.access.people import is_active_person
from plein.access.posts import access_post, can_view_post
from plein.core.errors import Forbidden
from plein.posts.models import Post


def can_view_receipts(user: Any, post: Post) -> bool:
    """The author, and the admins of the group the post was written in."""
    if not can_view_post(user, post):
        return False
    if post.author_id == user.pk:
        return True
    if post.group is None:
        return False
    return can_admin_group(user, post.group)


def sees_hidden_read_state(user: Any, post: Post) -> bool:
    """Only the author sees the state of readers who chose to hide it."""
    if not is_active_person(user):
        return False
    return bool(post.author_id == user.pk)


def access_receipts(user: Any, post_id: int | str) -> Post:
    """Fetch a post whose read receipts the user may see.

    Raises NotFound when the post is missing or invisible to the user, and
    Forbidden when the user sees the post but not its receipts.
    """
    post = access_post(user, post_id)
    if not can_view_receipts(user, post):
        raise Forbidden(
            pgettext(
                "permission",
                "Only the author and the group's admins can see read receipts.",
            )
        )
    return post


def can_add_required_readers(user: Any, post: Post) -> bool:
    """Only the author decides who must read their post."""
    if not can_view_post(user, post):
        return False
    return bool(post.author_id == user.pk)


def access_post_for_readers(user: Any, post_id: int | str) -> Post:
    """Fetch a post the user may name required readers for.

    NotFound for a missing or invisible post, Forbidden for someone else's.
    """
    post = access_post(user, post_id)
    if not can_add_required_readers(user, post):
        raise Forbidden(
            pgettext("permission", "Only the author can ask people to read a post.")
        )
    return post
