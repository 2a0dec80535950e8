"""Search through the API: scoping, filters, cursors and bad input."""

from plein.access.roles import GroupKind
from plein.api.tests.conftest import assert_error


def test_search_finds_visible_posts_only(alice, bob, make_group, make_post):
    public = make_post(
        alice, body="De fietsenstalling gaat dicht", title="Fietsenstalling"
    )
    secret_group = make_group(alice, "Geheim", GroupKind.SECRET)
    make_post(alice, body="Geheime fietsenstalling plannen", group=secret_group)
    response = bob.get("/search", {"q": "fietsenstalling"})
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert [(h["post_id"], h["comment_id"]) for h in items] == [(public.pk, None)]
    hit = items[0]
    assert hit["author"]["id"] == alice.pk
    assert hit["group"] is None
    assert hit["title"] == "Fietsenstalling"
    assert hit["url"] == f"/posts/{public.pk}/"
    # The author, a member of the secret group, finds both.
    assert len(alice.get("/search", {"q": "fietsenstalling"}).json()["items"]) == 2


def test_search_paginates_newest_first(alice, make_post):
    posts = [make_post(alice, body=f"Vergadering nummer {n}") for n in range(3)]
    first = alice.get("/search", {"q": "vergadering", "limit": 2}).json()
    assert [h["post_id"] for h in first["items"]] == [posts[2].pk, posts[1].pk]
    second = alice.get(
        "/search", {"q": "vergadering", "limit": 2, "before": first["next_cursor"]}
    ).json()
    assert [h["post_id"] for h in second["items"]] == [posts[0].pk]
    assert second["next_cursor"] is None


def test_search_by_relevance_and_filters(alice, bob, make_group, make_post):
    group = make_group(alice, "Tuinclub")
    in_group = make_post(alice, body="Tomaten oogsten", group=group)
    make_post(bob, body="Tomaten kopen")
    ranked = alice.get("/search", {"q": "tomaten", "order": "relevance"}).json()
    assert len(ranked["items"]) == 2
    assert all(h["score"] is not None for h in ranked["items"])
    by_group = alice.get("/search", {"q": "tomaten", "group_id": group.pk}).json()
    assert [h["post_id"] for h in by_group["items"]] == [in_group.pk]
    by_author = alice.get("/search", {"q": "tomaten", "author_id": bob.pk}).json()
    assert [h["author"]["id"] for h in by_author["items"]] == [bob.pk]


def test_search_rejects_bad_input(alice):
    assert_error(alice.get("/search"), 422, "invalid", "q")
    assert_error(alice.get("/search", {"q": "!!!"}), 400, "invalid", "q")
    assert_error(alice.get("/search", {"q": "x" * 600}), 422, "invalid", "q")
    assert_error(
        alice.get("/search", {"q": "a", "order": "oldest"}), 422, "invalid", "order"
    )
    assert_error(
        alice.get("/search", {"q": "a", "limit": 101}), 422, "invalid", "limit"
    )
    assert_error(
        alice.get("/search", {"q": "a", "date_from": "gisteren"}),
        422,
        "invalid",
        "date_from",
    )
    assert_error(
        alice.get("/search", {"q": "a", "group_id": "abc"}), 422, "invalid", "group_id"
    )
    body = alice.get(
        "/search", {"q": "a", "date_from": "2026-02-01", "date_to": "2026-01-01"}
    )
    assert_error(body, 400, "invalid", "date_to")


def test_search_names(alice, bob, make_group, make_post):
    make_group(alice, "Fietsclub")
    make_group(alice, "Fietsgeheim", GroupKind.SECRET)
    make_post(alice, body="Op weg #fietsen")
    assert [p["id"] for p in bob.get("/search/people", {"q": "bob"}).json()] == [bob.pk]
    assert [g["name"] for g in bob.get("/search/groups", {"q": "fiets"}).json()] == [
        "Fietsclub"
    ]
    tags = bob.get("/search/hashtags", {"q": "fiets"}).json()
    assert [(t["name"], t["post_count"]) for t in tags] == [("fietsen", 1)]
    assert_error(
        bob.get("/search/people", {"q": "bob", "limit": 1000}), 422, "invalid", "limit"
    )
