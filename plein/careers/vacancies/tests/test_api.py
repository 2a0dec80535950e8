"""The vacancies API: publish, list, apply, move, withdraw, follow; errors name the field."""

import json

import pytest
from django.test import Client

from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, person):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {do_create_api_token(person)[1]}"}

    def get(self, path, data=None):
        return self.client.get(f"/api/v1{path}", data, headers=self.headers)

    def send(self, method, path, data):
        return getattr(self.client, method)(
            f"/api/v1{path}",
            json.dumps(data),
            content_type="application/json",
            headers=self.headers,
        )

    def post(self, path, data=None):
        return self.send("post", path, data or {})

    def patch(self, path, data):
        return self.send("patch", path, data)


def test_publish_list_apply_move_withdraw(hr, alice, department):
    created = Api(hr).post(
        "/vacancies",
        {
            "title": "Data-analist",
            "body": "Werk met onze data.",
            "department_id": department.pk,
            "location": "Utrecht",
            "hours_min": 32,
            "hours_max": 36,
            "is_external": True,
            "other_title": "Data analyst",
        },
    )
    assert created.status_code == 201, created.content
    vacancy = created.json()
    assert vacancy["public_url"].startswith(f"/jobs/{vacancy['id']}-")
    listed = Api(alice).get("/vacancies", {"department_id": department.pk}).json()
    assert [v["id"] for v in listed["items"]] == [vacancy["id"]]
    assert listed["items"][0]["can_manage"] is False
    applied = Api(alice).post(
        f"/vacancies/{vacancy['id']}/applications",
        {"motivation": "Graag", "manager_sees_from": "interview"},
    )
    assert applied.status_code == 201, applied.content
    application = applied.json()
    assert application["is_shown_to_manager"] is False
    moved = Api(hr).patch(
        f"/vacancy-applications/{application['id']}", {"status": "interview"}
    )
    assert moved.json()["status"] == "interview"
    assert moved.json()["is_shown_to_manager"] is True
    mine = Api(alice).get("/vacancy-applications").json()["items"]
    assert [a["id"] for a in mine] == [application["id"]]
    withdrawn = Api(alice).post(f"/vacancy-applications/{application['id']}/withdraw")
    assert withdrawn.json()["status"] == "withdrawn"
    listed = Api(hr).get(f"/vacancies/{vacancy['id']}/applications").json()
    assert [a["status"] for a in listed["items"]] == ["withdrawn"]
    assert Api(alice).get(f"/vacancies/{vacancy['id']}/applications").status_code == 403
    closed = Api(hr).post(
        f"/vacancies/{vacancy['id']}/close",
        {"status": "filled", "hired_from": "internal"},
    )
    assert closed.json()["status"] == "filled"
    shared = Api(alice).post(f"/vacancies/{vacancy['id']}/share")
    assert shared.status_code == 400 and shared.json()["field"] == "vacancy"


def test_errors_name_the_field(hr, alice, department):
    api = Api(hr)
    cases = [
        ({"title": ""}, "title"),
        ({"title": "X", "department_id": 999999}, "department_id"),
        ({"title": "X", "hours_min": 30, "hours_max": 20}, "hours_max"),
        ({"title": "X", "closes_on": "2001-01-01"}, "closes_on"),
        ({"title": "X", "contact_id": 999999}, "contact_id"),
    ]
    for payload, field in cases:
        response = api.post("/vacancies", payload)
        assert response.status_code == 400, (payload, response.content)
        assert response.json()["field"] == field, payload
    refused = Api(alice).post("/vacancies", {"title": "Niet van mij"})
    assert refused.status_code == 403
    vacancy = api.post("/vacancies", {"title": "Goed"}).json()
    bad = Api(alice).post(
        f"/vacancies/{vacancy['id']}/applications",
        {"motivation": "Ja", "manager_sees_from": "never"},
    )
    assert bad.status_code == 400 and bad.json()["field"] == "manager_sees_from"
    empty = Api(alice).post(
        f"/vacancies/{vacancy['id']}/applications", {"motivation": " "}
    )
    assert empty.json()["field"] == "motivation"
    assert Api(alice).get("/vacancies/999999").status_code == 404
    assert Api(alice).get("/vacancies", {"hours": "x"}).json()["field"] == "hours"


def test_follow_a_department(alice, department):
    api = Api(alice)
    assert api.post("/vacancy-follows", {"department_id": department.pk}).json() == {
        "department_ids": [department.pk]
    }
    assert api.post(
        "/vacancy-follows", {"department_id": department.pk, "follow": False}
    ).json() == {"department_ids": []}
    missing = api.post("/vacancy-follows", {"department_id": 999999})
    assert missing.json()["field"] == "department_id"


def test_the_applicant_attaches_a_cv_through_the_api(
    hr, alice, bob, department, run_on_commit
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from plein.careers.vacancies.models import Application

    created = Api(hr).post("/vacancies", {"title": "Tester", "body": "Testen."})
    vacancy = created.json()
    applied = Api(alice).post(
        f"/vacancies/{vacancy['id']}/applications", {"motivation": "Graag"}
    )
    application = applied.json()
    assert application["has_cv_file"] is False
    path = f"/api/v1/vacancy-applications/{application['id']}/cv"

    def upload(person, name, data, kind):
        return run_on_commit(
            Client().post,
            path,
            {"file": SimpleUploadedFile(name, data, kind)},
            headers=Api(person).headers,
        )

    bad = upload(alice, "cv.exe", b"MZ\x90\x00", "application/x-msdownload")
    assert bad.status_code == 400 and bad.json()["field"] == "cv_file"
    done = upload(alice, "cv.pdf", b"%PDF-1.4 one", "application/pdf")
    assert done.status_code == 200, done.content
    assert done.json()["has_cv_file"] is True
    first = Application.objects.get(pk=application["id"]).cv_file
    first_path = first.path
    replaced = upload(alice, "cv2.pdf", b"%PDF-1.4 two", "application/pdf")
    assert replaced.status_code == 200
    stored = Application.objects.get(pk=application["id"])
    assert stored.cv_name == "cv2.pdf" and stored.cv_file.read() == b"%PDF-1.4 two"
    import os

    assert not os.path.exists(first_path)
    # Nobody else's, and not once it is withdrawn.
    other = upload(bob, "cv.pdf", b"%PDF-1.4 x", "application/pdf")
    assert other.status_code == 404
    Api(alice).post(f"/vacancy-applications/{application['id']}/withdraw")
    late = upload(alice, "cv.pdf", b"%PDF-1.4 late", "application/pdf")
    assert late.status_code == 400 and late.json()["field"] == "status"
