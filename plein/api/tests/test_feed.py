"""The home feed: content, filters, cursors and the query budget."""

import json

from django.test import Client

from plein.access.roles import GroupKind
from plein.api.schemas import FeedOut
from plein.api.tests.conftest import assert_error
from plein.people.actions import check_follow_person


def test_feed_shows_followed_peoples_posts(
    alice, bob, make_post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        check_follow_person(bob.user, alice.user)
    post = make_post(alice, body="Voor mijn volgers")
    response = bob.get("/feed")
    assert response.status_code == 200
    body = response.json()
    FeedOut.model_validate(body)  # the hand-built JSON matches the documented schema
    assert [item["id"] for item in body["items"]] == [post.pk]
    item = body["items"][0]
    assert item["author"] == {
        "id": alice.pk,
        "handle": alice.user.handle,
        "full_name": "Alice",
    }
    assert item["group"] is None
    assert item["is_read"] is False
    assert body["next_cursor"] is None


def test_feed_paginates_with_cursor(alice, make_post):
    posts = [make_post(alice, body=f"Bericht {n}") for n in range(5)]
    first = alice.get("/feed", {"limit": 2}).json()
    assert [i["id"] for i in first["items"]] == [posts[4].pk, posts[3].pk]
    assert first["next_cursor"] == posts[3].pk
    second = alice.get("/feed", {"limit": 2, "before": first["next_cursor"]}).json()
    assert [i["id"] for i in second["items"]] == [posts[2].pk, posts[1].pk]


def test_feed_filters(alice, make_group, make_post):
    group = make_group(alice, "Tuinclub")
    in_group = make_post(alice, group=group)
    on_profile = make_post(alice)
    assert [
        i["id"] for i in alice.get("/feed", {"filter": "groups"}).json()["items"]
    ] == [in_group.pk]
    assert [
        i["id"] for i in alice.get("/feed", {"filter": "people"}).json()["items"]
    ] == [on_profile.pk]
    alice.post(f"/posts/{in_group.pk}/bookmark")
    assert [
        i["id"] for i in alice.get("/feed", {"filter": "bookmarks"}).json()["items"]
    ] == [in_group.pk]


def test_feed_hides_posts_of_a_group_one_left(alice, bob, make_group, make_post):
    group = make_group(alice, "Bestuur", GroupKind.CLOSED)
    bob.post(f"/groups/{group.pk}/join")  # a request only: closed group
    post = make_post(alice, group=group)
    assert post.pk not in [i["id"] for i in bob.get("/feed").json()["items"]]


def test_feed_rejects_bad_parameters(alice):
    assert_error(alice.get("/feed", {"limit": 101}), 422, "invalid", "limit")
    assert_error(alice.get("/feed", {"limit": "many"}), 422, "invalid", "limit")
    assert_error(alice.get("/feed", {"filter": "everything"}), 422, "invalid", "filter")
    assert_error(alice.get("/feed", {"before": "x"}), 422, "invalid", "before")


def test_feed_query_count_is_bounded(
    alice, make_group, make_post, django_assert_max_num_queries
):
    group = make_group(alice, "Tuinclub")
    for n in range(40):
        make_post(alice, body=f"Bericht {n}", group=group if n % 2 else None)
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {alice.token}"}
    # The first use of a token records last_used_at (then once per 5 minutes).
    client.get("/api/v1/feed", **auth)
    # Token lookup, memberships and the feed page itself.
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/feed", {"limit": 30}, **auth)
    assert response.status_code == 200
    assert len(json.loads(response.content)["items"]) == 30


def test_post_made_through_the_api_is_in_the_authors_next_feed_page(alice):
    # The delivery task never runs here (the test's transaction never
    # commits): the author's own row is written with the post.
    created = alice.post("/posts", {"body": "Vers van de pers"})
    assert created.status_code == 201

    feed = alice.get("/feed")

    assert [item["id"] for item in feed.json()["items"]][:1] == [created.json()["id"]]
