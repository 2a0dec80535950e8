"""The triage API: communications only (404 for everyone else, 401 without
a token); every 4xx names its field."""

import pytest

from plein.listening.triage.actions import check_add_note, check_change_triage
from plein.listening.triage.models import MentionDiscussion, MentionNote, Triage
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db


def _auth(person):
    return {"Authorization": f"Bearer {do_create_api_token(person)[1]}"}


@pytest.fixture
def api(client):
    class Api:
        def __init__(self):
            self.headers = {}

        def as_(self, person):
            self.headers = _auth(person) if person is not None else {}
            return self

        def call(self, method, path, body=None):
            return getattr(client, method)(
                f"/api/v1{path}",
                data=body,
                content_type="application/json",
                headers=self.headers,
            )

    return Api()


def test_the_stream_with_filters_and_cursor(api, mentions, moderator, admin):
    check_change_triage(moderator, mentions[0], assignee=admin)
    response = api.as_(moderator).call("get", "/triage?limit=2")
    assert response.status_code == 200
    body = response.json()
    assert [i["id"] for i in body["items"]] == [mentions[2].pk, mentions[1].pk]
    assert body["items"][0]["state"] == "new"
    after = api.call("get", f"/triage?before={body['next_cursor']}").json()
    assert after["items"][0]["assignee"] == {"id": admin.pk, "name": admin.full_name}
    assert after["items"][0]["state"] == "assigned"
    assigned = api.call("get", "/triage?state=assigned").json()["items"]
    assert [i["id"] for i in assigned] == [mentions[0].pk]
    mine = api.as_(admin).call("get", "/triage?assignee=mine").json()["items"]
    assert [i["id"] for i in mine] == [mentions[0].pk]


def test_patch_triage_changes_state_and_assignee(api, mention, moderator, admin):
    api.as_(moderator)
    response = api.call(
        "patch", f"/mentions/{mention.pk}/triage", {"assignee": admin.pk}
    )
    assert response.status_code == 200
    assert response.json()["state"] == "assigned"
    assert response.json()["assignee"]["id"] == admin.pk
    response = api.call(
        "patch", f"/mentions/{mention.pk}/triage", {"state": "needs_response"}
    )
    assert response.json()["state"] == "needs_response"
    assert response.json()["assignee"]["id"] == admin.pk
    response = api.call("patch", f"/mentions/{mention.pk}/triage", {"assignee": None})
    assert response.json()["assignee"] is None


def test_patch_triage_names_the_field(api, mention, moderator, alice):
    api.as_(moderator)
    url = f"/mentions/{mention.pk}/triage"
    response = api.call("patch", url, {"assignee": alice.pk})
    assert response.status_code == 400 and response.json()["field"] == "assignee"
    response = api.call("patch", url, {"state": "done"})
    assert response.status_code == 400 and response.json()["field"] == "state"
    response = api.call("patch", url, {"state": "assigned"})
    assert response.json()["field"] == "assignee"
    assert Triage.objects.get(pk=mention.pk).state == "new"


def test_notes_through_the_api(api, mention, moderator, admin):
    api.as_(moderator)
    response = api.call("post", f"/mentions/{mention.pk}/notes", {"text": "Navragen"})
    assert response.status_code == 201
    note_id = response.json()["id"]
    assert response.json()["can_edit"] is True
    response = api.call("post", f"/mentions/{mention.pk}/notes", {"text": " "})
    assert response.status_code == 400 and response.json()["field"] == "text"
    listed = api.as_(admin).call("get", f"/mentions/{mention.pk}/notes").json()
    assert [(n["text"], n["can_edit"]) for n in listed] == [("Navragen", False)]
    assert (
        api.call("patch", f"/mention-notes/{note_id}", {"text": "x"}).status_code == 403
    )
    assert api.call("delete", f"/mention-notes/{note_id}").status_code == 403
    api.as_(moderator)
    response = api.call("patch", f"/mention-notes/{note_id}", {"text": "Gedaan"})
    assert response.status_code == 200 and response.json()["edited_at"]
    assert api.call("delete", f"/mention-notes/{note_id}").status_code == 204
    assert not MentionNote.objects.exists()
    assert api.call("delete", f"/mention-notes/{note_id}").status_code == 404


def test_discuss_through_the_api(api, mention, moderator, admin, bob, make_group):
    group = make_group(moderator, "Werkgroep", "closed", (admin,))
    api.as_(moderator)
    url = f"/mentions/{mention.pk}/discuss"
    response = api.call(
        "post", url, {"group_id": group.pk, "required_readers": [bob.pk]}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "required_readers"
    response = api.call("post", url, {"group_id": 999999})
    assert response.status_code == 404 and response.json()["field"] == "group_id"
    elsewhere = make_group(bob, "Elders", "open")
    response = api.call("post", url, {"group_id": elsewhere.pk})
    assert response.status_code == 400 and response.json()["field"] == "group_id"
    response = api.call(
        "post", url, {"group_id": group.pk, "required_readers": [admin.pk]}
    )
    assert response.status_code == 201
    discussion = MentionDiscussion.objects.get()
    assert discussion.post_id == response.json()["post_id"]
    assert discussion.post.title == mention.title
    assert discussion.post.body.startswith("> **[")


@pytest.mark.parametrize("who", ["alice", "guest", "alumnus"])
def test_everyone_but_communications_gets_404(api, mention, moderator, request, who):
    note = check_add_note(moderator, mention, "Intern")
    api.as_(request.getfixturevalue(who))
    for method, path, body in (
        ("get", "/triage", None),
        ("patch", f"/mentions/{mention.pk}/triage", {"state": "ignored"}),
        ("get", f"/mentions/{mention.pk}/notes", None),
        ("post", f"/mentions/{mention.pk}/notes", {"text": "x"}),
        ("patch", f"/mention-notes/{note.pk}", {"text": "x"}),
        ("delete", f"/mention-notes/{note.pk}", None),
        ("post", f"/mentions/{mention.pk}/discuss", {"group_id": 1}),
    ):
        assert api.call(method, path, body).status_code == 404, (method, path)


def test_without_a_token_401(api, mention):
    assert api.as_(None).call("get", "/triage").status_code == 401
