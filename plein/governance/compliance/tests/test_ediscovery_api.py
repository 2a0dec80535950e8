"""The compliance API: exports, holds and erasure, with personal tokens."""

import pytest

from plein.governance.compliance.models import Export, LegalHold
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_person):
    return make_person("Olga Officer", role="compliance", handle="olga")


@pytest.fixture
def api(client, django_capture_on_commit_callbacks):
    def call(person, method, path, data=None):
        _token, raw = do_create_api_token(person)
        with django_capture_on_commit_callbacks(execute=True):
            return getattr(client, method)(
                f"/api/v1/compliance{path}",
                data,
                content_type="application/json",
                headers={"Authorization": f"Bearer {raw}"},
            )

    return call


def test_officer_requests_an_export(api, officer, alice, make_post):
    make_post(alice, "Iets")
    response = api(officer, "post", "/exports", {"person_id": alice.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["person_id"] == alice.pk
    detail = api(officer, "get", f"/exports/{body['id']}").json()
    assert detail["status"] == "done"
    assert detail["item_count"] == 1
    assert detail["download_url"].endswith(f"/exports/{body['id']}/download/")
    assert len(api(officer, "get", "/exports").json()["items"]) == 1


def test_export_api_is_404_without_the_role(api, officer, alice, admin):
    export = Export.objects.create(requested_by=officer, person=alice)
    for person in (alice, admin):
        assert api(person, "get", "/exports").status_code == 404
        assert api(person, "get", f"/exports/{export.pk}").status_code == 404
        response = api(person, "post", "/exports", {"person_id": alice.pk})
        assert response.status_code == 404
    assert Export.objects.count() == 1


def test_export_names_an_unknown_person(api, officer):
    response = api(officer, "post", "/exports", {"person_id": 999999})
    assert response.status_code == 400
    assert response.json()["field"] == "person_id"


def test_holds_and_erasure_through_the_api(api, officer, admin, alice):
    response = api(officer, "post", "/holds", {"matter": "Zaak", "person_id": alice.pk})
    assert response.status_code == 201, response.content
    hold_id = response.json()["id"]
    assert api(admin, "get", "/holds").status_code == 404

    refused = api(admin, "post", f"/people/{alice.pk}/erase")
    assert refused.status_code == 409
    assert "Zaak" in refused.json()["detail"]
    assert refused.json()["field"] == "person"

    released = api(officer, "post", f"/holds/{hold_id}/release")
    assert released.json()["released_at"]
    assert LegalHold.objects.get().released_at is not None

    assert api(officer, "post", f"/people/{alice.pk}/erase").status_code == 404
    erased = api(admin, "post", f"/people/{alice.pk}/erase")
    assert erased.status_code == 200
    assert erased.json()["full_name"].endswith(f"#{alice.pk}")
