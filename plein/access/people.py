"""Who may see and manage people."""

from typing import Any

from django.db.models import QuerySet

from plein.access.roles import Role
from plein.core.errors import NotFound
from plein.people.models import User


def is_active_person(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_org_admin(user: Any) -> bool:
    return is_active_person(user) and user.role == Role.ADMIN


def is_moderator(user: Any) -> bool:
    """Organisation moderators and admins may remove any content they can see."""
    return is_active_person(user) and user.role in (Role.ADMIN, Role.MODERATOR)


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
    return qs.filter(is_active=True)


def can_view_person(user: Any, person: User) -> bool:
    if not is_active_person(user):
        return False
    if can_manage_people(user):
        return True
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
