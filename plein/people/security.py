"""Log-in lock-out, password reset limits, session timeouts, logging out everywhere.

A new password (reset by e-mail, or changed in the settings or the API)
goes through ``do_set_password``: it ends the person's other sessions and
revokes their API tokens, sparing only the session or token that made the
change.

Throttling state lives in the cache (``plein.core.ratelimit``), session
stamps in the session itself: nothing here needs a table of its own.
docs/security.md explains the rules to admins.
"""

import time
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.core import ratelimit
from plein.core.errors import InvalidInput
from plein.core.events import emit_on_commit
from plein.core.http import client_ip as request_ip
from plein.people.actions import do_end_sessions, do_revoke_api_token
from plein.people.models import ApiToken

ACCOUNT_SCOPE = "login-account"
IP_SCOPE = "login-ip"
RESET_EMAIL_SCOPE = "password-reset-email"
RESET_IP_SCOPE = "password-reset-ip"

# Session keys: when the person logged in, and when we last saw them
# (seconds since the epoch).
SESSION_LOGIN_AT = "_plein_login_at"
SESSION_SEEN_AT = "_plein_seen_at"
# The last-seen stamp is written at most this often (each write saves the session).
SEEN_RESOLUTION_SECONDS = 60


def client_ip(request: HttpRequest) -> str:
    """The address the request came from, as the audit log sees it.

    REMOTE_ADDR, or the right-most address in AUDIT_CLIENT_IP_HEADER when a
    trusted reverse proxy sets one: behind a proxy without it, every
    request seems to come from the proxy and the per-IP limits count the
    whole organisation together (docs/security.md).
    """
    return request_ip(request) or "unknown"


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


# Log-in ------------------------------------------------------------------------


def login_locked_for(email: str, ip: str | None) -> int:
    """Seconds before this address may try to log in from this IP; 0: go ahead.

    Unknown e-mail addresses are counted and locked exactly like real ones,
    so the answer tells nobody whether an account exists. ``ip`` is None
    when there is no request (a shell): only the address counts then.
    """
    email = normalise_email(email)
    seconds = ratelimit.locked_for(ACCOUNT_SCOPE, email) if email else 0
    if (
        ip is not None
        and ratelimit.failure_count(IP_SCOPE, ip) >= settings.LOGIN_MAX_FAILURES_PER_IP
    ):
        seconds = max(seconds, settings.LOGIN_FAILURE_WINDOW)
    return seconds


def record_login_failure(email: str, ip: str | None) -> bool:
    """Count a failed log-in; True when it locked the address."""
    email = normalise_email(email)
    window = settings.LOGIN_FAILURE_WINDOW
    if ip is not None:
        ratelimit.count_failure(IP_SCOPE, ip, window)
    if not email:
        return False
    failures = ratelimit.count_failure(ACCOUNT_SCOPE, email, window)
    if failures < settings.LOGIN_MAX_FAILURES:
        return False
    ratelimit.lock(ACCOUNT_SCOPE, email, settings.LOGIN_LOCKOUT_SECONDS)
    ratelimit.clear_failures(ACCOUNT_SCOPE, email)
    user_id = (
        get_user_model()
        .objects.filter(email__iexact=email)
        .values_list("pk", flat=True)
        .first()
    )
    if user_id is not None:
        # The audit log records the lock-out; strangers' guesses are not
        # recorded (there is nobody to record them against).
        with transaction.atomic():
            emit_on_commit(
                "people.login.locked",
                {"user_id": user_id, "seconds": settings.LOGIN_LOCKOUT_SECONDS},
                [user_id],
            )
    return True


def record_login_success(email: str) -> None:
    """A successful log-in forgets the address's earlier failures."""
    email = normalise_email(email)
    ratelimit.clear_failures(ACCOUNT_SCOPE, email)


class LoginLockoutBackend(ModelBackend):
    """Django's model backend with the lock-out on top (AUTHENTICATION_BACKENDS).

    Every password check goes through it: the log-in page, the Django
    admin's log-in and the API's token endpoint, so none of them is a way
    around the lock-out. Requests that bring an API token do not check a
    password and are not affected.

    A locked address or a wrong password raises PermissionDenied, which
    makes ``authenticate()`` stop (and send ``user_login_failed``) instead
    of asking the plain ModelBackend, listed after this one only for
    sessions that were started with it, to check the password again.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        ip = client_ip(request) if request is not None else None
        if login_locked_for(username, ip):
            raise PermissionDenied
        user = super().authenticate(request, username, password, **kwargs)
        if user is None:
            record_login_failure(username, ip)
            raise PermissionDenied
        record_login_success(username)
        return user


def unlock_login(email: str) -> None:
    """Lift a lock-out (for support staff, from a shell)."""
    email = normalise_email(email)
    ratelimit.unlock(ACCOUNT_SCOPE, email)
    ratelimit.clear_failures(ACCOUNT_SCOPE, email)


# Password reset ------------------------------------------------------------------


def password_reset_allowed(email: str, ip: str) -> bool:
    """Count a reset request; False when the address or the IP asked too often.

    The caller answers the same page either way and simply sends no mail.
    """
    email = normalise_email(email)
    over_ip = ratelimit.hit_rate_limit(
        RESET_IP_SCOPE,
        ip,
        settings.PASSWORD_RESET_MAX_PER_IP_PER_HOUR,
        window_seconds=3600,
    )
    over_email = ratelimit.hit_rate_limit(
        RESET_EMAIL_SCOPE,
        email,
        settings.PASSWORD_RESET_MAX_PER_HOUR,
        window_seconds=3600,
    )
    return over_ip is None and over_email is None


# Sessions ----------------------------------------------------------------------


def start_session(request: HttpRequest) -> None:
    """Stamp a fresh log-in (called right after ``login()``)."""
    now = int(time.time())
    request.session[SESSION_LOGIN_AT] = now
    request.session[SESSION_SEEN_AT] = now


def session_expiry_reason(session: Any, now: int | None = None) -> str | None:
    """Why the session is over ("idle" or "absolute"), or None while it lasts.

    Stamps missing from a session (one started before this code, or by a
    test's ``force_login``) are set to now.
    """
    now = int(time.time()) if now is None else now
    login_at = session.get(SESSION_LOGIN_AT)
    seen_at = session.get(SESSION_SEEN_AT)
    if login_at is None:
        session[SESSION_LOGIN_AT] = login_at = now
    if seen_at is None:
        session[SESSION_SEEN_AT] = seen_at = now
    if now - int(login_at) > settings.SESSION_ABSOLUTE_TIMEOUT:
        return "absolute"
    if now - int(seen_at) > settings.SESSION_IDLE_TIMEOUT:
        return "idle"
    if now - int(seen_at) >= SEEN_RESOLUTION_SECONDS:
        session[SESSION_SEEN_AT] = now
    return None


def do_log_out_everywhere(person: Any) -> dict[str, int]:
    """End every session of ``person`` and revoke all their API tokens."""
    with transaction.atomic():
        sessions = do_end_sessions(person)
        token_ids = ApiToken.objects.filter(
            user=person, revoked_at__isnull=True
        ).values_list("pk", flat=True)
        tokens = sum(do_revoke_api_token(person, pk) for pk in list(token_ids))
        emit_on_commit(
            "people.sessions.ended",
            {"user_id": person.pk, "sessions": sessions, "tokens": tokens},
            [person.pk],
            actor_id=person.pk,
        )
    return {"sessions": sessions, "tokens": tokens}


def do_set_password(
    person: Any,
    password: str,
    *,
    keep_session_key: str | None = None,
    keep_token_id: int | None = None,
) -> dict[str, int]:
    """Save a new password; end the person's sessions, revoke their tokens.

    Whoever knew the old password (or held a session or token made with
    it) is out. ``keep_session_key`` and ``keep_token_id`` spare the one
    session or token that made the change; a reset by e-mail spares
    nothing. Runs in the caller's transaction (or its own); emits
    ``people.password.changed`` with the counts after commit. Returns
    ``{"sessions": n, "tokens": n}``.
    """
    with transaction.atomic():
        person.set_password(password)
        person.save(update_fields=["password"])
        sessions = do_end_sessions(person, keep_session_key=keep_session_key)
        tokens_in_use = ApiToken.objects.filter(user=person, revoked_at__isnull=True)
        if keep_token_id is not None:
            tokens_in_use = tokens_in_use.exclude(pk=keep_token_id)
        token_ids = tokens_in_use.values_list("pk", flat=True)
        tokens = sum(do_revoke_api_token(person, pk) for pk in list(token_ids))
        emit_on_commit(
            "people.password.changed",
            {"user_id": person.pk, "sessions": sessions, "tokens": tokens},
            [person.pk],
            actor_id=person.pk,
        )
    return {"sessions": sessions, "tokens": tokens}


def check_change_password(
    request: HttpRequest,
    person: Any,
    *,
    current_password: str,
    new_password: str,
    keep_session_key: str | None = None,
    keep_token_id: int | None = None,
) -> dict[str, int]:
    """Change one's own password, knowing the current one.

    The current password is checked like a log-in (``authenticate``), so
    failures count towards the lock-out and a locked address is refused:
    a stolen session or token cannot guess its way to the password.
    Raises InvalidInput naming "current_password" or "new_password".
    Then ``do_set_password``, sparing the caller's session or token.
    """
    checked = authenticate(request, username=person.email, password=current_password)
    if checked is None or checked.pk != person.pk:
        raise InvalidInput(
            _(
                "This is not your current password, or there were too many "
                "attempts: wait a while and try again."
            ),
            field="current_password",
        )
    try:
        validate_password(new_password, person)
    except ValidationError as error:
        raise InvalidInput(" ".join(error.messages), field="new_password") from None
    return do_set_password(
        person,
        new_password,
        keep_session_key=keep_session_key,
        keep_token_id=keep_token_id,
    )


def count_active_sessions(person: Any) -> int:
    """How many unexpired sessions belong to ``person``.

    Reads every session row (sessions do not record their person), so only
    the log-out page asks, never a page people see all day.
    """
    count = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(
        chunk_size=500
    ):
        if str(session.get_decoded().get("_auth_user_id")) == str(person.pk):
            count += 1
    return count
