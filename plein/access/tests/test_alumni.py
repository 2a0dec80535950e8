"""The alumni rules: who runs the programme, and what alumni are offered."""

import pytest

from plein.access.alumni import (
    access_alumni_person,
    can_invite_back,
    can_offer_alumni_account,
    can_use_alumni_home,
    shows_menu_item,
)
from plein.access.people import is_alumni, is_guest, is_outsider, visible_people
from plein.access.posts import can_post_to_organisation
from plein.access.roles import Role
from plein.core.errors import NotFound

pytestmark = pytest.mark.django_db


@pytest.fixture
def alumnus(make_person):
    return make_person("Alma Alumna", role=Role.ALUMNI)


@pytest.fixture
def guest(make_person):
    return make_person("Gijs Gast", role=Role.GUEST)


def test_alumni_and_guests_are_outsiders(alice, alumnus, guest):
    assert is_alumni(alumnus) and not is_guest(alumnus)
    assert is_guest(guest) and not is_alumni(guest)
    assert is_outsider(alumnus) and is_outsider(guest)
    assert not is_outsider(alice)
    assert not can_post_to_organisation(alumnus)
    assert not can_post_to_organisation(guest)
    assert can_post_to_organisation(alice)


def test_outsider_in_no_group_sees_only_themselves(alumnus, alice):
    assert list(visible_people(alumnus)) == [alumnus]


def test_hr_offers_to_colleagues_and_invites_alumni_back(
    moderator, admin, alice, alumnus, guest
):
    for hr in (moderator, admin):
        assert can_offer_alumni_account(hr, alice)
        assert not can_offer_alumni_account(hr, alumnus)
        assert not can_offer_alumni_account(hr, guest)
        assert not can_offer_alumni_account(hr, hr)
        assert can_invite_back(hr, alumnus)
        assert not can_invite_back(hr, alice)
        assert can_use_alumni_home(hr)
        assert access_alumni_person(hr, alice.pk) == alice
    assert not can_offer_alumni_account(alice, alice)
    assert not can_invite_back(alice, alumnus)
    assert not can_use_alumni_home(alice)
    assert can_use_alumni_home(alumnus)


@pytest.mark.parametrize("person_id", ["nope", None, 10**9])
def test_access_alumni_person_missing_is_not_found(moderator, person_id):
    with pytest.raises(NotFound):
        access_alumni_person(moderator, person_id)


def test_access_alumni_person_is_not_found_for_colleagues(alice, bob):
    with pytest.raises(NotFound):
        access_alumni_person(alice, bob.pk)


def test_alumni_menus_keep_their_own_links(alumnus, alice):
    assert shows_menu_item("header.nav", "alumni", alumnus)
    assert shows_menu_item("header.nav", "vacancies", alumnus)
    assert shows_menu_item("header.menu", "referrals.mine", alumnus)
    assert not shows_menu_item("header.nav", "wiki", alumnus)
    assert not shows_menu_item("header.menu", "surveys", alumnus)
    assert shows_menu_item("settings.tabs", "privacy", alumnus)
    assert shows_menu_item("header.nav", "wiki", alice)
