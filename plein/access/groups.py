"""Who may see, join and manage groups.

Open groups show everything to everyone; closed groups show their name and
description only; secret groups do not exist for anyone outside them except
the people invited in. Outsiders (external guests and alumni) see only the
groups they are in (or invited to), whatever their kind.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import pgettext

from plein.access.membership import is_group_admin, is_member, member_group_ids
from plein.access.people import is_active_person, is_org_admin, is_outsider
from plein.access.roles import GroupKind
from plein.core.errors import Forbidden, NotFound
from plein.groups.models import Group, GroupInvitation


def _invited_group_ids(user: Any) -> set[int]:
    return set(
        GroupInvitation.objects.filter(user_id=user.pk).values_list(
            "group_id", flat=True
        )
    )


def visible_groups(user: Any, qs: QuerySet[Group] | None = None) -> QuerySet[Group]:
    """Groups whose existence, name and description the user may see."""
    qs = Group.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    allowed = member_group_ids(user) | _invited_group_ids(user)
    if is_outsider(user):
        return qs.filter(pk__in=allowed)
    return qs.filter(~Q(kind=GroupKind.SECRET) | Q(pk__in=allowed))


def can_view_group(user: Any, group: Group) -> bool:
    if not is_active_person(user):
        return False
    if group.kind != GroupKind.SECRET and not is_outsider(user):
        return True
    if is_member(user, group.pk):
        return True
    # An invitee must see the group to accept the invitation.
    return GroupInvitation.objects.filter(group_id=group.pk, user_id=user.pk).exists()


def content_group_ids_filter(user: Any, field: str = "group") -> Q:
    """A Q over ``<field>`` admitting the groups whose content the user may see.

    Open groups are readable by everyone in the organisation; closed and
    secret groups only by their members. ``<field>`` null (no group) is not
    covered here: callers decide what that means. Outsiders (guests,
    alumni): their groups only.
    """
    mine = Q(**{f"{field}_id__in": member_group_ids(user)})
    if is_outsider(user):
        return mine
    return Q(**{f"{field}__kind": GroupKind.OPEN}) | mine


def can_view_group_content(user: Any, group: Group) -> bool:
    """Posts, members and pinned posts of the group."""
    if not is_active_person(user):
        return False
    if group.kind == GroupKind.OPEN and not is_outsider(user):
        return True
    return is_member(user, group.pk)


def can_post_in_group(user: Any, group: Group) -> bool:
    return is_active_person(user) and is_member(user, group.pk)


def can_admin_group(user: Any, group: Group) -> bool:
    """Edit the group, decide join requests, remove posts, appoint admins."""
    if not is_active_person(user):
        return False
    if is_group_admin(user, group.pk):
        return True
    # Organisation admins step in for groups they can see, which keeps a
    # group manageable when its last admin leaves; secret groups stay private.
    return is_org_admin(user) and group.kind != GroupKind.SECRET


def can_join_group(user: Any, group: Group) -> bool:
    """Join directly: open groups, or any group one has been invited to."""
    if not is_active_person(user) or is_member(user, group.pk):
        return False
    if group.kind == GroupKind.OPEN:
        return True
    return GroupInvitation.objects.filter(group_id=group.pk, user_id=user.pk).exists()


def can_request_to_join(user: Any, group: Group) -> bool:
    if not is_active_person(user) or is_member(user, group.pk):
        return False
    return group.kind == GroupKind.CLOSED


def can_invite_to_group(user: Any, group: Group) -> bool:
    if not is_active_person(user):
        return False
    if group.kind == GroupKind.SECRET:
        return is_group_admin(user, group.pk)
    return can_admin_group(user, group)


def access_group(
    user: Any,
    *,
    group_id: int | None = None,
    slug: str | None = None,
    for_admin: bool = False,
) -> Group:
    """Fetch a group the user may see, or raise NotFound.

    With ``for_admin``, a visible group the user may not administer raises
    Forbidden.
    """
    qs = visible_groups(user)
    try:
        group = qs.get(pk=group_id) if group_id is not None else qs.get(slug=slug)
    except (Group.DoesNotExist, ValueError):
        raise NotFound() from None
    if for_admin and not can_admin_group(user, group):
        raise Forbidden(pgettext("permission", "Only the group's admins can do this."))
    return group


def group_has_guests(group: Group) -> bool:
    """Whether outsiders are among the group's members (for leak prevention).

    External guests and alumni alike: neither is part of the organisation
    any more, so what is written there leaves it.
    """
    from plein.access.roles import OUTSIDER_ROLES
    from plein.groups.models import Membership

    return Membership.objects.filter(
        group_id=group.pk, user__role__in=OUTSIDER_ROLES, user__is_active=True
    ).exists()
