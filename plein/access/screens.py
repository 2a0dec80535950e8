"""Who manages office screens, and what a screen may show.

A screen is not a person: it is opened with a screen token, in a canteen or
on the shop floor, where anyone walking by reads it. So it shows only what
*everyone* in the organisation may see: what a plain member who is in no
group sees of a post (:func:`everyone_post_filter` and
:func:`can_everyone_see_post`, kept in agreement with ``visible_posts`` by
the tests), and of people only colleagues (never guests, never deactivated
accounts) with what every colleague sees of them.

Screens are managed by the communications team: organisation admins and
moderators, as for the e-mail report (``plein.access.mail``).
"""

from typing import Any

from django.db.models import Q, QuerySet

from plein.access.people import is_moderator, is_org_admin
from plein.access.roles import OUTSIDER_ROLES, GroupKind
from plein.core.errors import NotFound
from plein.people.models import User
from plein.posts.models import Post


def can_manage_screens(user: Any) -> bool:
    """Org admins, and moderators, who act as the communications team."""
    if is_org_admin(user):
        return True
    return is_moderator(user)


def visible_screens(user: Any, qs: QuerySet[Any] | None = None) -> QuerySet[Any]:
    """All screens for those who manage them; none for anyone else."""
    from plein.channels.screens.models import Screen

    qs = Screen.objects.all() if qs is None else qs
    if not can_manage_screens(user):
        return qs.none()
    return qs


def access_screen(user: Any, screen_id: int | str) -> Any:
    """Fetch a screen the user may manage, or raise NotFound.

    Someone who may not manage screens gets the same NotFound as for a
    missing screen: a screen's name and location are not theirs to learn.
    """
    from plein.channels.screens.models import Screen

    if not can_manage_screens(user):
        raise NotFound()
    try:
        return Screen.objects.get(pk=int(screen_id))
    except (Screen.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None


def everyone_post_filter(prefix: str = "") -> Q:
    """Posts every member of the organisation may see, as a Q.

    ``visible_post_filter`` for a plain member in no group, who wrote
    nothing: alive, not withheld (a withheld post is visible to its author
    only), not restricted to named readers, and on a profile or in an open
    group. Guests do not matter: they see less, never more.
    """
    return (
        Q(**{f"{prefix}deleted_at__isnull": True})
        & Q(**{f"{prefix}withheld_at__isnull": True})
        & Q(**{f"{prefix}is_restricted": False})
        & (
            Q(**{f"{prefix}group__isnull": True})
            | Q(**{f"{prefix}group__kind": GroupKind.OPEN})
        )
    )


def posts_everyone_sees(qs: QuerySet[Post] | None = None) -> QuerySet[Post]:
    qs = Post.objects.all() if qs is None else qs
    return qs.filter(everyone_post_filter())


def can_everyone_see_post(post: Post) -> bool:
    """The rule of :func:`everyone_post_filter` for one post."""
    if post.deleted_at is not None:
        return False
    if post.withheld_at is not None:
        return False
    if post.is_restricted:
        return False
    if post.group is None:
        return True
    return bool(post.group.kind == GroupKind.OPEN)


def colleagues_everyone_sees(qs: QuerySet[User] | None = None) -> QuerySet[User]:
    """People every colleague sees in the directory, guests left out.

    A guest is someone from outside invited into some groups: not a new
    colleague to welcome, and not someone the whole organisation sees.
    """
    qs = User.objects.all() if qs is None else qs
    return qs.filter(is_active=True).exclude(role__in=OUTSIDER_ROLES)
