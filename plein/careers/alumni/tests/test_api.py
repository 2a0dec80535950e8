"""The alumni API: HR offers an account, lists alumni and invites one back;
nobody else learns anything; errors name the field."""

import json

import pytest
from django.test import Client

from plein.access.roles import Role
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db


def _api(person):
    return Client(headers={"Authorization": f"Bearer {do_create_api_token(person)[1]}"})


def _post(client, path, data):
    return client.post(
        f"/api/v1{path}", json.dumps(data), content_type="application/json"
    )


def test_hr_offers_lists_and_invites_back(
    moderator, leaver, team, django_capture_on_commit_callbacks
):
    hr = _api(moderator)
    bad = _post(hr, f"/alumni/{leaver.pk}/offer", {"private_email": "geen-adres"})
    assert bad.status_code == 400 and bad.json()["field"] == "private_email"
    with django_capture_on_commit_callbacks(execute=True):
        offered = _post(
            hr, f"/alumni/{leaver.pk}/offer", {"private_email": "lea@example.org"}
        )
    assert offered.status_code == 201, offered.content
    assert offered.json()["person"]["id"] == leaver.pk
    leaver.refresh_from_db()
    assert leaver.role == Role.ALUMNI

    listed = hr.get("/api/v1/alumni").json()["items"]
    assert [r["person"]["id"] for r in listed] == [leaver.pk]
    assert listed[0]["returned_on"] is None

    with django_capture_on_commit_callbacks(execute=True):
        back = _post(hr, f"/alumni/{leaver.pk}/invite-back", {})
    assert back.status_code == 200 and back.json()["returned_on"]
    leaver.refresh_from_db()
    assert leaver.role == Role.MEMBER


def test_nobody_but_hr_learns_anything(bob, leaver):
    member = _api(bob)
    assert member.get("/api/v1/alumni").status_code == 404
    refused = _post(
        member, f"/alumni/{leaver.pk}/offer", {"private_email": "lea@example.org"}
    )
    assert refused.status_code == 404  # as for a person who does not exist
    leaver.refresh_from_db()
    assert leaver.role == Role.MEMBER
