"""The guidelines API: /api/v1/guidelines."""

import json

import pytest
from django.test import Client

from plein.governance.guidelines.queries import quiz_questions

pytestmark = pytest.mark.django_db


def call(user, method, path, data=None):
    client = Client()
    client.force_login(user)
    body = json.dumps(data) if data is not None else ""
    return getattr(client, method)(
        f"/api/v1/guidelines{path}", body, content_type="application/json"
    )


def test_read_and_accept(newcomer):
    body = call(newcomer, "get", "").json()
    assert body["version"]["number"] == 1
    assert body["accepted"] is False
    assert body["may_publish"] is False
    assert body["quiz"] == []
    assert "<h2>" in body["version"]["body_html"]

    response = call(newcomer, "post", "/accept", {"version": 1})
    assert response.status_code == 200
    assert response.json()["accepted"] is True
    assert response.json()["may_publish"] is True


def test_a_stale_version_is_a_conflict(newcomer, publish):
    publish()
    response = call(newcomer, "post", "/accept", {"version": 1})
    assert response.status_code == 409
    assert response.json()["field"] == "version"


def test_the_quiz(newcomer, publish):
    publish(quiz_required=True)
    body = call(newcomer, "get", "").json()
    assert len(body["quiz"]) == len(quiz_questions())
    assert "correct_choice" not in body["quiz"][0]

    response = call(newcomer, "post", "/accept", {"answers": []})
    assert response.status_code == 400
    assert response.json()["code"] == "quiz_not_passed"
    assert len(response.json()["wrong"]) == len(quiz_questions())

    answers = [
        {"question_id": q.pk, "choice": q.correct_choice} for q in quiz_questions()
    ]
    response = call(newcomer, "post", "/accept", {"answers": answers})
    assert response.status_code == 200
    assert response.json()["accepted"] is True
