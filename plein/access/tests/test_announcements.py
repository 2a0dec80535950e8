"""Read receipts and required readers: who may see and who may name them.

Alice writes in the group Team, which Bob administers and Carol is a member
of; Dave is outside it. A post one cannot see answers NotFound, as a missing
one does; a visible post whose receipts or readers are not one's business
answers Forbidden with the reason.
"""

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from plein.access.announcements import (
    access_post_for_readers,
    access_receipts,
    can_add_required_readers,
    can_view_receipts,
    sees_hidden_read_state,
)
from plein.access.roles import GroupRole
from plein.core.errors import Forbidden, NotFound
from plein.groups.actions import do_add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(
    alice: Any, bob: Any, carol: Any, make_person: Any, make_group: Any, make_post: Any
) -> dict[str, Any]:
    dave = make_person("Dave Dekker", handle="dave")
    team = make_group(alice, "Team", kind="secret", members=(carol,))
    do_add_member(team, bob, role=GroupRole.ADMIN)
    return {
        "people": {"alice": alice, "bob": bob, "carol": carol, "dave": dave},
        "in_team": make_post(alice, "Lees dit", group=team),
        "profile": make_post(alice, "Op mijn profiel"),
    }


def test_receipts_are_for_the_author_and_the_groups_admins(
    world: dict[str, Any],
) -> None:
    people = world["people"]
    assert [n for n, p in people.items() if can_view_receipts(p, world["in_team"])] == [
        "alice",
        "bob",
    ]
    assert [n for n, p in people.items() if can_view_receipts(p, world["profile"])] == [
        "alice"
    ]


def test_only_the_author_sees_hidden_read_state(world: dict[str, Any]) -> None:
    post = world["in_team"]
    people = world["people"]
    assert [n for n, p in people.items() if sees_hidden_read_state(p, post)] == [
        "alice"
    ]
    assert not sees_hidden_read_state(AnonymousUser(), post)


def test_receipts_gatekeeper_forbids_members_and_hides_from_outsiders(
    world: dict[str, Any],
) -> None:
    people, post = world["people"], world["in_team"]
    assert access_receipts(people["bob"], post.pk) == post
    with translation.override("en"), pytest.raises(Forbidden) as caught:
        access_receipts(people["carol"], post.pk)
    assert caught.value.message == (
        "Only the author and the group's admins can see read receipts."
    )
    # An outsider cannot tell the post from a missing one.
    for post_id in (post.pk, 999_999):
        with pytest.raises(NotFound):
            access_receipts(people["dave"], post_id)


def test_only_the_author_names_required_readers(world: dict[str, Any]) -> None:
    people, post = world["people"], world["in_team"]
    assert [n for n, p in people.items() if can_add_required_readers(p, post)] == [
        "alice"
    ]
    assert access_post_for_readers(people["alice"], post.pk) == post
    with pytest.raises(Forbidden):
        access_post_for_readers(people["bob"], post.pk)
    for post_id in (post.pk, 999_999):
        with pytest.raises(NotFound):
            access_post_for_readers(people["dave"], post_id)
