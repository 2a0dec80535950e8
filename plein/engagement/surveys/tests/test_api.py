"""Sending and pausing pulse surveys through the API: managers only, errors
name the field, and the first round opens for the audience."""

import json

import pytest

from plein.engagement.surveys.models import Round, Survey

from .conftest import api_client

pytestmark = pytest.mark.django_db


def _post(client, path, data, method="post"):
    return getattr(client, method)(
        f"/api/v1{path}", json.dumps(data), content_type="application/json"
    )


def test_a_moderator_sends_a_survey_and_the_audience_may_answer_it(
    moderator, org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = _post(
            api_client(moderator),
            "/surveys",
            {
                "title": "Pulse IT",
                "questions": ["Ik weet wat er van me verwacht wordt"],
                "department_ids": [org.departments["it"].pk],
                "recurrence": "monthly",
            },
        )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["title"] == "Pulse IT" and body["open_round"] is not None
    assert body["is_active"] is True
    survey = Survey.objects.get(pk=body["id"])
    assert Round.objects.filter(survey=survey).count() == 1
    # Someone in IT may answer it; someone in Legal does not even see it.
    it_person = org.people["it"][0]
    listed = api_client(it_person).get("/api/v1/surveys").json()["items"]
    assert [s["id"] for s in listed] == [survey.pk] and listed[0]["may_answer"]
    legal = org.people["legal"][0]
    assert api_client(legal).get(f"/api/v1/surveys/{survey.pk}").status_code == 404

    paused = _post(
        api_client(moderator), f"/surveys/{survey.pk}", {"is_active": False}, "patch"
    )
    assert paused.status_code == 200 and paused.json()["is_active"] is False
    survey.refresh_from_db()
    assert not survey.is_active


def test_members_may_not_send_surveys_and_bad_input_names_the_field(moderator, org):
    member = org.people["it"][0]
    refused = _post(api_client(member), "/surveys", {"title": "Mijn enquête"})
    assert refused.status_code == 403
    assert not Survey.objects.exists()
    no_audience = _post(api_client(moderator), "/surveys", {"title": "Pulse"})
    assert no_audience.status_code == 400
    assert no_audience.json()["field"] == "audience"
    bad_recurrence = _post(
        api_client(moderator),
        "/surveys",
        {"title": "Pulse", "is_organisation_wide": True, "recurrence": "hourly"},
    )
    assert bad_recurrence.status_code == 400
    assert bad_recurrence.json()["field"] == "recurrence"
    assert not Survey.objects.exists()
