"""Who reviews what leak prevention held back: the queue and the gatekeeper.

The queue (``plein.governance.dlp.queries.list_held_items``) and the
gatekeeper (``access_held_item``) must agree: a reviewer judges exactly the
items their queue shows. A held post in a secret group is out of reach of a
moderator who is not in it.
"""

from typing import Any

import pytest

from plein.access.dlp import access_held_item, can_review_leaks
from plein.core.errors import NotFound
from plein.governance.dlp.queries import list_held_items
from plein.governance.dlp.tests.conftest import IBAN_TEXT
from plein.people.actions import do_deactivate_person
from plein.posts.actions import (
    check_create_comment,
    check_create_post,
    do_delete_post,
    do_release,
)
from plein.posts.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(
    alice: Any,
    bob: Any,
    moderator: Any,
    admin: Any,
    make_group: Any,
    make_post: Any,
    run_on_commit: Any,
) -> dict[str, Any]:
    secret = make_group(alice, "Geheim", kind="secret", members=(admin,))
    open_post = make_post(alice, "Gewoon bericht")
    doomed_post = make_post(alice, "Gaat weg")
    items = {
        "post": run_on_commit(check_create_post, alice, body=IBAN_TEXT),
        "secret_post": run_on_commit(
            check_create_post, alice, body=IBAN_TEXT, group=secret
        ),
        "comment": run_on_commit(check_create_comment, bob, open_post, body=IBAN_TEXT),
        "released": run_on_commit(check_create_post, bob, body=IBAN_TEXT),
        "deleted": run_on_commit(check_create_post, bob, body=IBAN_TEXT),
        "under_deleted": run_on_commit(
            check_create_comment, bob, doomed_post, body=IBAN_TEXT
        ),
    }
    do_release(items["released"])
    run_on_commit(do_delete_post, bob, items["deleted"])
    run_on_commit(do_delete_post, alice, doomed_post)
    people = {"alice": alice, "bob": bob, "moderator": moderator, "admin": admin}
    return {"people": people, "items": items}


def _kind(obj: Any) -> str:
    return "comment" if isinstance(obj, Comment) else "post"


def test_reviewers_are_moderators_and_admins(world: dict[str, Any]) -> None:
    people = world["people"]
    assert [n for n, p in people.items() if can_review_leaks(p)] == [
        "moderator",
        "admin",
    ]
    do_deactivate_person(people["admin"])
    assert not can_review_leaks(people["admin"])


def test_queue_and_gatekeeper_agree_for_every_persona(world: dict[str, Any]) -> None:
    for name, person in world["people"].items():
        queue = {(i.kind, i.obj.pk) for i in list_held_items(person)}
        reachable = set()
        for obj in world["items"].values():
            key = (_kind(obj), obj.pk)
            try:
                access_held_item(person, *key)
            except NotFound:
                continue
            reachable.add(key)
        assert queue == reachable, name
    items = world["items"]
    # The admin is in the secret group; the moderator is not.
    assert {(i.kind, i.obj.pk) for i in list_held_items(world["people"]["admin"])} == {
        ("post", items["post"].pk),
        ("post", items["secret_post"].pk),
        ("comment", items["comment"].pk),
    }
    assert ("post", items["secret_post"].pk) not in {
        (i.kind, i.obj.pk) for i in list_held_items(world["people"]["moderator"])
    }


def test_gatekeeper_answers_missing_and_forbidden_alike(world: dict[str, Any]) -> None:
    moderator, items = world["people"]["moderator"], world["items"]
    assert access_held_item(moderator, "post", items["post"].pk) == items["post"]
    assert (
        access_held_item(moderator, "comment", items["comment"].pk)
        == (items["comment"])
    )
    for kind, object_id in (
        ("post", items["secret_post"].pk),  # forbidden: cannot read it
        ("post", items["released"].pk),  # no longer held
        ("post", items["deleted"].pk),
        ("comment", items["under_deleted"].pk),  # its post was deleted
        ("post", 999_999),  # missing
        ("comment", items["post"].pk),  # not a held comment
        ("page", items["post"].pk),  # not a kind leak prevention holds
    ):
        with pytest.raises(NotFound):
            access_held_item(moderator, kind, object_id)
    with pytest.raises(NotFound):
        access_held_item(world["people"]["alice"], "post", items["post"].pk)
