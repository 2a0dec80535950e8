"""Groups through the API: the owner, a colleague and the secret group."""

from plein.access.roles import GroupKind
from plein.api.tests.conftest import assert_error
from plein.groups.actions import do_add_member


def test_list_groups_shows_visible_groups_with_membership(alice, bob, make_group):
    open_group = make_group(alice, "Tuinclub")
    make_group(alice, "Geheim", GroupKind.SECRET)
    items = bob.get("/groups").json()["items"]
    assert [(g["id"], g["is_member"], g["kind"], g["member_count"]) for g in items] == [
        (open_group.pk, False, "open", 1)
    ]
    mine = alice.get("/groups", {"member": "true"}).json()["items"]
    assert {g["name"] for g in mine} == {"Tuinclub", "Geheim"}
    assert all(g["is_member"] for g in mine)


def test_list_groups_paginates_and_bounds_limit(alice, make_group):
    for name in ("A", "B", "C"):
        make_group(alice, f"Groep {name}")
    first = alice.get("/groups", {"limit": 2}).json()
    assert [g["name"] for g in first["items"]] == ["Groep A", "Groep B"]
    assert first["next_offset"] == 2
    assert_error(alice.get("/groups", {"limit": 1000}), 422, "invalid", "limit")


def test_create_group_returns_201_with_caller_as_member(alice):
    response = alice.post(
        "/groups",
        {"name": "Fietsclub", "description": "Samen fietsen", "kind": "closed"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "closed"
    assert body["is_member"] is True
    assert body["member_count"] == 1


def test_create_group_with_bad_input_names_the_field(alice, make_group):
    make_group(alice, "Bestaat")
    assert_error(alice.post("/groups", {"name": ""}), 400, "invalid", "name")
    assert_error(alice.post("/groups", {"name": "Bestaat"}), 400, "invalid", "name")
    assert_error(
        alice.post("/groups", {"name": "Nieuw", "kind": "public"}),
        400,
        "invalid",
        "kind",
    )
    assert_error(alice.post("/groups", {"name": "x" * 300}), 422, "invalid", "name")
    assert_error(alice.post("/groups", {"name": "Nul\x00"}), 422, "invalid", "name")


def test_get_group(alice, bob, make_group):
    group = make_group(alice, "Tuinclub")
    assert bob.get(f"/groups/{group.pk}").json()["name"] == "Tuinclub"


def test_get_secret_group_as_outsider_is_same_404_as_missing(alice, bob, make_group):
    group = make_group(alice, "Geheim", GroupKind.SECRET)
    hidden = bob.get(f"/groups/{group.pk}")
    assert_error(hidden, 404, "not_found")
    assert hidden.json() == bob.get("/groups/987654").json()


def test_join_open_group_makes_member(alice, bob, make_group):
    group = make_group(alice, "Tuinclub")
    response = bob.post(f"/groups/{group.pk}/join")
    assert response.status_code == 200
    assert response.json()["status"] == "member"
    assert response.json()["group"]["member_count"] == 2


def test_join_closed_group_creates_pending_request(
    alice, bob, make_group, django_capture_on_commit_callbacks
):
    group = make_group(alice, "Bestuur", GroupKind.CLOSED)
    with django_capture_on_commit_callbacks(execute=True):
        response = bob.post(f"/groups/{group.pk}/join")
    assert response.status_code == 202
    assert response.json()["status"] == "pending"
    assert response.json()["group"]["is_member"] is False


def test_join_secret_group_as_outsider_returns_404(alice, bob, make_group):
    group = make_group(alice, "Geheim", GroupKind.SECRET)
    assert_error(bob.post(f"/groups/{group.pk}/join"), 404, "not_found")


def test_leave_group(alice, bob, make_group):
    group = make_group(alice, "Tuinclub")
    do_add_member(group, bob.user)
    assert bob.post(f"/groups/{group.pk}/leave").status_code == 204
    assert_error(bob.post(f"/groups/{group.pk}/leave"), 400, "invalid")


def test_last_admin_cannot_leave_a_group_with_members(alice, bob, make_group):
    group = make_group(alice, "Tuinclub")
    do_add_member(group, bob.user)
    assert_error(alice.post(f"/groups/{group.pk}/leave"), 409, "conflict")


def test_group_posts_for_member_and_open_group(alice, bob, make_group, make_post):
    group = make_group(alice, "Tuinclub")
    post = make_post(alice, group=group)
    make_post(alice)  # a profile post stays out
    items = bob.get(f"/groups/{group.pk}/posts").json()["items"]
    assert [p["id"] for p in items] == [post.pk]


def test_group_posts_of_closed_group_as_outsider_returns_403(
    alice, bob, make_group, make_post
):
    group = make_group(alice, "Bestuur", GroupKind.CLOSED)
    make_post(alice, group=group)
    assert_error(bob.get(f"/groups/{group.pk}/posts"), 403, "forbidden")
    assert len(alice.get(f"/groups/{group.pk}/posts").json()["items"]) == 1


def test_group_posts_of_secret_group_as_outsider_returns_404(alice, bob, make_group):
    group = make_group(alice, "Geheim", GroupKind.SECRET)
    assert_error(bob.get(f"/groups/{group.pk}/posts"), 404, "not_found")


def test_group_id_must_be_a_number(alice):
    assert_error(alice.get("/groups/abc"), 422, "invalid", "group_id")


def test_invited_person_can_see_and_join_secret_group(alice, bob, make_group):
    from plein.groups.actions import check_invite_to_group

    group = make_group(alice, "Geheim", GroupKind.SECRET)
    check_invite_to_group(alice.user, group, bob.user)
    assert bob.get(f"/groups/{group.pk}").status_code == 200
    response = bob.post(f"/groups/{group.pk}/join")
    assert response.status_code == 200
    assert response.json()["status"] == "member"
