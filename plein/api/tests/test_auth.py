"""Tokens, sessions, CSRF and rate limits."""

from django.test import Client

from plein.api.tests.conftest import PASSWORD, assert_error
from plein.people.actions import (
    do_create_api_token,
    do_deactivate_person,
    do_revoke_api_token,
)


def test_token_request_with_valid_credentials_returns_working_token(alice):
    response = Client().post(
        "/api/v1/auth/token",
        {"email": "ALICE@example.org", "password": PASSWORD, "name": "cli"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "cli"
    assert body["token"].startswith("plein_")
    me = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert me.status_code == 200
    assert me.json()["id"] == alice.pk


def test_token_request_with_wrong_password_returns_401(alice):
    response = Client().post(
        "/api/v1/auth/token",
        {"email": "alice@example.org", "password": "nope"},
        content_type="application/json",
    )
    assert_error(response, 401, "not_authenticated", "password")


def test_token_request_for_deactivated_person_returns_401(alice):
    do_deactivate_person(alice.user)
    response = Client().post(
        "/api/v1/auth/token",
        {"email": "alice@example.org", "password": PASSWORD},
        content_type="application/json",
    )
    assert_error(response, 401, "not_authenticated")


def test_token_request_without_password_names_the_field(alice):
    response = Client().post(
        "/api/v1/auth/token",
        {"email": "alice@example.org"},
        content_type="application/json",
    )
    assert_error(response, 422, "invalid", "password")


def test_token_requests_are_rate_limited_per_email_and_ip(alice, settings):
    settings.LOGIN_RATE_LIMIT_PER_MINUTE = 2
    client = Client()
    for _ in range(2):
        response = client.post(
            "/api/v1/auth/token",
            {"email": "alice@example.org", "password": "wrong"},
            content_type="application/json",
        )
        assert response.status_code == 401
    response = client.post(
        "/api/v1/auth/token",
        {"email": "alice@example.org", "password": PASSWORD},
        content_type="application/json",
    )
    assert_error(response, 429, "rate_limited")
    assert int(response["Retry-After"]) >= 1


def test_request_without_credentials_returns_401():
    assert_error(Client().get("/api/v1/me"), 401, "not_authenticated")


def test_invalid_token_returns_401(db):
    response = Client().get(
        "/api/v1/me", HTTP_AUTHORIZATION="Bearer plein_not-a-real-token"
    )
    assert_error(response, 401, "not_authenticated")


def test_wrong_auth_scheme_returns_401(alice):
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Token {alice.token}")
    assert_error(response, 401, "not_authenticated")


def test_revoked_token_returns_401(alice):
    token, raw = do_create_api_token(alice.user, name="old")
    do_revoke_api_token(alice.user, token.pk)
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert_error(response, 401, "not_authenticated")


def test_deactivated_persons_token_returns_401(alice):
    # Deactivation revokes tokens; a token created afterwards is refused too.
    do_deactivate_person(alice.user)
    _token, raw = do_create_api_token(alice.user)
    assert_error(alice.get("/me"), 401, "not_authenticated")
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert_error(response, 401, "not_authenticated")


def test_session_authenticates_reads(alice):
    client = Client()
    client.force_login(alice.user)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["handle"] == alice.user.handle


def test_session_write_without_csrf_token_returns_403(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice.user)
    response = client.post(
        "/api/v1/posts", {"body": "Via de sessie"}, content_type="application/json"
    )
    assert_error(response, 403, "csrf_failed")


def test_session_write_with_csrf_token_succeeds(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice.user)
    # A CSRF secret is 32 letters or digits; the header may carry it as is.
    secret = "s3cr3t" * 5 + "ab"
    client.cookies["csrftoken"] = secret
    response = client.post(
        "/api/v1/posts",
        {"body": "Via de sessie"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=secret,
    )
    assert response.status_code == 201, response.content


def test_token_write_needs_no_csrf_token(alice):
    response = alice.post("/posts", {"body": "Met een token"}, HTTP_COOKIE="")
    assert response.status_code == 201


def test_requests_over_the_limit_return_429_with_retry_after(alice, bob, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    for _ in range(3):
        assert alice.get("/me").status_code == 200
    response = alice.get("/me")
    assert_error(response, 429, "rate_limited")
    assert 1 <= int(response["Retry-After"]) <= 60
    # The limit is per person.
    assert bob.get("/me").status_code == 200


def test_unknown_api_path_returns_json_404(alice):
    assert_error(alice.get("/no-such-thing"), 404, "not_found")
    assert_error(Client().get("/api/v2/feed"), 404, "not_found")


def test_401_names_the_bearer_scheme():
    response = Client().get("/api/v1/feed")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_rate_limit_counts_per_process_when_the_cache_is_the_database(settings):
    from django.core.cache.backends.locmem import LocMemCache

    from plein.api.main import api_rate_limit_cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "t",
        }
    }
    assert isinstance(api_rate_limit_cache(), LocMemCache)
    settings.API_RATE_LIMIT_CACHE = "default"
    assert not isinstance(api_rate_limit_cache(), LocMemCache)


def test_unsupported_method_answers_json_405(client):
    response = client.put("/api/v1/me")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]
