"""The questions API: every operation, its errors naming the field, and access."""

import json

import pytest
from django.test import Client

from plein.knowledge.qna.models import Question
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, person):
        self.client = Client()
        token = do_create_api_token(person)[1]
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path, data=None):
        return self.client.get(f"/api/v1/questions{path}", data, headers=self.headers)

    def send(self, method, path, data=None):
        return self.client.generic(
            method,
            f"/api/v1/questions{path}",
            json.dumps(data) if data is not None else "",
            content_type="application/json",
            headers=self.headers,
        )


@pytest.fixture
def as_(django_capture_on_commit_callbacks):
    return Api


def test_ask_answer_vote_accept_and_read_back(alice, bob, carol, as_):
    asked = as_(alice).send(
        "POST",
        "",
        {
            "title": "Hoe werkt de leaseregeling?",
            "body": "Wie weet het?",
            "tags": ["lease"],
        },
    )
    assert asked.status_code == 201, asked.content
    question_id = asked.json()["id"]
    assert asked.json()["tags"] == ["lease"] and not asked.json()["is_answered"]
    answered = as_(bob).send("POST", f"/{question_id}/answers", {"body": "Via HR."})
    assert answered.status_code == 201
    answer_id = answered.json()["id"]
    vote = as_(carol).send("POST", f"/answers/{answer_id}/vote")
    assert vote.json() == {"answer_id": answer_id, "vote_count": 1, "has_my_vote": True}
    own = as_(bob).send("POST", f"/answers/{answer_id}/vote")
    assert own.status_code == 403 and own.json()["field"] == "answer_id"
    refused = as_(carol).send(
        "POST", f"/{question_id}/accept", {"answer_id": answer_id}
    )
    assert refused.status_code == 403
    accepted = as_(alice).send(
        "POST", f"/{question_id}/accept", {"answer_id": answer_id}
    )
    assert accepted.status_code == 200
    assert accepted.json()["accepted_answer_id"] == answer_id
    detail = as_(carol).get(f"/{question_id}").json()
    assert detail["is_answered"] and detail["answers"][0]["is_accepted"]
    assert detail["answers"][0]["has_my_vote"] and not detail["can_accept"]
    listed = as_(carol).get("", {"answered": "true"}).json()["items"]
    assert [q["id"] for q in listed] == [question_id]
    assert as_(carol).get("", {"unanswered": "true"}).json()["items"] == []
    unvote = as_(carol).send("DELETE", f"/answers/{answer_id}/vote")
    assert unvote.json()["vote_count"] == 0
    unaccepted = as_(alice).send("DELETE", f"/{question_id}/accept")
    assert unaccepted.json()["accepted_answer_id"] is None
    related = as_(carol).get("/related", {"text": "leaseregeling"}).json()
    assert [q["id"] for q in related["questions"]] == [question_id]
    invite = as_(alice).send("POST", f"/{question_id}/invite", {"people": [carol.pk]})
    assert invite.json() == {"invited": 1}


def test_errors_name_the_field(alice, bob, as_, make_group):
    api = as_(alice)
    no_title = api.send("POST", "", {"title": " ", "body": "Tekst"})
    assert no_title.status_code == 400 and no_title.json()["field"] == "title"
    bad_tag = api.send("POST", "", {"title": "Vraag?", "body": "x", "tags": ["a b!"]})
    assert bad_tag.json()["field"] == "tags"
    secret = make_group(bob, "Geheim", "secret")
    hidden_group = api.send(
        "POST", "", {"title": "Vraag?", "body": "x", "group_id": secret.pk}
    )
    assert (
        hidden_group.status_code == 404 and hidden_group.json()["field"] == "group_id"
    )
    question_id = api.send("POST", "", {"title": "Vraag?", "body": "x"}).json()["id"]
    empty = as_(bob).send("POST", f"/{question_id}/answers", {"body": ""})
    assert empty.status_code == 400 and empty.json()["field"] == "body"
    missing = api.send("POST", f"/{question_id}/accept", {"answer_id": 999999})
    assert missing.status_code == 400 and missing.json()["field"] == "answer_id"
    nobody = api.send("POST", f"/{question_id}/invite", {"people": []})
    assert nobody.status_code == 400 and nobody.json()["field"] == "people"
    both = api.get("", {"answered": "true", "unanswered": "true"})
    assert both.status_code == 400 and both.json()["field"] == "answered"
    no_text = api.get("/related")
    assert no_text.status_code in (400, 422)


def test_secret_questions_are_404_and_never_listed_for_outsiders(
    alice, bob, carol, as_, make_group
):
    secret = make_group(alice, "Kluis", "secret", members=(bob,))
    created = as_(alice).send(
        "POST",
        "",
        {"title": "Geheime reorganisatie?", "body": "x", "group_id": secret.pk},
    )
    question_id = created.json()["id"]
    outsider = as_(carol)
    assert outsider.get(f"/{question_id}").status_code == 404
    assert outsider.get("").json()["items"] == []
    assert outsider.get("/related", {"text": "reorganisatie"}).json()["questions"] == []
    assert (
        outsider.send("POST", f"/{question_id}/answers", {"body": "?"}).status_code
        == 404
    )
    assert as_(bob).get(f"/{question_id}").status_code == 200


def test_a_post_that_is_not_a_question_is_404(alice, as_, make_post):
    post = make_post(alice, "Gewoon een update")
    assert as_(alice).get(f"/{post.pk}").status_code == 404
    assert not Question.objects.exists()
