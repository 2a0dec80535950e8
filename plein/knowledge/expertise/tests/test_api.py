"""/api/v1/expertise: the finder, one's inferred topics, endorsements."""

from typing import Any

import pytest
from django.test import Client

from plein.knowledge.expertise.models import Endorsement, TopicConsent
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, person: Any) -> None:
        self.headers = {"Authorization": f"Bearer {do_create_api_token(person)[1]}"}
        self.client = Client()

    def get(self, path: str, data: Any = None) -> Any:
        return self.client.get(
            f"/api/v1/expertise{path}", data or {}, headers=self.headers
        )

    def post(self, path: str, data: Any) -> Any:
        return self.client.post(
            f"/api/v1/expertise{path}",
            data,
            content_type="application/json",
            headers=self.headers,
        )

    def delete(self, path: str) -> Any:
        return self.client.delete(f"/api/v1/expertise{path}", headers=self.headers)


def test_find_experts(en_person, skilled, make_post, confirm):
    expert = skilled("Eva", ["Hypotheken"])
    make_post(expert, body="#hypotheek")
    confirm(expert, "hypotheek")
    response = Api(en_person("Vera")).get("", {"q": "#hypotheek"})
    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item["person"] == {
        "id": expert.pk,
        "handle": expert.handle,
        "full_name": "Eva",
    }
    assert [r["kind"] for r in item["reasons"]] == ["skill", "post"]
    assert item["reasons"][1] == {
        "kind": "post",
        "text": "1 post on #hypotheek",
        "url": "/tags/hypotheek/",
    }
    assert item["score"] > 0


def test_find_experts_validates_input(en_person):
    api = Api(en_person("Vera"))
    assert api.get("").status_code in (400, 422)
    assert api.get("", {"q": "x" * 201}).status_code in (400, 422)
    assert api.get("", {"q": "privacy", "limit": 0}).status_code in (400, 422)
    assert api.get("", {"q": "privacy"}).json() == {"items": []}


def test_find_experts_needs_a_token():
    assert Client().get("/api/v1/expertise", {"q": "privacy"}).status_code == 401


def test_secret_group_evidence_is_not_in_the_api(
    make_person, make_group, make_post, confirm
):
    olga = make_person("Olga")
    member = make_person("Mira")
    secret = make_group(olga, "Zwaluw", kind="secret", members=(member,))
    make_post(olga, body="#zwaluw", group=secret)
    confirm(olga, "zwaluw")
    assert Api(make_person("Otto")).get("", {"q": "zwaluw"}).json() == {"items": []}
    assert len(Api(member).get("", {"q": "zwaluw"}).json()["items"]) == 1


def test_my_topics_and_deciding(en_person, make_post):
    me = en_person("Piet")
    make_post(me, body="#pensioen")
    api = Api(me)
    (topic,) = api.get("/me/topics").json()["items"]
    assert topic["topic"] == "pensioen"
    assert topic["state"] == ""
    assert topic["counts"] == {"post": 1}
    assert topic["reasons"] == ["1 post on #pensioen"]
    response = api.post("/me/topics", {"topic": "#pensioen", "state": "confirmed"})
    assert response.status_code == 200
    assert response.json()["state"] == "confirmed"
    assert TopicConsent.objects.get(person=me).state == "confirmed"


def test_deciding_bad_input_names_the_field(en_person, make_post):
    me = en_person("Piet")
    make_post(me, body="#pensioen")
    api = Api(me)
    response = api.post("/me/topics", {"topic": "onbekend", "state": "hidden"})
    assert response.status_code == 400
    assert response.json()["field"] == "topic"
    response = api.post("/me/topics", {"topic": "pensioen", "state": "maybe"})
    assert response.status_code in (400, 422)
    assert not TopicConsent.objects.exists()


def test_endorsements(en_person, skilled):
    person = skilled("Petra", ["Privacy"])
    skill = person.skills.get()
    api = Api(en_person("Cor"))
    path = f"/people/{person.pk}/endorsements"
    assert api.get(path).json() == {
        "items": [
            {
                "skill_id": skill.pk,
                "name": "Privacy",
                "count": 0,
                "endorsed_by_me": False,
            }
        ]
    }
    response = api.post(path, {"skill_id": skill.pk})
    assert response.status_code == 200
    assert response.json()["items"][0]["count"] == 1
    assert response.json()["items"][0]["endorsed_by_me"] is True
    assert api.delete(f"{path}/{skill.pk}").status_code == 200
    assert api.delete(f"{path}/{skill.pk}").status_code == 404
    assert not Endorsement.objects.exists()


def test_self_endorsement_and_unknown_skill(skilled, make_person):
    person = skilled("Petra", ["Privacy"])
    api = Api(person)
    path = f"/people/{person.pk}/endorsements"
    response = api.post(path, {"skill_id": person.skills.get().pk})
    assert response.status_code == 403
    other = Api(make_person("Cor"))
    assert other.post(path, {"skill_id": 999999}).status_code == 404
    assert other.get("/people/999999/endorsements").status_code == 404
    assert not Endorsement.objects.exists()
