"""Posts, comments, reactions and bookmarks through the API."""

import pytest

from plein.access.roles import GroupKind
from plein.api.tests.conftest import assert_error
from plein.groups.actions import do_add_member
from plein.posts.actions import check_create_comment


def test_create_profile_post_returns_201(alice):
    response = alice.post(
        "/posts", {"body": "Hallo #plein", "title": "Welkom", "language": "nl"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["author"]["id"] == alice.pk
    assert body["group"] is None
    assert body["title"] == "Welkom"
    assert body["kind"] == "article"
    assert "plein" in body["body_html"]


def test_create_post_in_group_as_member_returns_201(alice, make_group):
    group = make_group(alice, "Tuinclub")
    response = alice.post("/posts", {"body": "Oogst!", "group_id": group.pk})
    assert response.status_code == 201
    assert response.json()["group"]["id"] == group.pk


def test_create_post_in_open_group_as_non_member_returns_403(alice, bob, make_group):
    group = make_group(alice, "Tuinclub")
    assert_error(
        bob.post("/posts", {"body": "Hoi", "group_id": group.pk}), 403, "forbidden"
    )


@pytest.mark.parametrize("group_id", ["secret", 999999])
def test_create_post_in_unknown_or_secret_group_returns_same_404(
    alice, bob, make_group, group_id
):
    if group_id == "secret":
        group_id = make_group(alice, "Geheim", GroupKind.SECRET).pk
    body = assert_error(
        bob.post("/posts", {"body": "Hoi", "group_id": group_id}),
        404,
        "not_found",
        "group_id",
    )
    assert body["detail"] == "Dit bestaat niet, of je hebt er geen toegang toe."


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "body"),
        ({"body": ""}, "body"),
        ({"body": "   "}, "body"),
        ({"body": "x" * 60_000}, "body"),
        ({"body": 12}, "body"),
        ({"body": "ok", "group_id": "abc"}, "group_id"),
        ({"body": "ok", "group_id": 2**70}, "group_id"),
        ({"body": "ok", "title": "a\nb"}, "title"),
        ({"body": "ok", "language": "fr"}, "language"),
        ({"body": "nul \x00 byte"}, "body"),
    ],
)
def test_create_post_with_bad_input_names_the_field(alice, payload, field):
    response = alice.post("/posts", payload)
    assert response.status_code in (400, 422), response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert body["field"] == field


def test_create_post_with_malformed_json_returns_400(alice):
    response = alice.call("post", "/posts", raw="{not json")
    assert_error(response, 400, "invalid", "body")


def test_create_post_with_empty_request_body_names_body(alice):
    response = alice.call("post", "/posts", raw="")
    assert response.status_code in (400, 422)
    assert response.json()["field"] == "body"


def test_get_visible_post(alice, bob, make_post):
    post = make_post(alice)
    response = bob.get(f"/posts/{post.pk}")
    assert response.status_code == 200
    assert response.json()["id"] == post.pk


def test_get_post_in_closed_group_as_outsider_returns_404(
    alice, bob, make_group, make_post
):
    group = make_group(alice, "Bestuur", GroupKind.CLOSED)
    post = make_post(alice, group=group)
    missing = bob.get("/posts/99999999")
    hidden = bob.get(f"/posts/{post.pk}")
    assert_error(hidden, 404, "not_found")
    assert hidden.json() == missing.json()


@pytest.mark.parametrize("post_id", ["abc", "1.5", "-1", "0", str(2**70)])
def test_get_post_with_bad_id_returns_4xx_naming_the_field(alice, post_id):
    response = alice.get(f"/posts/{post_id}")
    assert response.status_code in (404, 422), response.content
    if response.status_code == 422:
        assert response.json()["field"] == "post_id"


def test_edit_own_post(alice, make_post):
    post = make_post(alice, body="Eerste versie")
    response = alice.patch(
        f"/posts/{post.pk}", {"body": "Tweede versie", "title": "Nieuw"}
    )
    assert response.status_code == 200
    assert response.json()["body"] == "Tweede versie"
    assert response.json()["edited_at"] is not None


def test_edit_title_only_keeps_body(alice, make_post):
    post = make_post(alice, body="Blijft")
    response = alice.patch(f"/posts/{post.pk}", {"title": "Titel"})
    assert response.status_code == 200
    assert response.json()["body"] == "Blijft"


def test_edit_someone_elses_visible_post_returns_403(alice, bob, make_post):
    post = make_post(alice)
    assert_error(bob.patch(f"/posts/{post.pk}", {"body": "Gekaapt"}), 403, "forbidden")


def test_edit_invisible_post_returns_404(alice, bob, make_group, make_post):
    post = make_post(alice, group=make_group(alice, "Geheim", GroupKind.SECRET))
    assert_error(bob.patch(f"/posts/{post.pk}", {"body": "Gekaapt"}), 404, "not_found")


def test_edit_with_too_long_body_returns_400(alice, make_post):
    post = make_post(alice)
    assert_error(
        alice.patch(f"/posts/{post.pk}", {"body": "x" * 60_000}), 400, "invalid", "body"
    )


def test_delete_own_post_returns_204_and_hides_it(alice, bob, make_post):
    post = make_post(alice)
    assert alice.delete(f"/posts/{post.pk}").status_code == 204
    assert_error(bob.get(f"/posts/{post.pk}"), 404, "not_found")


def test_delete_someone_elses_post_returns_403(alice, bob, make_post):
    post = make_post(alice)
    assert_error(bob.delete(f"/posts/{post.pk}"), 403, "forbidden")


def test_group_admin_and_moderator_may_delete(alice, bob, mod, make_group, make_post):
    group = make_group(alice, "Tuinclub")
    do_add_member(group, bob.user)
    post = make_post(bob, group=group)
    assert alice.delete(f"/posts/{post.pk}").status_code == 204
    other = make_post(bob)
    assert mod.delete(f"/posts/{other.pk}").status_code == 204


def test_comment_on_post_and_list_comments(alice, bob, make_post):
    post = make_post(alice)
    response = bob.post(f"/posts/{post.pk}/comments", {"body": "Mooi!"})
    assert response.status_code == 201
    comment_id = response.json()["id"]
    reply = alice.post(
        f"/posts/{post.pk}/comments", {"body": "Dank", "parent_id": comment_id}
    )
    assert reply.status_code == 201
    assert reply.json()["parent_id"] == comment_id
    listing = alice.get(f"/posts/{post.pk}/comments", {"limit": 1})
    assert listing.status_code == 200
    assert [c["id"] for c in listing.json()["items"]] == [comment_id]
    cursor = listing.json()["next_cursor"]
    rest = alice.get(f"/posts/{post.pk}/comments", {"limit": 1, "after": cursor}).json()
    assert [c["body"] for c in rest["items"]] == ["Dank"]
    assert rest["next_cursor"] is None


def test_comment_with_unknown_parent_names_parent_id(alice, make_post):
    post = make_post(alice)
    assert_error(
        alice.post(f"/posts/{post.pk}/comments", {"body": "x", "parent_id": 424242}),
        400,
        "invalid",
        "parent_id",
    )


def test_comment_on_invisible_post_returns_404(alice, bob, make_group, make_post):
    post = make_post(alice, group=make_group(alice, "Bestuur", GroupKind.CLOSED))
    assert_error(
        bob.post(f"/posts/{post.pk}/comments", {"body": "Hoi"}), 404, "not_found"
    )
    assert_error(bob.get(f"/posts/{post.pk}/comments"), 404, "not_found")


def test_comment_list_limit_is_bounded(alice, make_post):
    post = make_post(alice)
    assert_error(
        alice.get(f"/posts/{post.pk}/comments", {"limit": 101}), 422, "invalid", "limit"
    )
    assert_error(
        alice.get(f"/posts/{post.pk}/comments", {"limit": 0}), 422, "invalid", "limit"
    )


def test_react_toggles_and_counts(alice, bob, make_post):
    post = make_post(alice)
    response = bob.post(f"/posts/{post.pk}/reactions", {"kind": "celebrate"})
    assert response.json() == {"kind": "celebrate", "active": True, "reaction_count": 1}
    again = bob.post(f"/posts/{post.pk}/reactions", {"kind": "celebrate", "on": True})
    assert again.json()["reaction_count"] == 1
    off = bob.post(f"/posts/{post.pk}/reactions", {"kind": "celebrate"})
    assert off.json() == {"kind": "celebrate", "active": False, "reaction_count": 0}


def test_react_with_unknown_kind_names_the_field(alice, make_post):
    post = make_post(alice)
    assert_error(
        alice.post(f"/posts/{post.pk}/reactions", {"kind": "angry"}),
        400,
        "invalid",
        "kind",
    )


def test_bookmark_and_unbookmark(alice, bob, make_post):
    post = make_post(alice)
    response = bob.post(f"/posts/{post.pk}/bookmark")
    assert response.json() == {"post_id": post.pk, "is_bookmarked": True}
    assert bob.delete(f"/posts/{post.pk}/bookmark").status_code == 204


def test_bookmark_invisible_post_returns_404(alice, bob, make_group, make_post):
    post = make_post(alice, group=make_group(alice, "Geheim", GroupKind.SECRET))
    assert_error(bob.post(f"/posts/{post.pk}/bookmark"), 404, "not_found")


def test_comment_helper_agrees_with_api(alice, bob, make_post):
    post = make_post(alice)
    check_create_comment(bob.user, post, body="Via de actie")
    assert alice.get(f"/posts/{post.pk}").json()["comment_count"] == 1
