"""Who reviews what leak prevention held back.

Reviewers are the organisation's moderators and admins. They judge a held
post or comment only if they could read it once it is released: held
content in a secret group they are not in stays out of their queue, and the
gatekeeper answers NotFound for it, as for anything missing.
"""

from typing import Any

from plein.access.people import is_moderator
from plein.access.posts import readers_among
from plein.core.errors import NotFound
from plein.posts.models import Comment, Post, Withheld


def can_review_leaks(user: Any) -> bool:
    """The review queue of leak prevention is the moderators' and admins'."""
    return is_moderator(user)


def held_items_filter() -> dict[str, Any]:
    """Filter arguments for posts or comments held for review and not deleted."""
    return {"withheld_reason": Withheld.REVIEW, "deleted_at__isnull": True}


def access_held_item(reviewer: Any, kind: str, object_id: int) -> Post | Comment:
    """A post or comment held by leak prevention that ``reviewer`` may judge.

    ``kind`` is "post" or "comment". Anything else, a missing or released
    item, a deleted post, or one the reviewer could not read once released,
    answers NotFound.
    """
    if not can_review_leaks(reviewer):
        raise NotFound()
    models: dict[str, type[Post] | type[Comment]] = {"post": Post, "comment": Comment}
    model = models.get(kind)
    if model is None:
        raise NotFound()
    obj = (
        model.objects.select_related("author")
        .filter(pk=object_id, **held_items_filter())
        .first()
    )
    if obj is None:
        raise NotFound()
    post = obj if isinstance(obj, Post) else obj.post
    if post.deleted_at is not None:
        raise NotFound()
    if not readers_among(post, [reviewer.pk], once_released=True):
        raise NotFound()
    return obj
