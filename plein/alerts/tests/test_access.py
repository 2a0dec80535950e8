"""plein.access.alerts: the predicate and the filter agree for every persona."""

import pytest

from plein.access.alerts import (
    access_alert,
    can_edit_alert,
    can_view_alert,
    visible_alerts,
)
from plein.core.errors import Forbidden, NotFound

pytestmark = pytest.mark.django_db


@pytest.fixture
def alerts(alice, admin, make_alert, run_on_commit):
    from plein.alerts.actions import check_update_alert

    withdrawn = make_alert(admin, "ASML", name="Oud", is_shared=True)
    run_on_commit(check_update_alert, admin, withdrawn, is_active=False)
    return {
        "personal": make_alert(alice, "vergadering"),
        "shared": make_alert(admin, "ING", name="Klanten", is_shared=True),
        "withdrawn": withdrawn,
    }


def test_view_predicate_and_filter_agree(alice, bob, admin, make_person, alerts):
    from plein.access.roles import Role

    guest = make_person("Gerda Gast", role=Role.GUEST)
    expected = {
        alice: {"personal", "shared"},
        bob: {"shared"},
        admin: {"shared", "withdrawn"},
        # External guests: no shared alert exists for them.
        guest: set(),
    }
    for person, names in expected.items():
        visible = set(visible_alerts(person))
        for name, alert in alerts.items():
            assert can_view_alert(person, alert) == (name in names), (person, name)
            assert (alert in visible) == (name in names), (person, name)


def test_edit_rights(alice, bob, admin, alerts):
    assert can_edit_alert(alice, alerts["personal"])
    assert not can_edit_alert(bob, alerts["personal"])
    assert not can_edit_alert(alice, alerts["shared"])
    assert can_edit_alert(admin, alerts["shared"])
    assert not can_edit_alert(admin, alerts["personal"])


def test_access_alert(alice, bob, alerts):
    assert access_alert(alice, alerts["personal"].pk) == alerts["personal"]
    with pytest.raises(NotFound):
        access_alert(bob, alerts["personal"].pk)
    with pytest.raises(NotFound):
        access_alert(bob, "nope")
    with pytest.raises(Forbidden):
        access_alert(bob, alerts["shared"].pk, for_edit=True)


def test_anonymous_sees_nothing(alerts):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not visible_alerts(anonymous).exists()
    assert not can_view_alert(anonymous, alerts["shared"])
    assert not can_edit_alert(anonymous, alerts["shared"])
