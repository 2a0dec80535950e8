"""The required-reading endpoints of the REST API.

The API personas (with tokens) come from the API's own conftest.
"""

# ruff: noqa: F811 - pytest fixtures are parameters named like the imports

import datetime

import pytest
from django.utils import timezone

from plein.access.roles import GroupKind
from plein.announcements.models import RequiredReader
from plein.api.tests.conftest import (  # noqa: F401 - API personas
    _clear_cache,
    alice,
    assert_error,
    bob,
    make_group,
    make_persona,
    make_post,
    mod,
)
from plein.groups.actions import do_add_member


@pytest.fixture
def carol(make_persona):
    return make_persona("carol")


def test_name_readers_confirm_and_receipts(alice, bob, carol, make_post):
    post = make_post(alice, "Lees dit")
    response = alice.post(
        f"/posts/{post.pk}/required-readers",
        {"people": [bob.pk, carol.pk], "requires_action": True},
    )
    assert response.status_code == 200, response.content
    assert response.json()["reader_count"] == 2
    assert response.json()["requires_action"] is True

    pending = bob.get("/me/required-reading")
    assert pending.status_code == 200
    assert [item["post"]["id"] for item in pending.json()] == [post.pk]

    confirmed = bob.post(f"/posts/{post.pk}/confirm")
    assert confirmed.status_code == 200
    assert confirmed.json()["confirmed_at"]
    assert bob.get("/me/required-reading").json() == []

    receipts = alice.get(f"/posts/{post.pk}/receipts").json()
    assert (receipts["confirmed"], receipts["neither"]) == (1, 1)
    states = {p["person"]["id"]: p["state"] for p in receipts["people"]}
    assert states == {bob.pk: "confirmed", carol.pk: "neither"}


def test_groups_and_departments_expand(alice, bob, carol, make_post):
    from plein.groups.actions import check_create_group

    group = check_create_group(alice.user, name="Team", kind=GroupKind.OPEN)
    do_add_member(group, bob.user)
    post = make_post(alice)
    response = alice.post(
        f"/posts/{post.pk}/required-readers", {"group_ids": [group.pk]}
    )
    assert response.status_code == 200
    assert set(RequiredReader.objects.values_list("user_id", flat=True)) == {bob.pk}


def test_refused_reader_names_the_field(alice, bob, make_group, make_post):
    group = make_group(alice, "Besloten", GroupKind.CLOSED)
    post = make_post(alice, group=group)
    assert_error(
        alice.post(f"/posts/{post.pk}/required-readers", {"people": [bob.pk]}),
        400,
        "invalid",
        "required_readers",
    )
    past = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert_error(
        alice.post(
            f"/posts/{post.pk}/required-readers", {"people": [bob.pk], "due_at": past}
        ),
        400,
        "invalid",
        "due_at",
    )


def test_non_author_gets_403_and_outsider_404(alice, bob, carol, make_group, make_post):
    post = make_post(alice)
    assert_error(
        bob.post(f"/posts/{post.pk}/required-readers", {"people": [carol.pk]}),
        403,
        "forbidden",
    )
    assert_error(bob.get(f"/posts/{post.pk}/receipts"), 403, "forbidden")
    secret = make_group(alice, "Geheim", GroupKind.SECRET)
    hidden = make_post(alice, group=secret)
    assert_error(bob.get(f"/posts/{hidden.pk}/receipts"), 404, "not_found")
    assert_error(bob.post(f"/posts/{hidden.pk}/confirm"), 404, "not_found")
    assert_error(bob.post(f"/posts/{post.pk}/confirm"), 404, "not_found")


def test_receipts_hide_private_states_from_group_admins(
    alice,
    bob,
    carol,
    make_post,
):
    from plein.groups.actions import check_create_group

    group = check_create_group(carol.user, name="Team", kind=GroupKind.OPEN)
    do_add_member(group, alice.user)
    do_add_member(group, bob.user)
    bob.user.shows_read_state = False
    bob.user.save(update_fields=["shows_read_state"])
    post = make_post(alice, group=group)
    alice.post(f"/posts/{post.pk}/required-readers", {"people": [bob.pk]})
    bob.post(f"/posts/{post.pk}/confirm")

    as_admin = carol.get(f"/posts/{post.pk}/receipts").json()
    assert as_admin["confirmed"] == 1
    assert as_admin["people"][0]["state"] == "hidden"
    assert as_admin["people"][0]["confirmed_at"] is None
    as_author = alice.get(f"/posts/{post.pk}/receipts").json()
    assert as_author["people"][0]["state"] == "confirmed"
