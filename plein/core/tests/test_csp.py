"""Security headers, the Content Security Policy, and templates without inline code."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from plein.core import ratelimit

ROOT = Path(__file__).resolve().parents[2]  # the plein package


def csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    "name", ["feed:home", "people:directory", "people:settings", "alerts:list"]
)
def test_pages_carry_a_strict_policy(client, alice, name):
    client.force_login(alice)
    response = client.get(reverse(name))
    assert response.status_code == 200
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_anonymous_login_page_has_policy_and_other_headers(client, db):
    response = client.get(reverse("people:login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_api_answers_carry_the_headers_too(client, alice):
    client.force_login(alice)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_api_docs_page_works_under_the_strict_policy(client, alice):
    client.force_login(alice)
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    policy = csp(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    # Swagger UI from our static files (ninja in INSTALLED_APPS), not the
    # CDN page with its inline script.
    body = response.content.decode()
    assert "<script>" not in body
    for src in re.findall(r'<script[^>]*src="([^"]+)"', body):
        assert src.startswith("/static/")


def test_admin_pages_carry_the_policy_and_load(client, admin):
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    body = response.content.decode()
    assert not re.search(
        r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)", body
    )


def test_attachments_keep_their_own_sandbox_policy():
    # plein/posts/views.py sets "default-src 'none'; sandbox" on downloads;
    # the middleware must not replace a policy a view set itself.
    from django.http import HttpResponse
    from django.middleware.csp import ContentSecurityPolicyMiddleware
    from django.test import RequestFactory

    def view(request):
        response = HttpResponse("x")
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    request = RequestFactory().get("/")
    middleware = ContentSecurityPolicyMiddleware(view)
    response = middleware(request)
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


# Templates ----------------------------------------------------------------------

INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I
)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)
EVAL_ATTRIBUTE = re.compile(r"\shx-on[:-]|javascript:|hx-vals=['\"]js:", re.I)


def page_templates() -> list[Path]:
    """Every HTML template a browser renders (e-mail templates excluded)."""
    return [
        path
        for path in ROOT.rglob("templates/**/*.html")
        if "email" not in path.relative_to(ROOT).parts[-2:]
        and "/email/" not in str(path)
    ]


def test_templates_are_found():
    names = {p.name for p in page_templates()}
    assert "base.html" in names
    assert "login.html" in names


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (INLINE_SCRIPT, "an inline <script>"),
        (EVENT_HANDLER, "an on* event handler"),
        (STYLE_ATTRIBUTE, "a style attribute"),
        (STYLE_ELEMENT, "a <style> element"),
        (EVAL_ATTRIBUTE, "code in an attribute (hx-on, javascript:)"),
    ],
)
def test_no_template_has_inline_code(pattern, what):
    offenders = []
    for path in page_templates():
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == [], (
        f"{what} is refused by the Content Security Policy; move it to "
        f"plein/static/plein/js or css (docs/security.md): {offenders}"
    )


# Rate limits ----------------------------------------------------------------------


def test_mail_sender_limit_counts_per_hour(db, settings):
    settings.MAIL_MAX_PER_SENDER_PER_HOUR = 3
    answers = [ratelimit.hit_mail_sender_limit("Spam@Example.org") for _ in range(4)]
    assert answers[:3] == [None, None, None]
    assert 0 < answers[3] <= 3600
    assert ratelimit.hit_mail_sender_limit("colleague@example.org") is None


def test_mail_sender_limit_can_be_switched_off(db, settings):
    settings.MAIL_MAX_PER_SENDER_PER_HOUR = 0
    assert all(
        ratelimit.hit_mail_sender_limit("a@example.org") is None for _ in range(5)
    )


def test_failure_counter_is_forgotten_after_the_window(db):
    import time_machine

    with time_machine.travel("2026-03-02 09:00 +0000", tick=False) as traveller:
        assert ratelimit.count_failure("t", "x", 60) == 1
        traveller.shift(30)
        assert ratelimit.count_failure("t", "x", 60) == 2
        traveller.shift(59)
        # Forgotten a window after the *last* failure, not the first.
        assert ratelimit.failure_count("t", "x") == 2
        traveller.shift(2)
        assert ratelimit.failure_count("t", "x") == 0


def test_api_rate_limit_setting_is_in_place():
    assert settings.API_RATE_LIMIT_PER_MINUTE > 0
