"""Who sees a person's private profile fields: phone, location and birthday.

Each person chooses per field: everyone in the organisation, their
department and their manager, or only themselves
(``plein.people.models.FieldVisibility``). The predicate ``can_see_field``
and the scope filter ``people_showing_field`` answer the same question; the
profile page, the directory, the API and exports use them.
"""

from typing import Any

from django.db.models import Q, QuerySet

from plein.access.people import (
    can_view_person,
    is_active_person,
    is_org_admin,
    is_outsider,
    visible_people,
)
from plein.core.errors import NotFound
from plein.people.models import FieldVisibility, User

PRIVATE_FIELDS = ("phone", "location", "birthday")


def _setting(field: str) -> str:
    if field not in PRIVATE_FIELDS:
        raise ValueError(f"{field!r} has no privacy setting")
    return f"{field}_visibility"


def can_see_field(viewer: Any, person: User, field: str) -> bool:
    """Whether ``viewer`` may see ``person``'s ``field`` (one of PRIVATE_FIELDS)."""
    level = getattr(person, _setting(field))
    if not is_active_person(viewer):
        return False
    if viewer.pk == person.pk:
        return True
    # Org admins see everything they need to administer people.
    if is_org_admin(viewer):
        return True
    # Guests are not part of the organisation, nor of a department.
    if is_outsider(viewer):
        return False
    if not can_view_person(viewer, person):
        return False
    if level == FieldVisibility.ORGANISATION:
        return True
    if level != FieldVisibility.DEPARTMENT:
        return False
    if person.manager_id == viewer.pk:
        return True
    return person.department_id is not None and (
        person.department_id == viewer.department_id
    )


def people_showing_field(
    viewer: Any, field: str, qs: QuerySet[User] | None = None
) -> QuerySet[User]:
    """The people (of ``qs``) whose ``field`` the viewer may see."""
    setting = _setting(field)
    qs = User.objects.all() if qs is None else qs
    if not is_active_person(viewer):
        return qs.none()
    if is_org_admin(viewer):
        return visible_people(viewer, qs)
    # One's own fields, even where one is not in the directory (a guest).
    own = qs.filter(pk=viewer.pk)
    if is_outsider(viewer):
        return own
    colleagues = Q(manager_id=viewer.pk)
    if viewer.department_id is not None:
        colleagues |= Q(department_id=viewer.department_id)
    others = visible_people(viewer, qs).filter(
        Q(**{setting: FieldVisibility.ORGANISATION})
        | (Q(**{setting: FieldVisibility.DEPARTMENT}) & colleagues)
    )
    return own | others


def shown_fields(viewer: Any, person: User) -> dict[str, Any]:
    """The private fields' values as the viewer may see them ("" or None if not)."""
    return {
        "phone": person.phone if can_see_field(viewer, person, "phone") else "",
        "location": person.location
        if can_see_field(viewer, person, "location")
        else "",
        "birthday": person.birthday
        if can_see_field(viewer, person, "birthday")
        else None,
    }


def access_data_export(user: Any, export_id: int | str) -> Any:
    """Fetch one of the user's own data exports, or raise NotFound.

    Nobody else may see or download a person's export, admins included:
    another person's export answers exactly like a missing one.
    """
    from plein.governance.privacy.models import DataExport

    if not is_active_person(user):
        raise NotFound()
    try:
        return DataExport.objects.get(pk=export_id, person_id=user.pk)
    except (DataExport.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
