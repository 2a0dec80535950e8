"""Log-in lock-out, password reset limits, session timeouts, log out everywhere."""

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from plein.core.events import capture_events
from plein.people.actions import do_create_api_token
from plein.people.models import ApiToken

from .conftest import PASSWORD

LOGIN = reverse("people:login")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def log_in(client, email, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def is_locked_page(response) -> bool:
    return response.status_code == 200 and "paused for 15 minutes" in (
        response.content.decode()
    )


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def test_five_failures_lock_the_account_even_with_the_right_password(client, alice):
    for _attempt in range(4):
        response = log_in(client, "alice@plein.test", "wrong")
        assert "do not match" in response.content.decode()
    assert is_locked_page(log_in(client, "alice@plein.test", "wrong"))
    response = log_in(client, "alice@plein.test", PASSWORD)
    assert is_locked_page(response)
    assert "_auth_user_id" not in client.session


def test_lock_out_ends_after_the_lockout_time(client, alice, settings):
    with time_machine.travel(START, tick=False) as traveller:
        for _attempt in range(5):
            log_in(client, "alice@plein.test", "wrong")
        assert is_locked_page(log_in(client, "alice@plein.test", PASSWORD))
        traveller.shift(settings.LOGIN_LOCKOUT_SECONDS + 1)
        response = log_in(client, "alice@plein.test", PASSWORD)
    assert response.status_code == 302


def test_successful_login_resets_the_count(client, alice):
    for _attempt in range(4):
        log_in(client, "alice@plein.test", "wrong")
    assert log_in(client, "alice@plein.test", PASSWORD).status_code == 302
    client.post(reverse("people:logout"))
    for _attempt in range(4):
        response = log_in(client, "alice@plein.test", "wrong")
        assert not is_locked_page(response)


def test_failures_are_forgotten_after_the_window(client, alice, settings):
    with time_machine.travel(START, tick=False) as traveller:
        for _attempt in range(4):
            log_in(client, "alice@plein.test", "wrong")
        traveller.shift(settings.LOGIN_FAILURE_WINDOW + 1)
        response = log_in(client, "alice@plein.test", "wrong")
    assert not is_locked_page(response)


def test_unknown_address_gets_the_same_answers(client, alice):
    known = [log_in(client, "alice@plein.test", "wrong") for _ in range(6)]
    unknown = [log_in(client, "nobody@plein.test", "wrong") for _ in range(6)]
    for mine, theirs in zip(known, unknown, strict=True):
        assert mine.status_code == theirs.status_code
        assert is_locked_page(mine) == is_locked_page(theirs)
    assert is_locked_page(unknown[-1])


def test_one_address_locked_does_not_lock_a_colleague(client, alice, bob):
    for _attempt in range(5):
        log_in(client, "alice@plein.test", "wrong")
    assert log_in(client, "bob@plein.test", PASSWORD).status_code == 302


def test_many_failures_from_one_ip_block_that_ip(client, alice, settings):
    settings.LOGIN_MAX_FAILURES_PER_IP = 3
    for number in range(3):
        log_in(client, f"guess{number}@plein.test", "wrong", ip="10.9.9.9")
    assert is_locked_page(log_in(client, "alice@plein.test", PASSWORD, ip="10.9.9.9"))
    # Another office is not affected.
    assert log_in(client, "alice@plein.test", PASSWORD, ip="10.1.1.1").status_code == (
        302
    )


def test_lock_out_is_recorded_for_a_real_account(
    client, alice, django_capture_on_commit_callbacks
):
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(5):
            log_in(client, "alice@plein.test", "wrong")
    locked = [e for e in events if e.name == "people.login.locked"]
    assert [e.payload["user_id"] for e in locked] == [alice.pk]
    assert "alice@plein.test" not in str(locked[0].payload)


def test_api_token_keeps_working_while_the_web_login_is_locked(client, alice):
    _token, raw = do_create_api_token(alice, name="script")
    for _attempt in range(5):
        log_in(client, "alice@plein.test", "wrong")
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200


def test_password_reset_lifts_the_lock_out(client, alice, mailoutbox):
    for _attempt in range(5):
        log_in(client, "alice@plein.test", "wrong")
    client.post(reverse("people:password-reset"), {"email": "alice@plein.test"})
    link = next(
        line for line in mailoutbox[0].body.splitlines() if "/password-reset/" in line
    )
    path = link[link.index("/password-reset/") :].strip()
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(
        form_url,
        {
            "new_password1": "a brand new secret 7",
            "new_password2": "a brand new secret 7",
        },
    )
    assert log_in(client, "alice@plein.test", "a brand new secret 7").status_code == 302


# Password reset -------------------------------------------------------------------


def test_password_reset_is_limited_per_address(client, alice, mailoutbox, settings):
    settings.PASSWORD_RESET_MAX_PER_HOUR = 2
    answers = [
        client.post(
            reverse("people:password-reset"),
            {"email": "alice@plein.test"},
            REMOTE_ADDR=f"10.0.0.{n}",
        )
        for n in range(4)
    ]
    done = reverse("people:password-reset-done")
    assert all(a.status_code == 302 and a.url == done for a in answers)
    assert len(mailoutbox) == 2


def test_password_reset_is_limited_per_ip(client, alice, bob, mailoutbox, settings):
    settings.PASSWORD_RESET_MAX_PER_IP_PER_HOUR = 1
    for email in ("alice@plein.test", "bob@plein.test"):
        response = client.post(
            reverse("people:password-reset"), {"email": email}, REMOTE_ADDR="10.0.0.7"
        )
        assert response.status_code == 302
    assert len(mailoutbox) == 1


def test_password_reset_limit_ends_with_the_hour(client, alice, mailoutbox, settings):
    settings.PASSWORD_RESET_MAX_PER_HOUR = 1
    with time_machine.travel(START, tick=False) as traveller:
        for _attempt in range(2):
            client.post(reverse("people:password-reset"), {"email": "alice@plein.test"})
        traveller.shift(3601)
        client.post(reverse("people:password-reset"), {"email": "alice@plein.test"})
    assert len(mailoutbox) == 2


# Sessions ------------------------------------------------------------------------


def test_idle_session_is_logged_out(client, alice, settings):
    with time_machine.travel(START, tick=False) as traveller:
        assert log_in(client, "alice@plein.test", PASSWORD).status_code == 302
        traveller.shift(settings.SESSION_IDLE_TIMEOUT - 60)
        assert client.get(reverse("feed:home")).status_code == 200
        # The request above counted as activity.
        traveller.shift(settings.SESSION_IDLE_TIMEOUT - 60)
        assert client.get(reverse("feed:home")).status_code == 200
        traveller.shift(settings.SESSION_IDLE_TIMEOUT + 1)
        response = client.get(reverse("feed:home"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_session_ends_at_the_absolute_timeout_even_when_active(client, alice, settings):
    settings.SESSION_IDLE_TIMEOUT = 3600
    settings.SESSION_ABSOLUTE_TIMEOUT = 3 * 3600
    with time_machine.travel(START, tick=False) as traveller:
        log_in(client, "alice@plein.test", PASSWORD)
        for _hour in range(3):
            traveller.shift(50 * 60)
            assert client.get(reverse("feed:home")).status_code == 200
        traveller.shift(31 * 60)
        response = client.get(reverse("feed:home"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_htmx_request_of_an_expired_session_redirects_the_page(client, alice, settings):
    with time_machine.travel(START, tick=False) as traveller:
        log_in(client, "alice@plein.test", PASSWORD)
        traveller.shift(settings.SESSION_IDLE_TIMEOUT + 1)
        response = client.get(reverse("feed:home"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == LOGIN


def test_last_seen_is_written_at_most_once_a_minute(client, alice):
    with time_machine.travel(START, tick=False) as traveller:
        log_in(client, "alice@plein.test", PASSWORD)
        seen = client.session["_plein_seen_at"]
        traveller.shift(30)
        client.get(reverse("feed:home"))
        assert client.session["_plein_seen_at"] == seen
        traveller.shift(31)
        client.get(reverse("feed:home"))
        assert client.session["_plein_seen_at"] == seen + 61


# Log out everywhere ----------------------------------------------------------------


def test_log_out_everywhere_ends_other_sessions_and_tokens(
    alice, bob, django_capture_on_commit_callbacks
):
    laptop, phone, colleague = Client(), Client(), Client()
    log_in(laptop, "alice@plein.test", PASSWORD)
    log_in(phone, "alice@plein.test", PASSWORD)
    log_in(colleague, "bob@plein.test", PASSWORD)
    _token, raw = do_create_api_token(alice, name="script")
    _bob_token, bob_raw = do_create_api_token(bob, name="script")

    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        response = laptop.post(reverse("people:logout"), {"everywhere": "1"})
    assert response.status_code == 302

    assert phone.get(reverse("feed:home")).status_code == 302
    assert laptop.get(reverse("feed:home")).status_code == 302
    assert colleague.get(reverse("feed:home")).status_code == 200
    assert not ApiToken.objects.filter(user=alice, revoked_at__isnull=True).exists()
    api = Client()
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert (
        api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {bob_raw}").status_code == 200
    )
    ended = [e for e in events if e.name == "people.sessions.ended"]
    assert ended[0].payload == {"user_id": alice.pk, "sessions": 2, "tokens": 1}


def test_plain_log_out_leaves_other_sessions(alice):
    laptop, phone = Client(), Client()
    log_in(laptop, "alice@plein.test", PASSWORD)
    log_in(phone, "alice@plein.test", PASSWORD)
    laptop.post(reverse("people:logout"))
    assert phone.get(reverse("feed:home")).status_code == 200
    assert Session.objects.count() >= 1


def test_count_active_sessions(alice, bob):
    from plein.people.security import count_active_sessions

    for email in ("alice@plein.test", "alice@plein.test", "bob@plein.test"):
        log_in(Client(), email, PASSWORD)
    assert count_active_sessions(alice) == 2


def test_admin_log_in_is_no_way_around_the_lock_out(client, admin):
    for _attempt in range(5):
        client.post(
            "/admin/login/",
            {"username": "admin@plein.test", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
        )
    response = client.post(
        "/admin/login/",
        {"username": "admin@plein.test", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert is_locked_page(log_in(client, "admin@plein.test", PASSWORD))


def test_token_endpoint_is_no_way_around_the_lock_out(client, alice):
    for _attempt in range(5):
        log_in(client, "alice@plein.test", "wrong")
    response = Client().post(
        "/api/v1/auth/token",
        {"email": "alice@plein.test", "password": PASSWORD, "name": "script"},
        content_type="application/json",
    )
    assert response.status_code == 401


def test_failed_token_requests_count_towards_the_lock_out(alice):
    api = Client()
    for _attempt in range(5):
        api.post(
            "/api/v1/auth/token",
            {"email": "alice@plein.test", "password": "wrong", "name": "script"},
            content_type="application/json",
        )
    assert is_locked_page(log_in(Client(), "alice@plein.test", PASSWORD))


def test_sessions_of_the_plain_model_backend_keep_working(client, alice):
    # Accepting an invitation logs in with Django's ModelBackend.
    client.force_login(alice, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("feed:home")).status_code == 200
