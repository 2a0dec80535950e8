"""Who sees the insights dashboards.

The organisation's dashboard (and its departments) is for org admins and
moderators: Plein has no separate HR or communications role, and these two
act as that team elsewhere too (surveys, the e-mail report). Anyone else
gets the same 404 as for a missing page.

A group's dashboard is for the group's own admins, and for org admins and
moderators as long as the group is not secret. A secret group's figures
are its admins' business only: anyone who may not see the group gets
NotFound (its existence never shows), a member who is not its admin gets
Forbidden (they know the group already).
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import pgettext

from plein.access.groups import access_group
from plein.access.membership import is_group_admin
from plein.access.people import is_active_person, is_moderator, is_org_admin
from plein.access.roles import GroupKind, GroupRole
from plein.core.errors import Forbidden, NotFound
from plein.groups.models import Group


def can_view_org_insights(user: Any) -> bool:
    """Org admins, and moderators, who act as HR and communications."""
    if is_org_admin(user):
        return True
    return is_moderator(user)


def can_view_group_insights(user: Any, group: Group) -> bool:
    if not is_active_person(user):
        return False
    if is_group_admin(user, group.pk):
        return True
    # A secret group's figures stay with its own admins.
    if group.kind == GroupKind.SECRET:
        return False
    return can_view_org_insights(user)


def visible_insight_groups(
    user: Any, qs: QuerySet[Group] | None = None
) -> QuerySet[Group]:
    """The groups whose dashboard the user may open."""
    qs = Group.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    admin_of = Q(memberships__user_id=user.pk, memberships__role=GroupRole.ADMIN)
    if can_view_org_insights(user):
        return qs.filter(~Q(kind=GroupKind.SECRET) | admin_of).distinct()
    return qs.filter(admin_of).distinct()


def access_org_insights(user: Any) -> None:
    """Let the user through to the organisation's dashboard, or raise NotFound."""
    if not can_view_org_insights(user):
        raise NotFound()


def access_group_insights(
    user: Any, *, slug: str | None = None, group_id: int | None = None
) -> Group:
    """Fetch a group whose dashboard the user may open.

    A group the user may not see raises NotFound; a visible one whose
    dashboard they may not open raises Forbidden.
    """
    group = access_group(user, slug=slug, group_id=group_id)
    if not can_view_group_insights(user, group):
        raise Forbidden(
            pgettext("permission", "Only the group's admins can see its figures.")
        )
    return group
