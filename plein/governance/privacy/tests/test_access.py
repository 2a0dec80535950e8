"""The field privacy policy: predicate and scope filter agree for every persona."""

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from plein.access.privacy import (
    PRIVATE_FIELDS,
    access_data_export,
    can_see_field,
    people_showing_field,
    shown_fields,
)
from plein.access.roles import Role
from plein.core.errors import NotFound
from plein.governance.privacy.actions import check_set_privacy_settings
from plein.governance.privacy.models import DataExport
from plein.people.models import FieldVisibility, User

ORG, DEPT, ME = (
    FieldVisibility.ORGANISATION,
    FieldVisibility.DEPARTMENT,
    FieldVisibility.ONLY_ME,
)


def _set(person: User, field: str, level: str) -> None:
    check_set_privacy_settings(person, person, **{f"{field}_visibility": level})


def _agree(viewer: Any, person: User, field: str) -> bool:
    allowed = can_see_field(viewer, person, field)
    listed = people_showing_field(viewer, field).filter(pk=person.pk).exists()
    assert allowed == listed, (viewer, person, field)
    return allowed


@pytest.mark.parametrize("field", PRIVATE_FIELDS)
@pytest.mark.parametrize(
    ("level", "teammate_sees", "outsider_sees"),
    [(ORG, True, True), (DEPT, True, False), (ME, False, False)],
)
def test_three_personas(
    trio: dict[str, Any],
    field: str,
    level: str,
    teammate_sees: bool,
    outsider_sees: bool,
) -> None:
    me = trio["me"]
    _set(me, field, level)
    me.refresh_from_db()
    assert _agree(me, me, field) is True
    assert _agree(trio["teammate"], me, field) is teammate_sees
    assert _agree(trio["outsider"], me, field) is outsider_sees


def test_manager_sees_department_fields(trio: dict[str, Any], make_person: Any) -> None:
    boss = make_person("Bas Baas", handle="bas")  # no department at all
    me = trio["me"]
    me.manager = boss
    me.save(update_fields=["manager"])
    _set(me, "phone", DEPT)
    me.refresh_from_db()
    assert _agree(boss, me, "phone") is True
    # Without a department, the manager sees nobody else's department fields.
    _set(trio["outsider"], "phone", DEPT)
    assert _agree(boss, User.objects.get(pk=trio["outsider"].pk), "phone") is False


def test_org_admin_sees_everything_even_deactivated(
    trio: dict[str, Any], admin: User
) -> None:
    me = trio["me"]
    _set(me, "birthday", ME)
    me.refresh_from_db()
    assert _agree(admin, me, "birthday") is True
    me.is_active = False
    me.save(update_fields=["is_active"])
    assert _agree(admin, me, "birthday") is True
    # Colleagues no longer see a deactivated person at all.
    assert _agree(trio["teammate"], me, "birthday") is False


def test_guest_sees_only_own_fields(trio: dict[str, Any], make_person: Any) -> None:
    guest = make_person("Gast Extern", handle="gast", role=Role.GUEST)
    me = trio["me"]
    assert _agree(guest, me, "location") is False
    assert _agree(guest, guest, "location") is True


def test_anonymous_and_unknown_field(trio: dict[str, Any]) -> None:
    me = trio["me"]
    assert can_see_field(AnonymousUser(), me, "phone") is False
    assert not people_showing_field(AnonymousUser(), "phone").exists()
    with pytest.raises(ValueError):
        can_see_field(me, me, "email")


def test_shown_fields_blank_what_is_hidden(trio: dict[str, Any]) -> None:
    me = trio["me"]
    check_set_privacy_settings(
        me,
        me,
        birthday=datetime.date(1990, 5, 17),
        phone_visibility=ME,
        location_visibility=DEPT,
        birthday_visibility=ORG,
    )
    me.refresh_from_db()
    assert shown_fields(trio["outsider"], me) == {
        "phone": "",
        "location": "",
        "birthday": datetime.date(1990, 5, 17),
    }
    assert shown_fields(trio["teammate"], me)["location"] == "Utrecht"
    assert shown_fields(me, me)["phone"] == "+31 20 555 0101"


def test_access_data_export_only_for_owner(trio: dict[str, Any], admin: User) -> None:
    data_export = DataExport.objects.create(person=trio["me"])
    assert access_data_export(trio["me"], data_export.pk) == data_export
    for other in (trio["teammate"], admin, AnonymousUser()):
        with pytest.raises(NotFound):
            access_data_export(other, data_export.pk)
    with pytest.raises(NotFound):
        access_data_export(trio["me"], "nonsense")
