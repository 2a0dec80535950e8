"""The kudos and values API: every operation, errors naming the field, access."""

import json

import pytest
from django.test import Client

from plein.engagement.kudos.models import Kudos, Value
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, person):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {do_create_api_token(person)[1]}"}

    def get(self, path, data=None):
        return self.client.get(f"/api/v1{path}", data, headers=self.headers)

    def send(self, method, path, data=None):
        return self.client.generic(
            method,
            f"/api/v1{path}",
            json.dumps(data) if data is not None else "",
            content_type="application/json",
            headers=self.headers,
        )


def test_give_read_back_and_list_kudos(alice, bob, carol, value):
    given = Api(alice).send(
        "POST",
        "/kudos",
        {"value_id": value.pk, "message": "Dank!", "recipient_ids": [bob.pk]},
    )
    assert given.status_code == 201, given.content
    body = given.json()
    assert body["value"]["name_nl"] == "Samen sterker"
    assert [p["id"] for p in body["people"]] == [bob.pk]
    assert body["giver"]["id"] == alice.pk and body["group"] is None
    detail = Api(carol).get(f"/kudos/{body['id']}")
    assert detail.status_code == 200 and detail.json()["message"] == "Dank!"
    listed = Api(carol).get("/kudos", {"person_id": bob.pk})
    assert [k["id"] for k in listed.json()["items"]] == [body["id"]]
    assert Api(carol).get("/kudos", {"giver_id": carol.pk}).json()["items"] == []


def test_self_kudos_answers_400_naming_the_field(alice, value):
    response = Api(alice).send(
        "POST",
        "/kudos",
        {"value_id": value.pk, "message": "Ik!", "recipient_ids": [alice.pk]},
    )
    assert response.status_code == 400
    assert response.json()["field"] == "recipient_ids"


def test_the_limit_answers_429_naming_the_field(alice, bob, value):
    api = Api(alice)
    payload = {"value_id": value.pk, "message": "Top", "recipient_ids": [bob.pk]}
    assert api.send("POST", "/kudos", payload).status_code == 201
    assert api.send("POST", "/kudos", payload).status_code == 201
    third = api.send("POST", "/kudos", payload)
    assert third.status_code == 429
    assert third.json()["code"] == "limit_reached"
    assert third.json()["field"] == "recipient_ids"


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"value_id": 999999}, 400, "value_id"),
        ({"recipient_ids": [999999]}, 400, "recipient_ids"),
        ({"team_id": 999999}, 404, "team_id"),
        ({"group_id": 999999}, 404, "group_id"),
        ({"subject": {"kind": "post", "id": 999999}}, 400, "subject"),
        ({"subject": {"kind": "group", "id": 1}}, 422, "subject"),
        ({"subject_url": "/people/alice/"}, 400, "subject_url"),
        ({"message": ""}, 400, "body"),
    ],
)
def test_bad_input_names_the_field(alice, bob, value, change, status, field):
    payload = {
        "value_id": value.pk,
        "message": "Dank",
        "recipient_ids": [bob.pk],
        **change,
    }
    response = Api(alice).send("POST", "/kudos", payload)
    assert response.status_code == status, response.content
    assert response.json()["field"] == field


def test_kudos_for_a_page_by_url_and_for_a_post_by_id(
    alice, bob, value, make_post, run_on_commit
):
    from django.urls import reverse

    from plein.knowledge.wiki.actions import check_create_page

    page = run_on_commit(check_create_page, bob, title="Handboek", body="x")
    post = make_post(bob, "Nieuws")
    by_url = Api(alice).send(
        "POST",
        "/kudos",
        {
            "value_id": value.pk,
            "message": "Handig!",
            "recipient_ids": [bob.pk],
            "subject_url": reverse("wiki:page", args=[page.pk]),
        },
    )
    assert by_url.json()["subject"]["kind"] == "page"
    assert by_url.json()["subject"]["title"] == "Handboek"
    by_id = Api(alice).send(
        "POST",
        "/kudos",
        {
            "value_id": value.pk,
            "message": "Goed!",
            "recipient_ids": [bob.pk],
            "subject": {"kind": "post", "id": post.pk},
        },
    )
    assert by_id.json()["subject"]["url"] == f"/posts/{post.pk}/"


def test_a_team_kudos_in_a_group(alice, bob, value, make_group):
    team = make_group(alice, "Team", kind="secret", members=(bob,))
    response = Api(alice).send(
        "POST",
        "/kudos",
        {
            "value_id": value.pk,
            "message": "Team!",
            "team_id": team.pk,
            "group_id": team.pk,
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["team"]["id"] == team.pk


def test_hidden_kudos_answer_like_missing(alice, bob, carol, value, make_group, give):
    group = make_group(alice, "Geheim", kind="secret", members=(bob,))
    post = give(alice, [bob], group=group)
    hidden = Api(carol).get(f"/kudos/{post.pk}")
    missing = Api(carol).get("/kudos/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert Api(carol).get("/kudos").json()["items"] == []
    assert Api(carol).get("/kudos", {"team_id": group.pk}).json()["field"] == "team_id"


def test_list_filters_and_pages(alice, bob, carol, give, make_value):
    other = make_value("Klant centraal", "Customer first")
    first = give(alice, [bob])
    second = give(alice, [carol], value=other)
    page = Api(bob).get("/kudos", {"limit": 1})
    assert [k["id"] for k in page.json()["items"]] == [second.pk]
    rest = Api(bob).get("/kudos", {"limit": 1, "before": page.json()["next_cursor"]})
    assert [k["id"] for k in rest.json()["items"]] == [first.pk]
    by_value = Api(bob).get("/kudos", {"value_id": other.pk})
    assert [k["id"] for k in by_value.json()["items"]] == [second.pk]
    assert Api(bob).get("/kudos", {"person_id": 999999}).json()["field"] == "person_id"
    assert Api(bob).get("/kudos", {"value_id": 999999}).json()["field"] == "value_id"


def test_values_are_listed_for_everyone_in_both_languages(alice, value):
    items = Api(alice).get("/values").json()["items"]
    assert items[0]["name_nl"] == "Samen sterker"
    assert items[0]["name_en"] == "Stronger together"
    assert items[0]["is_active"] is True


def test_values_are_written_by_admins_only(alice, admin, value):
    denied = Api(alice).send("POST", "/values", {"name_nl": "X", "name_en": "Y"})
    assert denied.status_code == 404
    patch_denied = Api(alice).send("PATCH", f"/values/{value.pk}", {"is_active": False})
    assert patch_denied.status_code == 404
    created = Api(admin).send(
        "POST", "/values", {"name_nl": "Durf te leren", "name_en": "Dare to learn"}
    )
    assert created.status_code == 201
    changed = Api(admin).send(
        "PATCH", f"/values/{created.json()['id']}", {"is_active": False, "order": 5}
    )
    assert changed.status_code == 200
    assert changed.json()["is_active"] is False and changed.json()["order"] == 5
    taken = Api(admin).send(
        "POST", "/values", {"name_nl": "Samen sterker", "name_en": "Z"}
    )
    assert taken.status_code == 400 and taken.json()["field"] == "name_nl"


def test_the_api_needs_a_signed_in_person():
    assert Client().get("/api/v1/values").status_code == 401
    assert not Kudos.objects.exists() and not Value.objects.exists()
