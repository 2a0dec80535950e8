"""Notifications through the API."""

from plein.access.roles import GroupKind
from plein.api.tests.conftest import assert_error


def _reply(persona, post, django_capture_on_commit_callbacks, body="Mooi!"):
    with django_capture_on_commit_callbacks(execute=True):
        response = persona.post(f"/posts/{post.pk}/comments", {"body": body})
    assert response.status_code == 201


def test_notifications_list_and_mark_read(
    alice, bob, make_post, django_capture_on_commit_callbacks
):
    post = make_post(alice)
    _reply(bob, post, django_capture_on_commit_callbacks)
    body = alice.get("/notifications").json()
    assert body["unread_count"] == 1
    [item] = body["items"]
    assert item["post_id"] == post.pk
    assert item["actor"]["id"] == bob.pk
    assert item["is_read"] is False
    assert body["next_cursor"] is None
    marked = alice.post("/notifications/read", {"ids": [item["id"]]}).json()
    assert marked == {"marked": 1, "unread_count": 0}
    assert alice.get("/notifications").json()["items"][0]["is_read"] is True


def test_mark_all_notifications_read_without_body(
    alice, bob, make_post, django_capture_on_commit_callbacks
):
    _reply(bob, make_post(alice), django_capture_on_commit_callbacks)
    _reply(bob, make_post(alice), django_capture_on_commit_callbacks)
    assert alice.post("/notifications/read").json() == {"marked": 2, "unread_count": 0}


def test_notifications_paginate(
    alice, bob, make_post, django_capture_on_commit_callbacks
):
    for _ in range(3):
        _reply(bob, make_post(alice), django_capture_on_commit_callbacks)
    first = alice.get("/notifications", {"limit": 2}).json()
    assert len(first["items"]) == 2
    second = alice.get(
        "/notifications", {"limit": 2, "before": first["next_cursor"]}
    ).json()
    assert len(second["items"]) == 1
    assert second["next_cursor"] is None


def test_notifications_about_posts_one_can_no_longer_see_disappear(
    alice, bob, make_group, make_post, django_capture_on_commit_callbacks
):
    group = make_group(alice, "Tuinclub")
    bob.post(f"/groups/{group.pk}/join")
    post = make_post(bob, group=group)
    _reply(alice, post, django_capture_on_commit_callbacks)
    assert bob.get("/notifications").json()["unread_count"] == 1
    # The group turns closed and bob leaves: the notification goes with it.
    from plein.groups.actions import check_update_group

    check_update_group(
        alice.user, group, name=group.name, description="", kind=GroupKind.CLOSED
    )
    bob.post(f"/groups/{group.pk}/leave")
    assert bob.get("/notifications").json() == {
        "items": [],
        "unread_count": 0,
        "next_cursor": None,
    }


def test_notifications_reject_bad_input(alice):
    assert_error(alice.get("/notifications", {"limit": 500}), 422, "invalid", "limit")
    assert_error(
        alice.post("/notifications/read", {"ids": ["x"]}), 422, "invalid", "ids"
    )
    assert_error(
        alice.post("/notifications/read", {"ids": "all"}), 422, "invalid", "ids"
    )


def test_reactions_to_one_post_are_one_item_and_marked_read_together(
    alice, bob, make_persona, make_post, run_on_commit
):
    from plein.posts.actions import check_react

    post = make_post(alice)
    carol = make_persona("carol")
    for person in (bob, carol):
        run_on_commit(check_react, person.user, post=post, kind="like")
    body = alice.get("/notifications").json()
    assert body["unread_count"] == 1
    [item] = body["items"]
    assert item["kind"] == "reaction" and item["actor"]["id"] == carol.user.pk
    marked = alice.post("/notifications/read", {"ids": [item["id"]]}).json()
    assert marked == {"marked": 2, "unread_count": 0}
    assert alice.get("/notifications").json()["items"][0]["is_read"] is True
