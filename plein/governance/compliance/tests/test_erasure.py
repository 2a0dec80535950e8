import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from plein.alerts.actions import check_create_alert
from plein.alerts.models import Alert
from plein.core.errors import Conflict, InvalidInput, NotFound
from plein.core.events import capture_events
from plein.governance.compliance.erasure import check_erase_person
from plein.governance.compliance.holds import check_create_hold
from plein.notifications.models import Notification
from plein.people.actions import check_follow_person, do_create_api_token
from plein.people.models import ApiToken, Follow, User
from plein.posts.actions import check_create_comment
from plein.posts.models import Comment, Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_person):
    return make_person("Olga Officer", role="compliance", handle="olga")


def _signed_in(person):
    client = Client()
    client.force_login(person)
    return client


def test_erasure_removes_personal_data_and_ends_access(
    admin, alice, bob, make_post, run_on_commit
):
    User.objects.filter(pk=alice.pk).update(
        phone="06-12345678", location="Utrecht", bio="Ik hou van fietsen"
    )
    alice.refresh_from_db()
    session = _signed_in(alice)
    assert session.get(reverse("alerts:list")).status_code == 200
    do_create_api_token(alice)
    run_on_commit(check_create_alert, alice, name="Fiets", query="fiets")
    check_follow_person(alice, bob)
    post = make_post(alice, "Mijn bericht")
    run_on_commit(check_create_comment, bob, post, body="Leuk!")
    assert Notification.objects.filter(recipient=alice).exists()

    with capture_events() as events:
        run_on_commit(check_erase_person, admin, alice)

    alice.refresh_from_db()
    # "Former colleague #<id>", in the organisation's language.
    assert alice.full_name.endswith(f"#{alice.pk}")
    assert "Alice" not in alice.full_name
    assert "alice" not in alice.email
    assert alice.handle != "alice"
    assert (alice.phone, alice.location, alice.bio) == ("", "", "")
    assert not alice.has_usable_password()
    assert not alice.is_active
    assert not ApiToken.objects.filter(user=alice, revoked_at__isnull=True).exists()
    assert not any(
        str(s.get_decoded().get(SESSION_KEY)) == str(alice.pk)
        for s in Session.objects.all()
    )
    assert session.get(reverse("alerts:list")).status_code == 302
    assert not Alert.objects.filter(created_by=alice).exists()
    assert not Notification.objects.filter(recipient=alice).exists()
    assert not Follow.objects.filter(follower=alice).exists()
    # Content is kept by default, under the pseudonym.
    assert Post.objects.filter(pk=post.pk, author=alice).exists()
    erased = [e for e in events if e.name == "compliance.person.erased"]
    assert erased and erased[0].payload == {"user_id": alice.pk, "content": "keep"}
    assert erased[0].actor_id == admin.pk


def test_erasure_can_delete_content(
    settings, admin, alice, bob, make_post, run_on_commit
):
    settings.ERASURE_CONTENT = "delete"
    post = make_post(alice, "Weg ermee")
    bobs_post = make_post(bob, "Blijft")
    comment = run_on_commit(check_create_comment, alice, bobs_post, body="Ook weg")
    run_on_commit(check_erase_person, admin, alice)
    assert not Post.objects.filter(pk=post.pk).exists()
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert Post.objects.filter(pk=bobs_post.pk).exists()


def test_a_person_under_legal_hold_cannot_be_erased(admin, alice, officer):
    check_create_hold(officer, matter="Onderzoek X", person=alice)
    with pytest.raises(Conflict) as error:
        check_erase_person(admin, alice)
    assert "Onderzoek X" in str(error.value.message)
    alice.refresh_from_db()
    assert alice.full_name == "Alice de Vries"


def test_only_org_admins_erase(alice, bob, officer, moderator):
    for actor in (bob, officer, moderator):
        with pytest.raises(NotFound):
            check_erase_person(actor, alice)


def test_admins_cannot_erase_themselves_or_twice(admin, alice, run_on_commit):
    with pytest.raises(InvalidInput):
        check_erase_person(admin, admin)
    run_on_commit(check_erase_person, admin, alice)
    alice.refresh_from_db()
    with pytest.raises(Conflict):
        check_erase_person(admin, alice)


def test_confirmation_page(client, admin, alice, bob):
    url = reverse("compliance:erase", args=[alice.pk])
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200
    assert b"Alice de Vries" in response.content
    # Without the tick nothing happens.
    assert client.post(url, {}).status_code == 409
    alice.refresh_from_db()
    assert alice.is_active
    response = client.post(url, {"confirm": "erase"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert not alice.is_active


def test_confirmation_page_names_the_hold(client, admin, alice, officer):
    check_create_hold(officer, matter="Dossier 42", person=alice)
    client.force_login(admin)
    url = reverse("compliance:erase", args=[alice.pk])
    assert "Dossier 42" in client.get(url).content.decode()
    response = client.post(url, {"confirm": "erase"})
    assert response.status_code == 409
    assert "Dossier 42" in response.content.decode()
    alice.refresh_from_db()
    assert alice.is_active


def test_erasure_deletes_personal_data_exports(
    exports_storage, stored_exports, admin, alice, bob, run_on_commit
):
    from plein.governance.privacy.actions import do_build_export
    from plein.governance.privacy.models import DataExport

    ready = DataExport.objects.create(person=alice)
    do_build_export(ready.pk)
    # A run still building one has recorded the name it will store under.
    building = DataExport.objects.create(
        person=alice, status=DataExport.Status.RUNNING, file="privacy/x/building.zip"
    )
    exports_storage.save(building.file, ContentFile(b"zip"))
    # A row whose zip is already gone is no error.
    DataExport.objects.create(
        person=alice, status=DataExport.Status.DONE, file="privacy/x/gone.zip"
    )
    theirs = DataExport.objects.create(person=bob)
    do_build_export(theirs.pk)
    theirs.refresh_from_db()
    run_on_commit(check_erase_person, admin, alice)
    assert not DataExport.objects.filter(person=alice).exists()
    assert stored_exports() == [theirs.file]
