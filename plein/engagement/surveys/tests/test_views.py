"""The survey pages and API: answering, access per persona, results, CSV."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from plein.access.surveys import (
    can_view_results,
    can_view_survey,
    visible_rounds,
    visible_surveys,
)
from plein.engagement.surveys.actions import do_close_round
from plein.engagement.surveys.models import Response, Round

from .conftest import api_client

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def it_survey(admin, org, make_survey):
    """A survey for IT only (6 people)."""
    return make_survey(
        admin, is_organisation_wide=False, department_ids=[org.departments["it"].pk]
    )


def test_an_invited_person_answers_with_htmx_and_sees_thanks(org, it_survey):
    person = org.people["it"][0]
    client = _client(person)
    page = client.get(f"/surveys/{it_survey.pk}/")
    assert page.status_code == 200
    assert b"Send my answer" in page.content or b"antwoord" in page.content
    question = it_survey.questions.get()
    answered = client.post(
        f"/surveys/{it_survey.pk}/respond/",
        {"enps": "7", f"q{question.pk}": "3"},
        headers={"HX-Request": "true"},
    )
    assert answered.status_code == 200
    assert b"data-answered" in answered.content
    assert answered["Vary"].count("HX-Request") == 1
    again = client.post(
        f"/surveys/{it_survey.pk}/respond/", {"enps": "7", f"q{question.pk}": "3"}
    )
    assert again.status_code == 409
    assert Response.objects.count() == 1


def test_a_wrong_answer_keeps_the_choices_and_names_the_field(org, it_survey):
    person = org.people["it"][0]
    question = it_survey.questions.get()
    page = _client(person).post(
        f"/surveys/{it_survey.pk}/respond/",
        {"enps": "9", "comment": "ok"},
        headers={"HX-Request": "true"},
    )
    assert page.status_code == 200
    assert b"has-error" in page.content
    assert b'value="9" checked' in page.content
    assert not Response.objects.exists()
    assert question.pk


@pytest.mark.parametrize("who", ["carol", "legal", "bob"])
def test_people_outside_the_audience_see_nothing(who, org, it_survey, carol, bob):
    person = {"carol": carol, "bob": bob, "legal": org.people["legal"][0]}[who]
    client = _client(person)
    assert client.get(f"/surveys/{it_survey.pk}/").status_code == 404
    assert (
        client.post(f"/surveys/{it_survey.pk}/respond/", {"enps": "5"}).status_code
        == 404
    )
    assert client.get(f"/surveys/{it_survey.pk}/results/").status_code == 404
    assert it_survey.title.encode() not in client.get("/surveys/").content
    api = api_client(person)
    assert api.get(f"/api/v1/surveys/{it_survey.pk}").status_code == 404
    assert api.get("/api/v1/surveys").json()["items"] == []
    posted = api.post(
        f"/api/v1/surveys/{it_survey.pk}/responses",
        {"enps": 5, "scores": {}},
        content_type="application/json",
    )
    assert posted.status_code == 404


def test_respondents_may_not_see_results(org, it_survey):
    person = org.people["it"][0]
    assert _client(person).get(f"/surveys/{it_survey.pk}/results/").status_code == 403
    assert (
        _client(person).get(f"/surveys/{it_survey.pk}/results.csv").status_code == 403
    )
    api = api_client(person)
    assert api.get(f"/api/v1/surveys/{it_survey.pk}/results").status_code == 403


def test_members_may_not_create_surveys(alice, moderator):
    assert _client(alice).get("/surveys/new/").status_code == 404
    assert _client(moderator).get("/surveys/new/").status_code == 200


def test_a_manager_creates_a_survey_through_the_form(admin, org):
    response = _client(admin).post(
        "/surveys/new/",
        {
            "title": "Team pulse",
            "has_enps": "on",
            "questions": "I like my work\nI learn a lot",
            "departments": [org.departments["it"].pk],
            "recurrence": "monthly",
            "open_days": "5",
        },
    )
    assert response.status_code == 302
    round_ = Round.objects.get()
    assert round_.invited_count == 6
    assert round_.survey.questions.count() == 2


def test_the_form_names_a_missing_audience(admin):
    page = _client(admin).post(
        "/surveys/new/", {"title": "Pulse", "recurrence": "once", "open_days": "3"}
    )
    assert page.status_code == 200
    assert not Round.objects.exists()


def test_managers_see_results_charts_and_csv(admin, moderator, org, it_survey, answer):
    round_ = it_survey.rounds.get()
    for person in org.people["it"]:
        answer(person, round_, enps=10, comment="Great team")
    # While the round is open there are no results: each answer would show.
    page = _client(admin).get(f"/surveys/{it_survey.pk}/results/")
    assert b"data-results-table" not in page.content
    do_close_round(round_.pk)
    for manager in (admin, moderator):
        page = _client(manager).get(f"/surveys/{it_survey.pk}/results/")
        assert page.status_code == 200
        assert b"<svg" in page.content and b"data-results-table" in page.content
        assert b"Great team" in page.content
    csv = _client(admin).get(f"/surveys/{it_survey.pk}/results.csv")
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("round,opened,closed,unit")
    assert lines[1].split(",")[3:7] == ["total", "", "6", "100.0"]
    assert lines[2].split(",")[3:7] == ["IT", "IT", "6", "100.0"]
    body = api_client(moderator).get(f"/api/v1/surveys/{it_survey.pk}/results").json()
    assert body["min_group"] == 5
    assert body["rounds"][0]["total"]["enps"]["score"] == 100.0
    assert body["rounds"][0]["comments"] == ["Great team"] * 6


def test_the_api_lists_and_answers(org, it_survey):
    person = org.people["it"][1]
    api = api_client(person)
    items = api.get("/api/v1/surveys").json()["items"]
    assert [i["id"] for i in items] == [it_survey.pk]
    assert items[0]["may_answer"] is True and items[0]["can_manage"] is False
    question = it_survey.questions.get()
    bad = api.post(
        f"/api/v1/surveys/{it_survey.pk}/responses",
        {"enps": 12, "scores": {str(question.pk): 3}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["field"] == "enps"
    ok = api.post(
        f"/api/v1/surveys/{it_survey.pk}/responses",
        {"enps": 6, "scores": {str(question.pk): 3}, "comment": ""},
        content_type="application/json",
    )
    assert ok.status_code == 204
    detail = api.get(f"/api/v1/surveys/{it_survey.pk}").json()
    assert detail["has_answered"] is True and detail["may_answer"] is False


def test_predicates_and_scope_filters_agree(admin, moderator, alice, org, it_survey):
    round_ = it_survey.rounds.get()
    people = [admin, moderator, alice, *org.people["it"][:2], org.people["legal"][0]]
    for person in people:
        assert can_view_survey(person, it_survey) == (
            it_survey in visible_surveys(person)
        )
        assert can_view_results(person, it_survey) == (person in (admin, moderator))
    assert round_ in visible_rounds(org.people["it"][0])
    assert round_ not in visible_rounds(org.people["legal"][0])
    do_close_round(round_.pk)
    # Once the round closed, the invited no longer see the survey.
    assert not can_view_survey(org.people["it"][0], it_survey)
    assert it_survey not in visible_surveys(org.people["it"][0])


def test_a_minimum_below_five_is_refused_at_start_up():
    root = Path(__file__).resolve().parents[4]
    env = {**os.environ, "SURVEY_MIN_GROUP": "3"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SURVEY_MIN_GROUP must be at least 5" in result.stderr
