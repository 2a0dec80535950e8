"""Who may offer, review and see posts on the public wall (plein.branding.wall).

The wall is a page anyone may read without logging in, so what it shows is
decided on every read, from the post as it is now, never from a copy. A post
is on the wall while all of these hold (:func:`public_wall_filter`):

- communications approved it (``WallItem.status``) and it was not edited
  after that approval (``Post.edited_at`` against ``WallItem.approved_at``);
- everyone in the organisation may read it: alive, not withheld (by leak
  prevention or moderation), not addressed to named people, and on a profile
  or in an open group (:func:`plein.access.screens.everyone_post_filter`);
- it is a plain update or article (``WALL_KINDS``);
- its author is an active colleague: not deactivated or erased, not a guest
  or an alumnus.

So a post that is deleted, withheld, moved into a closed or secret group,
whose group becomes closed or secret, or whose author leaves, is off the wall
the moment that change is written, whichever door it came through. The same
rule without the approval (:func:`wall_eligible_filter`) says which posts may
be offered and reviewed at all.

Offering and withdrawing are for the post's author; reviewing (approve,
reject) for communications, who are the organisation's moderators and admins
as elsewhere in Plein; the site-wide switch is for organisation admins. When
the switch is off every public read answers 404 (:func:`access_public_item`).
"""

from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import pgettext

from plein.access.people import (
    is_active_person,
    is_moderator,
    is_org_admin,
    is_outsider,
)
from plein.access.posts import access_post, can_view_post, visible_post_filter
from plein.access.roles import OUTSIDER_ROLES
from plein.access.screens import everyone_post_filter
from plein.branding.wall.models import WALL_KINDS, WallItem, WallSettings
from plein.core.errors import Forbidden, NotFound
from plein.core.uploads import IMAGE_TYPES
from plein.posts.models import Attachment, Post


def is_wall_enabled() -> bool:
    """Whether the site-wide switch is on (off until an admin turns it on)."""
    return WallSettings.objects.filter(pk=1, is_enabled=True).exists()


def wall_eligible_filter(prefix: str = "") -> Q:
    """Posts that may be shown outside, as a Q (``prefix`` for a relation).

    What everyone in the organisation may read, of a kind the wall shows,
    by an active colleague.
    """
    return (
        everyone_post_filter(prefix)
        & Q(**{f"{prefix}kind__in": WALL_KINDS})
        & Q(**{f"{prefix}author__is_active": True})
        & ~Q(**{f"{prefix}author__role__in": OUTSIDER_ROLES})
    )


def public_wall_filter() -> Q:
    """Wall items shown to anyone: approved, unchanged since, still eligible."""
    unchanged = Q(post__edited_at__isnull=True) | Q(
        post__edited_at__lte=F("approved_at")
    )
    return (
        Q(status=WallItem.Status.APPROVED, approved_at__isnull=False)
        & unchanged
        & wall_eligible_filter("post__")
    )


def public_wall_items() -> QuerySet[WallItem]:
    """The items on the wall (whether or not the switch is on), newest first."""
    return (
        WallItem.objects.filter(public_wall_filter())
        .select_related("post", "post__author")
        .order_by("-post__created_at", "-post_id")
    )


def is_on_wall(post: Post) -> bool:
    """Whether ``post`` is on the wall now (the switch aside)."""
    return public_wall_items().filter(post_id=post.pk).exists()


def is_wall_eligible(post: Post) -> bool:
    """Whether ``post`` may be offered and approved (see the module docstring)."""
    return Post.objects.filter(wall_eligible_filter(), pk=post.pk).exists()


def can_offer_to_wall(user: Any, post: Post) -> bool:
    """The author of an eligible post, a colleague (not a guest or alumnus)."""
    return (
        is_active_person(user)
        and post.author_id == user.pk
        and not is_outsider(user)
        and is_wall_eligible(post)
    )


def can_review_wall(user: Any) -> bool:
    """Communications: the organisation's moderators and admins."""
    return is_moderator(user)


def can_manage_wall(user: Any) -> bool:
    """The site-wide switch is the organisation admins'."""
    return is_org_admin(user)


def can_share_wall_item(user: Any, post: Post) -> bool:
    """Colleagues who read ``post`` share it once it is on a switched-on wall."""
    return (
        is_active_person(user)
        and not is_outsider(user)
        and can_view_post(user, post)
        and is_wall_enabled()
        and is_on_wall(post)
    )


def review_queue_filter(user: Any) -> Q:
    """Offers waiting for ``user``'s review: eligible and visible to them."""
    if not can_review_wall(user):
        return Q(pk__in=[])
    return (
        Q(status=WallItem.Status.OFFERED)
        & wall_eligible_filter("post__")
        & visible_post_filter(user, prefix="post__")
    )


def access_wall_offer(user: Any, post_id: int | str) -> Post:
    """Fetch a post to offer or withdraw: visible (else NotFound), one's own.

    Raises Forbidden for a visible post someone else wrote.
    """
    post = access_post(user, post_id)
    if post.author_id != user.pk:
        raise Forbidden(
            pgettext(
                "permission", "Only the author can offer a post for the public wall."
            )
        )
    return post


def access_wall_item_for_review(user: Any, post_id: int | str) -> WallItem:
    """Fetch an offer for communications' decision, or raise NotFound.

    Anyone who does not review, an unknown id, a post with no offer and a
    post the reviewer may not read all answer NotFound alike.
    """
    if not can_review_wall(user):
        raise NotFound()
    try:
        pk = int(post_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    item = (
        WallItem.objects.filter(visible_post_filter(user, prefix="post__"), pk=pk)
        .select_related("post", "post__author", "post__group")
        .first()
    )
    if item is None:
        raise NotFound()
    return item


def access_public_item(post_id: int | str) -> WallItem:
    """An item on the switched-on wall, for anyone; NotFound otherwise.

    A switched-off wall, an unknown id and a post that is not (or no longer)
    on the wall answer the same.
    """
    try:
        pk = int(post_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    if not is_wall_enabled():
        raise NotFound()
    item = public_wall_items().filter(post_id=pk).first()
    if item is None:
        raise NotFound()
    return item


def access_public_image(post_id: int | str, attachment_id: int | str) -> Attachment:
    """An image of a post on the wall, for anyone; NotFound for anything else.

    Only the post's own images (PNG, JPEG, GIF, WebP as checked on upload):
    other files are never served outside.
    """
    item = access_public_item(post_id)
    try:
        pk = int(attachment_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    attachment = Attachment.objects.filter(
        pk=pk,
        post_id=item.post_id,
        is_image=True,
        content_type__in=sorted(IMAGE_TYPES),
    ).first()
    if attachment is None:
        raise NotFound()
    return attachment
