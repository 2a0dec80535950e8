"""Who may see and manage people."""

from typing import Any

from django.db.models import Q, QuerySet

from plein.access.roles import OUTSIDER_ROLES, Role
from plein.core.errors import NotFound
from plein.people.models import User


def is_active_person(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_org_admin(user: Any) -> bool:
    return is_active_person(user) and user.role == Role.ADMIN


def is_moderator(user: Any) -> bool:
    """Organisation moderators and admins may remove any content they can see."""
    return is_active_person(user) and user.role in (Role.ADMIN, Role.MODERATOR)


def is_compliance_officer(user: Any) -> bool:
    """May search and export everything, through the audited compliance pages."""
    return is_active_person(user) and user.role == Role.COMPLIANCE


def is_guest(user: Any) -> bool:
    """An external guest: sees only the groups they are in and what is sent to them."""
    return is_active_person(user) and user.role == Role.GUEST


def is_alumni(user: Any) -> bool:
    """Someone who left and kept an alumni account (plein.careers.alumni)."""
    return is_active_person(user) and user.role == Role.ALUMNI


def is_outsider(user: Any) -> bool:
    """A guest or an alumnus: not part of the organisation.

    Every visibility rule that keeps the organisation's own content from
    guests asks this, so alumni see exactly what a guest in their groups
    sees; the one addition (vacancies marked for alumni) is in posts.py.
    """
    return is_active_person(user) and user.role in OUTSIDER_ROLES


def can_manage_people(user: Any) -> bool:
    return is_org_admin(user)


def visible_people(user: Any, qs: QuerySet[User] | None = None) -> QuerySet[User]:
    qs = User.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    # Admins manage deactivated accounts too; everyone else sees colleagues
    # who can still take part.
    if can_manage_people(user):
        return qs
    if is_outsider(user):
        # Their group mates, and themselves even outside every group.
        mates = Q(pk__in=_group_mates(user)) | Q(pk=user.pk)
        return qs.filter(mates, is_active=True)
    return qs.filter(is_active=True)


def _group_mates(user: Any) -> QuerySet[Any]:
    """Ids of the people sharing a group with ``user`` (an outsider's whole world)."""
    from plein.groups.models import Membership

    groups = Membership.objects.filter(user_id=user.pk).values("group_id")
    return Membership.objects.filter(group_id__in=groups).values("user_id")


def can_view_person(user: Any, person: User) -> bool:
    if not is_active_person(user):
        return False
    if can_manage_people(user):
        return True
    if is_outsider(user):
        return visible_people(user).filter(pk=person.pk).exists()
    return person.is_active


def access_person(
    user: Any, *, person_id: int | None = None, handle: str | None = None
) -> User:
    """Fetch a person the user may see, by id or handle, or raise NotFound."""
    qs = visible_people(user).select_related("department", "manager")
    try:
        if person_id is not None:
            return qs.get(pk=person_id)
        return qs.get(handle=handle)
    except (User.DoesNotExist, ValueError):
        raise NotFound() from None
