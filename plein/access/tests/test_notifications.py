"""Which notifications a person sees: their own, while the subject is visible.

The post rule applies to a notification's post; the rule its app registered
applies to its target (a comment, a group, a wiki page). Grouping, the badge
and each target's own cases are in ``plein/notifications/tests``.
"""

from typing import Any

import pytest

from plein.access.notifications import visible_notifications
from plein.groups.actions import do_remove_member
from plein.notifications.actions import do_notify
from plein.posts.actions import check_create_comment, do_delete_comment, do_delete_post

pytestmark = pytest.mark.django_db


def test_subjects_that_became_invisible_take_their_notifications_along(
    alice: Any,
    bob: Any,
    carol: Any,
    make_group: Any,
    make_post: Any,
    run_on_commit: Any,
) -> None:
    secret = make_group(bob, "Fusie", kind="secret", members=(alice,))
    kept_post = make_post(bob, "Blijft")
    deleted_post = make_post(bob, "Gaat weg")
    comment = run_on_commit(check_create_comment, bob, kept_post, body="Weg")
    in_secret = make_post(bob, "In de groep", group=secret)
    subjects = {
        "post": {"kind": "mention", "post": kept_post},
        "deleted_post": {"kind": "mention", "post": deleted_post},
        "comment": {"kind": "reply", "post": kept_post, "target": comment},
        "group": {"kind": "group_invite", "target": secret},
        "group_post": {"kind": "mention", "post": in_secret},
    }
    for name, subject in subjects.items():
        do_notify([alice.pk, carol.pk], key=name, actor_id=bob.pk, **subject)

    def seen(person: Any) -> set[str]:
        return set(visible_notifications(person).values_list("key", flat=True))

    assert seen(alice) == set(subjects)
    # Carol was never in the secret group: its notifications were not written.
    assert seen(carol) == {"post", "deleted_post", "comment"}
    run_on_commit(do_delete_post, bob, deleted_post)
    run_on_commit(do_delete_comment, bob, comment)
    assert seen(alice) == {"post", "group", "group_post"}
    run_on_commit(do_remove_member, secret, alice)
    assert seen(alice) == {"post"}
    # Only one's own: the author who notified sees none of them.
    assert seen(bob) == set()
