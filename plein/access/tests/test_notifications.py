"""Which notifications a person sees: their own, while the subject is visible."""

from typing import Any

import pytest

from plein.access.notifications import visible_notifications
from plein.groups.actions import do_remove_member
from plein.notifications.models import Kind, Notification
from plein.posts.actions import check_create_comment, do_delete_comment, do_delete_post

pytestmark = pytest.mark.django_db


def _notify(recipient: Any, key: str, **subject: Any) -> Notification:
    return Notification.objects.create(
        recipient=recipient, kind=Kind.MENTION, key=key, **subject
    )


def test_subjects_that_became_invisible_take_their_notifications_along(
    alice: Any, bob: Any, make_group: Any, make_post: Any, run_on_commit: Any
) -> None:
    secret = make_group(bob, "Fusie", kind="secret", members=(alice,))
    kept_post = make_post(bob, "Blijft")
    deleted_post = make_post(bob, "Gaat weg")
    comment = run_on_commit(check_create_comment, bob, kept_post, body="Weg")
    in_secret = make_post(bob, "In de groep", group=secret)
    mine = {
        "plain": _notify(alice, "plain"),
        "post": _notify(alice, "post", post=kept_post),
        "deleted_post": _notify(alice, "deleted", post=deleted_post),
        "comment": _notify(alice, "comment", post=kept_post, comment=comment),
        "group": _notify(alice, "group", group=secret),
        "group_post": _notify(alice, "group-post", post=in_secret, group=secret),
    }
    _notify(bob, "bobs", post=kept_post)

    def seen() -> set[str]:
        ids = set(visible_notifications(alice).values_list("pk", flat=True))
        return {name for name, n in mine.items() if n.pk in ids}

    assert seen() == set(mine)
    run_on_commit(do_delete_post, bob, deleted_post)
    run_on_commit(do_delete_comment, bob, comment)
    assert seen() == {"plain", "post", "group", "group_post"}
    run_on_commit(do_remove_member, secret, alice)
    assert seen() == {"plain", "post"}
    # Only one's own: Bob's notification never shows up for Alice.
    assert visible_notifications(bob).get().key == "bobs"
