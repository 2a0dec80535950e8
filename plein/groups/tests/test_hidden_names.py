"""Creating or renaming a group never confirms that a secret group exists.

A name is only taken by a group the actor can see; the new group's address
(its slug) does not depend on groups the actor cannot see; a secret group's
address cannot be guessed from its name. Checked through the action, the
HTML form and the API, on create and on rename, for an outsider, a member
of the secret group and an external guest.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from plein.access.roles import Role
from plein.core.errors import InvalidInput
from plein.groups.actions import check_create_group, check_update_group
from plein.groups.models import Group

pytestmark = pytest.mark.django_db

SECRET_NAME = "Project Overname"


@pytest.fixture
def secret(make_group, alice, bob):
    return make_group(alice, SECRET_NAME, "secret", members=(bob,))


def browser(person):
    client = Client()
    client.force_login(person)
    return client


def test_secret_group_address_cannot_be_guessed_from_its_name(secret):
    assert re.fullmatch(r"project-overname-[a-z2-9]{6}", secret.slug)


@pytest.mark.parametrize("name", [SECRET_NAME, "project OVERNAME"])
def test_outsider_creates_a_group_with_a_secret_groups_name(secret, carol, name):
    group = check_create_group(carol, name=name, kind="open")
    # The address any free name gets: nothing tells a secret group of that
    # name exists.
    assert group.name == name and group.slug == "project-overname"


def test_name_of_a_group_one_can_see_is_still_taken(
    make_group, alice, bob, carol, secret
):
    make_group(alice, "Kantine", "closed")
    with pytest.raises(InvalidInput) as error:
        check_create_group(carol, name="kantine")
    assert error.value.field == "name"
    # Bob is in the secret group: for him the name is taken, as it should be.
    with pytest.raises(InvalidInput) as error:
        check_create_group(bob, name=SECRET_NAME)
    assert error.value.field == "name"


def test_outsider_renames_a_group_to_a_secret_groups_name(secret, carol, make_group):
    mine = make_group(carol, "Lunchclub", "open")
    renamed = check_update_group(
        carol, mine, name=SECRET_NAME, description="", kind="open"
    )
    assert renamed.name == SECRET_NAME and renamed.slug == "lunchclub"


def test_member_renaming_to_the_secret_groups_name_is_told_it_is_taken(
    secret, bob, make_group
):
    mine = make_group(bob, "Lunchclub", "open")
    with pytest.raises(InvalidInput) as error:
        check_update_group(bob, mine, name=SECRET_NAME, description="", kind="open")
    assert error.value.field == "name"


def test_html_form_creates_the_group_and_says_nothing_of_the_secret_one(secret, carol):
    client = browser(carol)
    response = client.post(
        reverse("groups:create"),
        {"name": SECRET_NAME, "description": "", "kind": "open"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "groups:detail", kwargs={"slug": "project-overname"}
    )
    # Renaming through the form: the same.
    mine = Group.objects.get(created_by=carol)
    client.post(
        reverse("groups:edit", kwargs={"slug": mine.slug}),
        {"name": "Lunch", "description": "", "kind": "open"},
    )
    response = client.post(
        reverse("groups:edit", kwargs={"slug": mine.slug}),
        {"name": SECRET_NAME.upper(), "description": "", "kind": "open"},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.name == SECRET_NAME.upper()


def test_api_creates_the_group_like_any_other(secret, carol):
    response = browser(carol).post(
        "/api/v1/groups",
        {"name": SECRET_NAME, "kind": "open"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["slug"] == "project-overname"
    taken = browser(carol).post(
        "/api/v1/groups",
        {"name": SECRET_NAME, "kind": "open"},
        content_type="application/json",
    )
    # Now the clash is with Carol's own, visible group: that may be said.
    assert taken.status_code == 400 and taken.json()["field"] == "name"


def test_guest_gets_an_address_that_tells_nothing_of_groups_they_cannot_see(
    make_person, make_group, alice
):
    guest = make_person("Gerda Gast", role=Role.GUEST)
    make_group(alice, "Kantine", "open")
    with_clash = check_create_group(guest, name="Kantine")
    without_clash = check_create_group(guest, name="Koffie")
    # Both carry a random part: a guest cannot tell a taken name from a free one.
    assert re.fullmatch(r"kantine-[a-z2-9]{6}", with_clash.slug)
    assert re.fullmatch(r"koffie-[a-z2-9]{6}", without_clash.slug)


def test_a_taken_slug_gets_a_random_part_not_a_count(make_group, alice, carol):
    make_group(alice, "Re org", "open")
    other = check_create_group(carol, name="Re-org")
    assert re.fullmatch(r"re-org-[a-z2-9]{6}", other.slug)
