"""The events API: plan, list, read, answer; errors name the field."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, person):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {do_create_api_token(person)[1]}"}

    def get(self, path, data=None):
        return self.client.get(f"/api/v1{path}", data, headers=self.headers)

    def post(self, path, data):
        return self.client.post(
            f"/api/v1{path}",
            json.dumps(data),
            content_type="application/json",
            headers=self.headers,
        )


def test_plan_list_read_answer_and_download(alice, bob, carol):
    start = (timezone.now() + timedelta(days=4)).replace(microsecond=0)
    created = Api(alice).post(
        "/events",
        {
            "title": "Hackathon",
            "body": "Een dag bouwen.",
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=8)).isoformat(),
            "online_url": "https://meet.example.org/hack",
            "capacity": 1,
            "repeat": "MONTHLY",
            "repeat_count": 3,
        },
    )
    assert created.status_code == 201, created.content
    data = created.json()
    event_id = data["id"]
    assert data["rrule"] == "FREQ=MONTHLY;COUNT=3"
    assert len(data["occurrences"]) == 3
    assert data["ics_url"] == f"/api/v1/calendar/{event_id}.ics"
    listed = Api(bob).get("/events").json()["items"]
    assert [item["id"] for item in listed] == [event_id]
    yes = Api(bob).post(f"/events/{event_id}/rsvp", {"answer": "yes"}).json()
    assert yes["is_waiting"] is False and yes["counts"]["going"] == 1
    waiting = Api(carol).post(f"/events/{event_id}/rsvp", {"answer": "yes"}).json()
    assert waiting["is_waiting"] is True and waiting["counts"]["waiting"] == 1
    detail = Api(alice).get(f"/events/{event_id}").json()
    assert [p["handle"] for p in detail["attendees"]["going"]] == ["bob"]
    assert [p["handle"] for p in detail["attendees"]["waiting"]] == ["carol"]
    ics = Api(bob).get(f"/calendar/{event_id}.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    (vevent,) = Calendar.from_ical(ics.content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Hackathon"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": "2020-01-01T10:00:00+01:00"}, "ends_at"),
        ({"location": "", "online_url": ""}, "location"),
        ({"repeat": "WEEKLY"}, "repeat_count"),
        ({"group_id": 987654}, "group_id"),
    ],
)
def test_bad_input_answers_400_or_404_naming_the_field(alice, changes, field):
    start = timezone.now() + timedelta(days=1)
    payload = {
        "title": "Overleg",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat(),
        "location": "Zaal 1",
        **changes,
    }
    response = Api(alice).post("/events", payload)
    assert response.status_code in (400, 404), response.content
    assert response.json()["field"] == field


def test_bad_answer_and_bad_month_name_the_field(alice, bob, plan):
    event = plan(alice)
    response = Api(bob).post(f"/events/{event.pk}/rsvp", {"answer": "ja"})
    assert response.status_code == 400 and response.json()["field"] == "answer"
    month = Api(bob).get("/events", {"month": "2027-13"})
    assert month.status_code == 400 and month.json()["field"] == "month"
