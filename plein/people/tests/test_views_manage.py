from django.urls import reverse

from plein.people.models import Invitation


def test_manage_is_forbidden_for_members(alice_client, bob):
    assert alice_client.get(reverse("people:manage")).status_code == 403
    response = alice_client.post(
        reverse("people:manage-invite"), {"full_name": "X", "email": "x@example.org"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert (
        alice_client.post(
            reverse("people:manage-deactivate", args=[bob.pk])
        ).status_code
        == 403
    )
    bob.refresh_from_db()
    assert bob.is_active


def test_manage_needs_login(client, db):
    response = client.get(reverse("people:manage"))
    assert response.status_code == 302


def test_manage_lists_everyone_including_deactivated(client, admin, alice, bob):
    from plein.people.actions import do_deactivate_person

    do_deactivate_person(bob)
    client.force_login(admin)
    response = client.get(reverse("people:manage"))
    assert response.status_code == 200
    assert set(response.context["page"].object_list) == {admin, alice, bob}
    response = client.get(reverse("people:manage"), {"status": "deactivated"})
    assert list(response.context["page"].object_list) == [bob]


def test_admin_invites_by_email(
    client, admin, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:manage-invite"),
            {"full_name": "Carla Smit", "email": "carla@example.org"},
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["carla@example.org"]
    assert Invitation.objects.get().full_name == "Carla Smit"


def test_invite_of_existing_email_shows_field_error(client, admin, alice):
    client.force_login(admin)
    response = client.post(
        reverse("people:manage-invite"),
        {"full_name": "Alice again", "email": "alice@plein.test"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.context["invite_form"].errors["email"]
    assert b'value="Alice again"' in response.content


def test_deactivate_asks_first_then_ends_access(client, admin, alice, bob):
    from django.test import Client

    bob_client = Client()
    bob_client.force_login(bob)
    assert bob_client.get(reverse("people:directory")).status_code == 200

    client.force_login(admin)
    url = reverse("people:manage-deactivate", args=[bob.pk])
    response = client.get(url)
    assert response.status_code == 200
    bob.refresh_from_db()
    assert bob.is_active
    response = client.post(url)
    assert response.status_code == 302
    bob.refresh_from_db()
    assert not bob.is_active
    # Bob's session has ended.
    response = bob_client.get(reverse("people:directory"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("people:login"))

    response = client.post(reverse("people:manage-reactivate", args=[bob.pk]))
    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.is_active


def test_admin_cannot_deactivate_themselves(client, admin):
    client.force_login(admin)
    response = client.post(reverse("people:manage-deactivate", args=[admin.pk]))
    assert response.status_code == 400
    admin.refresh_from_db()
    assert admin.is_active
