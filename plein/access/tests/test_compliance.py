"""The compliance pages' gatekeepers: the role or NotFound, never a hint.

Olga is a compliance officer, Ada an organisation admin; Alice is a member
and the moderator moderates. Officers reach exports, holds and the people
and groups they name (deactivated and secret ones too); admins reach the
person they erase; both read the audit log.
"""

from typing import Any

import pytest

from plein.access.compliance import (
    access_compliance_subjects,
    access_export,
    access_hold,
    access_person_for_erasure,
    can_read_audit_log,
)
from plein.core.errors import InvalidInput, NotFound
from plein.governance.compliance.holds import check_create_hold
from plein.governance.compliance.models import Export
from plein.people.actions import do_deactivate_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_person: Any) -> Any:
    return make_person("Olga Officer", role="compliance", handle="olga")


def test_audit_log_is_for_officers_and_admins(
    officer: Any, admin: Any, moderator: Any, alice: Any
) -> None:
    assert can_read_audit_log(officer)
    assert can_read_audit_log(admin)
    assert not can_read_audit_log(moderator)
    assert not can_read_audit_log(alice)
    do_deactivate_person(officer)
    assert not can_read_audit_log(officer)


def test_exports_are_for_officers_only(officer: Any, admin: Any, alice: Any) -> None:
    export = Export.objects.create(requested_by=officer, person=alice)
    assert access_export(officer, export.pk) == export
    for person, export_id in (
        (admin, export.pk),  # forbidden
        (alice, export.pk),
        (officer, export.pk + 1),  # missing
        (officer, "zeven"),
    ):
        with pytest.raises(NotFound):
            access_export(person, export_id)


def test_officers_name_anyone_and_any_group(
    officer: Any, admin: Any, alice: Any, make_group: Any
) -> None:
    secret = make_group(alice, "Fusie", kind="secret")
    do_deactivate_person(alice)
    assert access_compliance_subjects(
        officer, person_id=alice.pk, group_id=secret.pk
    ) == (alice, secret)
    assert access_compliance_subjects(officer, person_id=None, group_id=None) == (
        None,
        None,
    )
    with pytest.raises(InvalidInput) as caught:
        access_compliance_subjects(officer, person_id=999_999, group_id=None)
    assert caught.value.field == "person_id"
    with pytest.raises(InvalidInput) as caught:
        access_compliance_subjects(officer, person_id=None, group_id=999_999)
    assert caught.value.field == "group_id"
    # Others learn nothing, not even whether the ids exist.
    for person_id in (alice.pk, 999_999):
        with pytest.raises(NotFound):
            access_compliance_subjects(admin, person_id=person_id, group_id=None)


def test_holds_are_for_officers_only(officer: Any, admin: Any, alice: Any) -> None:
    hold = check_create_hold(officer, matter="Zaak", person=alice)
    assert access_hold(officer, hold.pk) == hold
    for person, hold_id in ((admin, hold.pk), (alice, hold.pk), (officer, 999_999)):
        with pytest.raises(NotFound):
            access_hold(person, hold_id)


def test_admins_reach_anyone_to_erase(
    officer: Any, admin: Any, moderator: Any, alice: Any
) -> None:
    do_deactivate_person(alice)
    assert access_person_for_erasure(admin, alice.pk) == alice
    for person, person_id in (
        (officer, alice.pk),  # forbidden
        (moderator, alice.pk),
        (admin, 999_999),  # missing
        (admin, "zeven"),
    ):
        with pytest.raises(NotFound):
            access_person_for_erasure(person, person_id)
