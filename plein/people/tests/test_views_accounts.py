from django.urls import reverse

from plein.people.actions import check_invite_person, do_deactivate_person
from plein.people.models import Invitation, User
from plein.people.tests.conftest import PASSWORD


def test_login_page_renders(client, db):
    response = client.get(reverse("people:login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_login_with_right_password_signs_in(client, alice):
    response = client.post(
        reverse("people:login"), {"username": "alice@plein.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_login_with_wrong_password_shows_message(client, alice):
    response = client.post(
        reverse("people:login"), {"username": "alice@plein.test", "password": "nope"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].non_field_errors()
    # What was typed stays in the field.
    assert b'value="alice@plein.test"' in response.content


def test_login_of_deactivated_person_fails(client, alice):
    do_deactivate_person(alice)
    response = client.post(
        reverse("people:login"), {"username": "alice@plein.test", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_login_is_rate_limited_per_address(client, alice, settings):
    settings.LOGIN_RATE_LIMIT_PER_MINUTE = 2
    for _attempt in range(2):
        client.post(
            reverse("people:login"),
            {"username": "alice@plein.test", "password": "nope"},
        )
    response = client.post(
        reverse("people:login"), {"username": "alice@plein.test", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response.context["form"].has_error("__all__", "rate_limited")


def test_logout_needs_post(alice_client):
    assert alice_client.get(reverse("people:logout")).status_code == 405
    response = alice_client.post(reverse("people:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in alice_client.session


def test_password_reset_sends_mail(client, alice, mailoutbox):
    assert client.get(reverse("people:password-reset")).status_code == 200
    response = client.post(
        reverse("people:password-reset"), {"email": "alice@plein.test"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("people:password-reset-done")
    assert len(mailoutbox) == 1
    assert "/password-reset/" in mailoutbox[0].body
    assert mailoutbox[0].to == ["alice@plein.test"]
    # The link and the name come from SITE_URL and SITE_NAME, not the Host header.
    assert "http://127.0.0.1:8000/password-reset/" in mailoutbox[0].body
    assert "testserver" not in mailoutbox[0].subject + mailoutbox[0].body


def test_password_reset_for_unknown_address_sends_nothing(client, db, mailoutbox):
    response = client.post(
        reverse("people:password-reset"), {"email": "nobody@example.org"}
    )
    assert response.status_code == 302
    assert mailoutbox == []


def test_password_reset_link_lets_person_choose_new_password(client, alice, mailoutbox):
    client.post(reverse("people:password-reset"), {"email": "alice@plein.test"})
    link = next(
        line for line in mailoutbox[0].body.splitlines() if "/password-reset/" in line
    )
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.context["validlink"]
    new = "another long passphrase 42"
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": new, "new_password2": new},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("people:password-reset-complete")
    alice.refresh_from_db()
    assert alice.check_password(new)


def test_invitation_mail_links_to_accept_page(
    admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = check_invite_person(
            admin, email="carla@example.org", full_name="Carla Smit"
        )
    assert len(mailoutbox) == 1
    assert (
        reverse("people:invitation-accept", args=[invitation.token])
        in mailoutbox[0].body
    )
    assert "Ada Admin" in mailoutbox[0].subject


def test_invitation_accept_creates_account_and_signs_in(client, admin):
    invitation = check_invite_person(
        admin, email="carla@example.org", full_name="Carla Smit"
    )
    url = reverse("people:invitation-accept", args=[invitation.token])
    assert client.get(url).status_code == 200
    password = "a very long passphrase 7"
    response = client.post(
        url,
        {"full_name": "Carla Smit", "password": password, "password_again": password},
    )
    assert response.status_code == 302
    user = User.objects.get(email="carla@example.org")
    assert client.session["_auth_user_id"] == str(user.pk)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert client.get(url).status_code == 410


def test_invitation_accept_with_weak_password_shows_field_error(client, admin):
    invitation = check_invite_person(
        admin, email="carla@example.org", full_name="Carla Smit"
    )
    url = reverse("people:invitation-accept", args=[invitation.token])
    response = client.post(
        url,
        {
            "full_name": "Carla Smit",
            "password": "12345678",
            "password_again": "12345678",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert not User.objects.filter(email="carla@example.org").exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None


def test_invitation_with_unknown_token_is_404(client, db):
    assert (
        client.get(reverse("people:invitation-accept", args=["nope"])).status_code
        == 404
    )


def test_language_switch_for_anonymous_sets_cookie(client, db, settings):
    response = client.post(
        reverse("people:language"), {"language": "en", "next": "/login/"}
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get(reverse("people:login"))
    assert b'lang="en"' in response.content


def test_language_switch_is_saved_on_the_account(alice_client, alice):
    assert alice.language == "nl"
    response = alice_client.post(
        reverse("people:language"), {"language": "en", "next": "/people/"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.language == "en"
    response = alice_client.get(reverse("people:directory"))
    assert b'lang="en"' in response.content
