"""The directory, one's own profile and follows."""

from plein.access.roles import GroupKind
from plein.api.tests.conftest import assert_error
from plein.people.actions import do_deactivate_person
from plein.people.models import Department
from plein.posts.actions import check_create_post


def test_me_returns_the_callers_profile(db, make_persona):
    department = Department.objects.create(name="Financiën", slug="financien")
    alice = make_persona(
        "alice", job_title="Controller", department=department, location="Utrecht"
    )
    body = alice.get("/me").json()
    assert body == {
        "id": alice.pk,
        "handle": "alice",
        "full_name": "Alice",
        "email": "alice@example.org",
        "job_title": "Controller",
        "department": {"id": department.pk, "name": "Financiën"},
        "location": "Utrecht",
        "language": "nl",
        "timezone": "Europe/Amsterdam",
        "role": "member",
    }


def test_people_directory_searches_and_hides_deactivated(alice, bob, make_persona):
    gone = make_persona("gone")
    do_deactivate_person(gone.user)
    names = [p["full_name"] for p in alice.get("/people").json()["items"]]
    assert names == ["Alice", "Bob"]
    found = alice.get("/people", {"q": "bo"}).json()
    assert [p["id"] for p in found["items"]] == [bob.pk]
    assert found["count"] == 1


def test_people_directory_filters_by_department_and_paginates(db, make_persona):
    department = Department.objects.create(name="ICT", slug="ict")
    alice = make_persona("alice", department=department)
    make_persona("bob", department=department)
    make_persona("carol")
    first = alice.get("/people", {"department": department.pk, "limit": 1}).json()
    assert [p["full_name"] for p in first["items"]] == ["Alice"]
    assert first["next_offset"] == 1
    assert_error(alice.get("/people", {"limit": 0}), 422, "invalid", "limit")
    assert_error(alice.get("/people", {"q": "x" * 500}), 422, "invalid", "q")
    assert_error(alice.get("/people", {"q": "a\x00b"}), 422, "invalid", "q")


def test_person_detail(alice, bob):
    body = alice.get(f"/people/{bob.pk}").json()
    assert body["handle"] == "bob"
    assert body["is_following"] is False


def test_deactivated_person_is_404_like_a_missing_one(alice, make_persona):
    gone = make_persona("gone")
    do_deactivate_person(gone.user)
    assert_error(alice.get(f"/people/{gone.pk}"), 404, "not_found")
    assert_error(alice.get("/people/abc"), 422, "invalid", "person_id")


def test_follow_and_unfollow_person(alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = alice.post("/follows", {"type": "person", "id": bob.pk})
    assert response.status_code == 201
    assert response.json() == {"type": "person", "id": bob.pk, "name": "Bob"}
    assert alice.get(f"/people/{bob.pk}").json()["is_following"] is True
    assert alice.delete("/follows", {"type": "person", "id": bob.pk}).status_code == 204
    assert alice.get(f"/people/{bob.pk}").json()["is_following"] is False


def test_follow_self_or_without_id_is_refused(alice):
    assert_error(
        alice.post("/follows", {"type": "person", "id": alice.pk}),
        400,
        "invalid",
        "user_id",
    )
    assert_error(alice.post("/follows", {"type": "person"}), 400, "invalid", "id")
    assert_error(
        alice.post("/follows", {"type": "planet", "id": 1}), 422, "invalid", "type"
    )
    assert_error(
        alice.post("/follows", {"type": "person", "id": 99999}), 404, "not_found"
    )


def test_follow_group_closely_requires_membership(alice, bob, make_group):
    group = make_group(alice, "Tuinclub")
    assert alice.post("/follows", {"type": "group", "id": group.pk}).status_code == 201
    assert_error(
        bob.post("/follows", {"type": "group", "id": group.pk}), 400, "invalid", "group"
    )
    secret = make_group(alice, "Geheim", GroupKind.SECRET)
    assert_error(
        bob.post("/follows", {"type": "group", "id": secret.pk}), 404, "not_found"
    )
    assert (
        alice.delete("/follows", {"type": "group", "id": group.pk}).status_code == 204
    )


def test_follow_hashtag(alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        check_create_post(alice.user, body="Lekker weer #zomer")
    response = bob.post("/follows", {"type": "hashtag", "name": "#Zomer"})
    assert response.status_code == 201
    assert response.json()["name"] == "zomer"
    assert (
        bob.delete("/follows", {"type": "hashtag", "name": "zomer"}).status_code == 204
    )
    assert_error(
        bob.post("/follows", {"type": "hashtag", "name": "onbekend"}), 404, "not_found"
    )
    assert_error(bob.post("/follows", {"type": "hashtag"}), 400, "invalid", "name")
