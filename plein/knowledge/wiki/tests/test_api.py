"""The wiki API: pages, revisions, conflicts, files, search, stale list."""

import datetime
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from plein.knowledge.wiki.actions import check_create_page
from plein.knowledge.wiki.models import Page, PageRead

pytestmark = pytest.mark.django_db


class Api:
    """Sends JSON requests with a person's API token."""

    def __init__(self, person):
        from plein.people.actions import do_create_api_token

        self.person = person
        self.headers = {
            "HTTP_AUTHORIZATION": f"Bearer {do_create_api_token(person)[1]}"
        }
        self.client = Client()

    def get(self, path, query=None):
        return self.client.get(f"/api/v1/wiki{path}", query or {}, **self.headers)

    def send(self, method, path, data=None):
        return getattr(self.client, method)(
            f"/api/v1/wiki{path}",
            json.dumps(data) if data is not None else "",
            content_type="application/json",
            **self.headers,
        )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def api(alice):
    return Api(alice)


def test_create_get_and_edit_a_page(api, bob):
    response = api.send(
        "post", "/pages", {"title": "Handboek", "body": "# Start\n\nZie [[Verlof]]."}
    )
    assert response.status_code == 201, response.content
    page = response.json()
    assert page["revision"] == 1 and page["owner"]["id"] == api.person.pk
    assert page["toc"] == [{"level": 1, "text": "Start", "anchor": "h-start"}]
    assert "wiki-missing" in page["html"]
    reader = Api(bob)
    got = reader.get(f"/pages/{page['id']}")
    assert got.status_code == 200 and got.json()["title"] == "Handboek"
    assert PageRead.objects.filter(page_id=page["id"], reader=bob).exists()
    edited = reader.send(
        "patch",
        f"/pages/{page['id']}",
        {"title": "Handboek", "body": "Nieuw", "base_revision": 1, "note": "kort"},
    )
    assert edited.status_code == 200 and edited.json()["revision"] == 2


def test_a_stale_save_answers_409_with_the_current_revision(api, bob):
    page_id = api.send("post", "/pages", {"title": "Verlof", "body": "a"}).json()["id"]
    first = Api(bob).send(
        "patch",
        f"/pages/{page_id}",
        {"title": "Verlof", "body": "b", "base_revision": 1},
    )
    assert first.status_code == 200
    second = api.send(
        "patch",
        f"/pages/{page_id}",
        {"title": "Verlof", "body": "c", "base_revision": 1},
    )
    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "conflict" and body["field"] == "base_revision"
    assert body["current_revision"] == 2 and body["detail"]
    assert Page.objects.get(pk=page_id).body == "b"


def test_history_revision_diff_restore_and_verify(api):
    page_id = api.send("post", "/pages", {"title": "Lunch", "body": "soep"}).json()[
        "id"
    ]
    api.send(
        "patch",
        f"/pages/{page_id}",
        {"title": "Lunch", "body": "brood", "base_revision": 1},
    )
    history = api.get(f"/pages/{page_id}/history").json()["items"]
    assert [r["number"] for r in history] == [2, 1]
    assert api.get(f"/pages/{page_id}/revisions/1").json()["body"] == "soep"
    assert api.get(f"/pages/{page_id}/revisions/9").status_code == 404
    diff = api.get(f"/pages/{page_id}/diff", {"older": 1, "newer": 2}).json()
    assert {"op": "added", "text": "brood"} in diff["lines"]
    restored = api.send("post", f"/pages/{page_id}/restore", {"number": 1}).json()
    assert restored["revision"] == 3 and restored["body"] == "soep"
    verified = api.send("post", f"/pages/{page_id}/verify").json()
    assert verified["last_verified_at"]


def test_secret_pages_are_404_for_outsiders(api, bob, carol, make_group):
    secret = make_group(api.person, "Fusie", "secret", members=(bob,))
    page_id = api.send(
        "post", "/pages", {"title": "Plan", "body": "geheim", "group_id": secret.pk}
    ).json()["id"]
    outsider = Api(carol)
    for path in (f"/pages/{page_id}", f"/pages/{page_id}/history"):
        response = outsider.get(path)
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert outsider.send("delete", f"/pages/{page_id}").status_code == 404
    created = outsider.send("post", "/pages", {"title": "Ook", "group_id": secret.pk})
    assert created.status_code == 404 and created.json()["field"] == "group_id"
    assert outsider.get("/search", {"q": "geheim"}).json()["items"] == []
    assert [
        h["id"] for h in Api(bob).get("/search", {"q": "geheim"}).json()["items"]
    ] == [page_id]
    listed = [p["id"] for p in outsider.get("/pages").json()["items"]]
    assert page_id not in listed


def test_list_is_a_tree_and_filters_by_group(api, make_group):
    group = make_group(api.person, "Team", "open")
    top = api.send("post", "/pages", {"title": "Top"}).json()["id"]
    api.send("post", "/pages", {"title": "Kind", "parent_id": top})
    api.send("post", "/pages", {"title": "Teampagina", "group_id": group.pk})
    items = api.get("/pages", {"organisation": "true"}).json()["items"]
    assert [(i["title"], i["depth"]) for i in items] == [("Top", 0), ("Kind", 1)]
    in_group = api.get("/pages", {"group_id": group.pk}).json()["items"]
    assert [i["title"] for i in in_group] == ["Teampagina"]
    assert len(api.get("/pages").json()["items"]) == 3


def test_move_owner_and_delete(api, bob):
    top = api.send("post", "/pages", {"title": "Top"}).json()["id"]
    child = api.send("post", "/pages", {"title": "Kind"}).json()["id"]
    moved = api.send("post", f"/pages/{child}/move", {"parent_id": top})
    assert moved.status_code == 200 and moved.json()["parent_id"] == top
    cycle = api.send("post", f"/pages/{top}/move", {"parent_id": child})
    assert cycle.status_code == 400 and cycle.json()["field"] == "parent_id"
    handed = api.send("post", f"/pages/{top}/owner", {"owner_id": bob.pk})
    assert handed.json()["owner"]["id"] == bob.pk
    assert api.send("delete", f"/pages/{top}").status_code == 403
    assert Api(bob).send("delete", f"/pages/{top}").status_code == 204
    assert api.get(f"/pages/{top}").status_code == 404
    assert api.get(f"/pages/{child}").json()["parent_id"] is None


def test_upload_a_file_and_show_it(api, carol):
    page_id = api.send("post", "/pages", {"title": "Kantoor"}).json()["id"]
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    response = api.client.post(
        f"/api/v1/wiki/pages/{page_id}/files",
        {"file": SimpleUploadedFile("kaart.png", png, content_type="image/png")},
        **api.headers,
    )
    assert response.status_code == 201, response.content
    uploaded = response.json()
    assert uploaded["is_image"] and uploaded["markdown"].startswith("![kaart]")
    page = api.send(
        "patch",
        f"/pages/{page_id}",
        {"title": "Kantoor", "body": uploaded["markdown"], "base_revision": 1},
    ).json()
    assert f'src="{uploaded["url"]}"' in page["html"]
    assert [f["id"] for f in page["files"]] == [uploaded["id"]]
    bad = api.client.post(
        f"/api/v1/wiki/pages/{page_id}/files",
        {"file": SimpleUploadedFile("x.png", b"nope", content_type="image/png")},
        **api.headers,
    )
    assert bad.status_code == 400 and bad.json()["field"] == "file"
    denied = Api(carol).client.post(
        f"/api/v1/wiki/pages/{page_id}/files",
        {"file": SimpleUploadedFile("kaart.png", png, content_type="image/png")},
        **Api(carol).headers,
    )
    assert denied.status_code == 201  # an organisation page: every colleague edits


def test_stale_list_is_the_callers_own(api, bob, run_on_commit):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=365), tick=False):
        run_on_commit(check_create_page, api.person, title="Oud")
        run_on_commit(check_create_page, bob, title="Van Bob")
    body = api.get("/stale").json()
    assert [p["title"] for p in body["items"]] == ["Oud"]
    assert body["stale_after_days"] == 180


def test_bad_input_names_the_field(api):
    response = api.send("post", "/pages", {"title": "  "})
    assert response.status_code == 400 and response.json()["field"] == "title"
    response = api.get("/search", {"q": ""})
    assert response.status_code == 200 and response.json()["items"] == []
