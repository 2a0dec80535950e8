"""Who moderates what: the queue's predicate, filter and gatekeeper.

Organisation moderators and admins (``is_moderator``) moderate everything
that was reported, secret groups included: a report is a member's explicit
request to involve moderation. Group admins moderate the content of the
groups they administer. Nobody moderates their own content.

The rule has both shapes: :func:`can_moderate` is true for a target exactly
when its reports pass :func:`moderation_queue_filter`; a test checks both
sides for every persona.
"""

from typing import Any

from django.db.models import Q

from plein.access.membership import memberships_of
from plein.access.people import is_active_person, is_moderator
from plein.access.posts import can_view_comment, can_view_post
from plein.access.roles import GroupRole
from plein.core.errors import NotFound
from plein.governance.moderation.models import Report
from plein.posts.models import Comment, Post


def moderated_group_ids(user: Any) -> set[int]:
    """The groups this person administers (and so moderates)."""
    return {
        group_id
        for group_id, role in memberships_of(user).items()
        if role == GroupRole.ADMIN
    }


def can_use_moderation_queue(user: Any) -> bool:
    """Organisation moderators and admins, and the admins of any group."""
    if not is_active_person(user):
        return False
    if is_moderator(user):
        return True
    return bool(moderated_group_ids(user))


def moderation_queue_filter(user: Any) -> Q:
    """A Q over rows with ``post`` and ``comment`` fields (reports, decisions)."""
    if not can_use_moderation_queue(user):
        return Q(pk__in=[])
    # One's own content is for the other moderators to judge.
    own = Q(comment__isnull=True, post__author_id=user.pk) | Q(
        comment__author_id=user.pk
    )
    if is_moderator(user):
        return ~own
    return Q(post__group_id__in=moderated_group_ids(user)) & ~own


def can_moderate(user: Any, post: Post, comment: Comment | None = None) -> bool:
    """Whether ``user`` may decide on the post (or the comment under it)."""
    if not can_use_moderation_queue(user):
        return False
    author_id = comment.author_id if comment is not None else post.author_id
    if author_id == user.pk:
        return False
    if is_moderator(user):
        return True
    if post.group_id is None:
        return False
    return post.group_id in moderated_group_ids(user)


def access_moderation_target(
    user: Any, *, post_id: Any = None, comment_id: Any = None
) -> tuple[Post, Comment | None]:
    """Fetch a post or comment this person may decide on, or raise NotFound.

    Beyond :func:`can_moderate`, the content must have been reported or be
    readable by the moderator: the queue is no window on content nobody
    brought to moderation. Deleted content, like missing content, is
    NotFound.
    """
    comment: Comment | None = None
    try:
        if comment_id is not None:
            comment = Comment.objects.select_related(
                "post", "post__group", "author"
            ).get(pk=int(comment_id))
            post = comment.post
        elif post_id is not None:
            post = Post.objects.select_related("group", "author").get(pk=int(post_id))
        else:
            raise NotFound()
    except (Comment.DoesNotExist, Post.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if post.deleted_at is not None:
        raise NotFound()
    if comment is not None and comment.deleted_at is not None:
        raise NotFound()
    if not can_moderate(user, post, comment):
        raise NotFound()
    if Report.objects.filter(post=post, comment=comment).exists():
        return post, comment
    readable = (
        can_view_comment(user, comment)
        if comment is not None
        else can_view_post(user, post)
    )
    if not readable:
        raise NotFound()
    return post, comment
