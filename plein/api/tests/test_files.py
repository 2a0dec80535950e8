"""Files and required readers through the API, as the composer offers them."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from plein.access.roles import GroupKind
from plein.announcements.models import Announcement
from plein.api.tests.conftest import assert_error
from plein.groups.actions import do_add_member
from plein.posts.models import Attachment, Post
from plein.posts.tests.factories import PNG_BYTES


def upload(persona, name="plan.png", data=PNG_BYTES, content_type="image/png"):
    return Client().post(
        "/api/v1/files",
        {"file": SimpleUploadedFile(name, data, content_type=content_type)},
        HTTP_AUTHORIZATION=f"Bearer {persona.token}",
    )


def test_upload_then_attach_to_a_new_post(alice, bob, make_group):
    group = make_group(alice, "Ontwerp", GroupKind.CLOSED)
    do_add_member(group, bob.user)
    uploaded = upload(alice)
    assert uploaded.status_code == 201, uploaded.content
    file_id = uploaded.json()["id"]

    created = alice.post(
        "/posts",
        {"body": "Het plan", "group_id": group.pk, "attachment_ids": [file_id]},
    )

    assert created.status_code == 201, created.content
    [attached] = created.json()["attachments"]
    assert (attached["id"], attached["filename"]) == (file_id, "plan.png")
    assert bob.get(f"/files/{file_id}").status_code == 200
    assert bob.get(f"/posts/{created.json()['id']}").json()["attachments"]


def test_a_file_of_a_post_one_may_not_see_is_not_found(alice, make_persona, make_group):
    carol = make_persona("carol")
    group = make_group(alice, "Bestuur", GroupKind.SECRET)
    file_id = upload(alice).json()["id"]
    alice.post(
        "/posts", {"body": "Notulen", "group_id": group.pk, "attachment_ids": [file_id]}
    )

    assert_error(carol.get(f"/files/{file_id}"), 404, "not_found")


def test_an_upload_not_yet_used_is_only_the_uploaders(alice, bob):
    file_id = upload(alice).json()["id"]

    assert alice.get(f"/files/{file_id}").status_code == 200
    assert_error(bob.get(f"/files/{file_id}"), 404, "not_found")
    response = bob.post("/posts", {"body": "Van mij", "attachment_ids": [file_id]})
    assert_error(response, 400, "invalid", field="attachment_ids")
    assert not Post.objects.exists()


def test_a_refused_file_type_names_the_field(alice):
    response = upload(alice, "script.exe", b"MZ\x90\x00", "application/octet-stream")

    assert response.status_code == 400
    assert not Attachment.objects.exists()


def test_required_readers_are_named_with_the_post(alice, bob):
    created = alice.post(
        "/posts",
        {
            "body": "Nieuwe werktijden",
            "required_readers": {"people": [bob.pk], "requires_action": True},
        },
    )

    assert created.status_code == 201, created.content
    announcement = Announcement.objects.get(post_id=created.json()["id"])
    assert announcement.requires_action
    assert list(announcement.readers.values_list("user_id", flat=True)) == [bob.pk]


def test_readers_who_cannot_see_the_post_publish_nothing(
    alice, make_persona, make_group
):
    carol = make_persona("carol")
    group = make_group(alice, "Kern", GroupKind.SECRET)

    response = alice.post(
        "/posts",
        {
            "body": "Alleen voor de kern",
            "group_id": group.pk,
            "required_readers": {"people": [carol.pk]},
        },
    )

    assert_error(response, 400, "invalid", field="required_readers")
    assert not Post.objects.exists()
