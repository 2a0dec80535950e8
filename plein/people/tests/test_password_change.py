"""A new password ends every session and API token made with the old one.

A reset by e-mail spares nothing; a change (settings page or API) spares
only the browser session or the token that made it. Tested over HTTP: a
revoked token answers 401, another browser is logged out and its session
row is gone (not merely invalidated by Django's session hash).
"""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from plein.core.events import capture_events
from plein.people.actions import do_create_api_token
from plein.people.models import ApiToken

from .conftest import PASSWORD

NEW_PASSWORD = "a brand new secret 7"
FEED = reverse("feed:home")


@pytest.fixture(autouse=True)
def _english(settings, alice):
    # The pages speak the person's language once they are logged in.
    settings.LANGUAGE_CODE = "en"
    alice.language = "en"
    alice.save(update_fields=["language"])


def logged_in(email, password=PASSWORD):
    client = Client()
    response = client.post(
        reverse("people:login"), {"username": email, "password": password}
    )
    assert response.status_code == 302
    return client


def token_client(raw):
    return Client(headers={"Authorization": f"Bearer {raw}"})


def session_exists(client):
    return Session.objects.filter(session_key=client.session.session_key).exists()


def reset_password(client, email, mailoutbox, password=NEW_PASSWORD):
    client.post(reverse("people:password-reset"), {"email": email})
    body = mailoutbox[-1].body
    link = next(line for line in body.splitlines() if "/password-reset/" in line)
    path = link[link.index("/password-reset/") :].strip()
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    form = client.get(form_url).content.decode()
    assert "revokes all your API tokens" in form
    return client.post(
        form_url,
        {"new_password1": password, "new_password2": password},
        follow=True,
    )


def test_password_reset_ends_every_session_and_revokes_every_token(
    alice, bob, mailoutbox, django_capture_on_commit_callbacks
):
    laptop, phone = logged_in("alice@plein.test"), logged_in("alice@plein.test")
    colleague = logged_in("bob@plein.test")
    _token, raw = do_create_api_token(alice, name="script")
    _other, other_raw = do_create_api_token(alice, name="report")
    _bob_token, bob_raw = do_create_api_token(bob, name="script")

    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        done = reset_password(Client(), "alice@plein.test", mailoutbox)

    assert "You have been logged out everywhere" in done.content.decode()
    for browser in (laptop, phone):
        assert not session_exists(browser)
        assert browser.get(FEED).status_code == 302
    for secret in (raw, other_raw):
        assert token_client(secret).get("/api/v1/me").status_code == 401
    assert not ApiToken.objects.filter(user=alice, revoked_at__isnull=True).exists()
    # Bob's session and token are his own business.
    assert colleague.get(FEED).status_code == 200
    assert token_client(bob_raw).get("/api/v1/me").status_code == 200
    changed = [e for e in events if e.name == "people.password.changed"]
    assert changed[0].payload == {"user_id": alice.pk, "sessions": 2, "tokens": 2}
    assert logged_in("alice@plein.test", NEW_PASSWORD).get(FEED).status_code == 200


def test_password_reset_from_a_browser_logged_in_as_the_person_logs_it_out(
    alice, mailoutbox
):
    laptop = logged_in("alice@plein.test")
    response = reset_password(laptop, "alice@plein.test", mailoutbox)
    assert response.status_code == 200
    assert laptop.get(FEED).status_code == 302


def test_password_change_page_keeps_this_browser_and_ends_the_rest(alice):
    laptop, phone = logged_in("alice@plein.test"), logged_in("alice@plein.test")
    _token, raw = do_create_api_token(alice, name="script")
    url = reverse("people:settings-password")
    form = laptop.get(url).content.decode()
    assert "revokes all your API tokens" in form

    response = laptop.post(
        url,
        {
            "current_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        follow=True,
    )

    page = response.content.decode()
    assert "Your password has been changed" in page
    assert "all your API tokens have been revoked" in page
    assert laptop.get(FEED).status_code == 200
    assert not session_exists(phone)
    assert phone.get(FEED).status_code == 302
    assert token_client(raw).get("/api/v1/me").status_code == 401


def test_password_change_with_a_wrong_current_password_changes_nothing(alice):
    laptop, phone = logged_in("alice@plein.test"), logged_in("alice@plein.test")
    _token, raw = do_create_api_token(alice, name="script")
    url = reverse("people:settings-password")
    response = laptop.post(
        url,
        {
            "current_password": "guess",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "This is not your current password" in response.content.decode()
    assert phone.get(FEED).status_code == 200
    assert token_client(raw).get("/api/v1/me").status_code == 200
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_guessing_the_current_password_locks_like_a_log_in(alice):
    """A stolen session cannot try passwords: failures count, then even the right one is refused."""
    laptop = logged_in("alice@plein.test")
    url = reverse("people:settings-password")
    for _attempt in range(5):
        laptop.post(
            url,
            {
                "current_password": "guess",
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )
    laptop.post(
        url,
        {
            "current_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_password_change_refuses_a_weak_or_mistyped_new_password(alice):
    laptop = logged_in("alice@plein.test")
    url = reverse("people:settings-password")
    weak = laptop.post(
        url,
        {"current_password": PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert weak.status_code == 200 and "too short" in weak.content.decode()
    mistyped = laptop.post(
        url,
        {
            "current_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD + "x",
        },
    )
    assert "The two new passwords differ." in mistyped.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_password_change_through_the_api_keeps_only_the_calling_token(alice):
    laptop = logged_in("alice@plein.test")
    _token, raw = do_create_api_token(alice, name="script")
    _other, other_raw = do_create_api_token(alice, name="report")
    caller = token_client(raw)

    response = caller.post(
        "/api/v1/me/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json() == {"sessions_ended": 1, "tokens_revoked": 1}
    assert caller.get("/api/v1/me").status_code == 200
    assert token_client(other_raw).get("/api/v1/me").status_code == 401
    assert laptop.get(FEED).status_code == 302


def test_password_change_through_the_api_from_the_web_keeps_that_session(alice):
    laptop, phone = logged_in("alice@plein.test"), logged_in("alice@plein.test")
    _token, raw = do_create_api_token(alice, name="script")
    response = laptop.post(
        "/api/v1/me/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json() == {"sessions_ended": 1, "tokens_revoked": 1}
    assert laptop.get(FEED).status_code == 200
    assert phone.get(FEED).status_code == 302
    assert token_client(raw).get("/api/v1/me").status_code == 401


def test_password_change_through_the_api_with_a_wrong_password_names_the_field(
    alice,
):
    _token, raw = do_create_api_token(alice, name="script")
    _other, other_raw = do_create_api_token(alice, name="report")
    response = token_client(raw).post(
        "/api/v1/me/password",
        {"current_password": "guess", "new_password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "current_password"
    assert token_client(other_raw).get("/api/v1/me").status_code == 200


def test_the_admin_password_form_leads_to_the_settings_page(admin):
    client = Client()
    client.force_login(admin)
    response = client.get("/admin/password_change/")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:settings-password")
