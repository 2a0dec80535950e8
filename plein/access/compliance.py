"""Who reaches the compliance pages: the audit log, eDiscovery, holds, erasure.

Compliance officers (``Role.COMPLIANCE``) run eDiscovery and place legal
holds; organisation admins erase people and set retention; both read the
audit log. Everyone else gets NotFound, exactly as for a page or an id that
does not exist, so the pages do not reveal themselves.

These gatekeepers deliberately do not scope by ``visible_people`` or
``visible_groups``: an officer must reach deactivated people and secret
groups, and an admin must reach anyone to erase them.
"""

from typing import Any

from django.utils.translation import gettext as _

from plein.access.people import is_compliance_officer, is_org_admin
from plein.core.errors import InvalidInput, NotFound
from plein.governance.compliance.models import Export, LegalHold
from plein.groups.models import Group
from plein.people.models import User


def can_read_audit_log(user: Any) -> bool:
    """Compliance officers and organisation admins read the audit log."""
    if is_compliance_officer(user):
        return True
    return is_org_admin(user)


def access_export(user: Any, export_id: int) -> Export:
    """An eDiscovery export, for compliance officers only; NotFound otherwise."""
    if not is_compliance_officer(user):
        raise NotFound()
    try:
        return Export.objects.select_related("requested_by", "person", "group").get(
            pk=export_id
        )
    except (Export.DoesNotExist, ValueError):
        raise NotFound() from None


def access_compliance_subjects(
    user: Any, *, person_id: int | None, group_id: int | None
) -> tuple[User | None, Group | None]:
    """The person and group a compliance officer names by id (API input).

    For eDiscovery criteria and legal holds. Not scoped by visibility:
    officers reach deactivated people and secret groups. Everyone else gets
    NotFound before any lookup; an officer naming an unknown id gets
    InvalidInput on that field.
    """
    if not is_compliance_officer(user):
        raise NotFound()
    person = group = None
    if person_id is not None:
        person = User.objects.filter(pk=person_id).first()
        if person is None:
            raise InvalidInput(_("There is no such person."), field="person_id")
    if group_id is not None:
        group = Group.objects.filter(pk=group_id).first()
        if group is None:
            raise InvalidInput(_("There is no such group."), field="group_id")
    return person, group


def access_hold(user: Any, hold_id: int) -> LegalHold:
    """A legal hold, for compliance officers only; NotFound otherwise."""
    if not is_compliance_officer(user):
        raise NotFound()
    try:
        return LegalHold.objects.select_related("person", "group").get(pk=hold_id)
    except LegalHold.DoesNotExist:
        raise NotFound() from None


def access_person_for_erasure(user: Any, person_id: int) -> User:
    """The person an organisation admin may erase; NotFound for everyone else.

    Any account, deactivated or already erased ones included: the erasure
    page says what state the person is in.
    """
    if not is_org_admin(user):
        raise NotFound()
    try:
        return User.objects.get(pk=person_id)
    except (User.DoesNotExist, ValueError):
        raise NotFound() from None
