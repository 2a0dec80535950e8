"""The one NinjaAPI object: authentication, rate limits and error rendering.

Every answer that is not a success has the same shape,
``{"detail", "code", "field"?}``, whether it comes from a domain error
(``plein.core.errors``), from ninja's input validation or from Django's
``Http404``. Endpoints never build error responses themselves.
"""

from decimal import Decimal
from typing import Any, TypedDict

import orjson
from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import BaseRenderer
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from plein.core.errors import Forbidden, NotFound, PleinError, RateLimited
from plein.core.publishing import record_refusal
from plein.core.ratelimit import WINDOW_SECONDS, hit_rate_limit
from plein.people.actions import get_user_for_token
from plein.people.models import User

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class NotAuthenticated(PleinError):
    code = "not_authenticated"
    status = 401
    default_message = gettext_lazy(
        "Authentication required: send 'Authorization: Bearer <token>'."
    )


_process_cache: BaseCache | None = None


def api_rate_limit_cache() -> BaseCache:
    """The cache that counts API requests.

    ``settings.API_RATE_LIMIT_CACHE`` names a cache alias when set. Otherwise
    the default cache, except the database cache: its ``incr`` costs six
    statements and a write per request, which would halve the feed's
    throughput, so requests are then counted per process instead (set
    REDIS_URL for one shared count).
    """
    global _process_cache
    alias = getattr(settings, "API_RATE_LIMIT_CACHE", None)
    if alias:
        return caches[alias]
    default = caches["default"]
    if not isinstance(default, DatabaseCache):
        return default
    if _process_cache is None:
        _process_cache = LocMemCache(
            "plein-api-rate-limit", {"OPTIONS": {"MAX_ENTRIES": 100_000}}
        )
    return _process_cache


def _admit(request: HttpRequest, user: User) -> User:
    """Apply the per-person rate limit and the person's language."""
    retry_after = hit_rate_limit(
        "api",
        str(user.pk),
        settings.API_RATE_LIMIT_PER_MINUTE,
        cache=api_rate_limit_cache(),
    )
    if retry_after is not None:
        raise RateLimited(data={"retry_after": retry_after})
    translation.activate(user.language)
    request.user = user
    return user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer plein_…`` personal access tokens."""

    def __call__(self, request: HttpRequest) -> User | None:
        header = request.headers.get("Authorization")
        if not header:
            return None
        scheme, _sep, token = header.partition(" ")
        # A request that brings credentials and gets them wrong is refused
        # outright instead of falling back to the session.
        if scheme.lower() != "bearer":
            raise NotAuthenticated(_("Use 'Authorization: Bearer <token>'."))
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = get_user_for_token(token)
        if user is None:
            raise NotAuthenticated(
                _("This token is invalid, revoked or belongs to a deactivated account.")
            )
        return _admit(request, user)


class CsrfFailed(Forbidden):
    code = "csrf_failed"
    default_message = gettext_lazy("CSRF check failed: send the X-CSRFToken header.")


class SessionAuth(APIKeyCookie):
    """The web UI's own session; unsafe methods must pass the CSRF check."""

    param_name = "sessionid"

    def __call__(self, request: HttpRequest) -> User | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        # ninja's views are csrf_exempt for Django's middleware, so the check
        # happens here, and only for cookie-authenticated writes: token
        # requests cannot be forged by another site.
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise CsrfFailed()
        return _admit(request, user)

    def authenticate(
        self, request: HttpRequest, key: str | None
    ) -> Any:  # pragma: no cover
        return None


def _json_default(value: Any) -> Any:
    # What orjson does not know natively: lazy translations, decimals, sets.
    if isinstance(value, Promise | Decimal):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class FastJSONRenderer(BaseRenderer):
    """JSON through orjson: the feed answer is encoded several times faster."""

    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return orjson.dumps(data, default=_json_default, option=orjson.OPT_UTC_Z)


api = NinjaAPI(
    version="1",
    renderer=FastJSONRenderer(),
    urls_namespace="api",
    title="Plein API",
    description="The REST API of Plein. See docs/api.md.",
    auth=[TokenAuth(), SessionAuth()],
)


def _error(
    detail: str, code: str, status: int, field: str | None = None, **extra: Any
) -> JsonResponse:
    body: dict[str, Any] = {"detail": detail, "code": code}
    if field:
        body["field"] = field
    body.update(extra)
    return JsonResponse(body, status=status)


@api.exception_handler(PleinError)
def on_plein_error(request: HttpRequest, exc: PleinError) -> HttpResponse:
    # The endpoint's transaction has rolled back: a refused text is
    # recorded now, in a transaction of its own.
    record_refusal(exc)
    response = JsonResponse(exc.as_json(), status=exc.status)
    if isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.data.get("retry_after", WINDOW_SECONDS))
    if exc.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="plein"'
    return response


def _field_of(loc: Any) -> str | None:
    # ninja locations look like ("body", "payload", "title", ...), ("query",
    # "limit") or ("path", "post_id"). For the body, the field is the first
    # name under the schema parameter; ("body", "payload") is the whole body.
    names = [part for part in loc if isinstance(part, str)]
    if not names:
        return None
    if names[0] == "body":
        return names[2] if len(names) > 2 else "body"
    return names[-1]


class ErrorItem(TypedDict):
    """One entry of ``errors`` in a 422 answer (``ValidationErrorItem``)."""

    field: str | None
    message: str
    type: str


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: list[ErrorItem] = [
        {
            "field": _field_of(e.get("loc", ())),
            "message": str(e.get("msg", "")),
            "type": e.get("type", ""),
        }
        for e in exc.errors
    ]
    field, message = (
        (errors[0]["field"], errors[0]["message"])
        if errors
        else (None, _("Invalid input."))
    )
    detail = f"{field}: {message}" if field else message
    return _error(detail, "invalid", 422, field, errors=errors)


@api.exception_handler(AuthenticationError)
def on_authentication_error(
    request: HttpRequest, exc: AuthenticationError
) -> HttpResponse:
    return on_plein_error(request, NotAuthenticated())


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        # The only 400 ninja raises itself: a body that is not JSON.
        return _error(_("The request body is not valid JSON."), "invalid", 400, "body")
    code = {
        401: "not_authenticated",
        403: "forbidden",
        404: "not_found",
        429: "rate_limited",
    }
    return _error(str(exc), code.get(exc.status_code, "error"), exc.status_code)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return on_plein_error(request, NotFound())


def _register_routers() -> None:
    from plein.api.endpoints import (
        auth,
        feed,
        follows,
        groups,
        me,
        notifications,
        people,
        posts,
        search,
    )

    api.add_router("/auth", auth.router)
    api.add_router("/me", me.router)
    api.add_router("/feed", feed.router)
    api.add_router("/posts", posts.router)
    api.add_router("/files", "plein.api.endpoints.files.router")
    api.add_router("/groups", groups.router)
    api.add_router("/people", people.router)
    api.add_router("/follows", follows.router)
    api.add_router("/search", search.router)
    api.add_router("/notifications", notifications.router)
    api.add_router("", "plein.api.endpoints.announcements.router")
    api.add_router("/alerts", "plein.api.endpoints.alerts.router")
    api.add_router("/compliance", "plein.api.endpoints.compliance.router")
    api.add_router("", "plein.api.endpoints.privacy.router")
    api.add_router("/guidelines", "plein.api.endpoints.guidelines.router")
    api.add_router("", "plein.api.endpoints.moderation.router")
    api.add_router("/wiki", "plein.api.endpoints.wiki.router")
    api.add_router("/questions", "plein.api.endpoints.questions.router")
    api.add_router("/expertise", "plein.api.endpoints.expertise.router")
    api.add_router("/trail", "plein.api.endpoints.trail.router")
    api.add_router("/recognition", "plein.api.endpoints.recognition.router")
    # The channels apps keep their endpoints in their own api.py.
    api.add_router("", "plein.channels.live.api.router")
    api.add_router("", "plein.channels.push.api.router")
    api.add_router("", "plein.channels.feeds.api.router")
    api.add_router("", "plein.channels.webhooks.api.router")
    api.add_router("", "plein.channels.screens.api.router")
    api.add_router("", "plein.engagement.polls.api.router")
    api.add_router("", "plein.engagement.scheduling.api.router")
    api.add_router("", "plein.engagement.kudos.api.router")
    api.add_router("", "plein.engagement.surveys.api.router")
    api.add_router("", "plein.engagement.events.api.router")
    api.add_router("", "plein.insights.api.router")
    api.add_router("", "plein.careers.vacancies.api.router")
    api.add_router("", "plein.careers.onboarding.api.router")
    api.add_router("", "plein.careers.referrals.api.router")
    api.add_router("", "plein.careers.alumni.api.router")
    api.add_router("", "plein.listening.sources.api.router")
    api.add_router("", "plein.listening.mentions.api.router")
    api.add_router("", "plein.listening.triage.api.router")
    api.add_router("", "plein.listening.watches.api.router")
    api.add_router("", "plein.listening.insights.api.router")
    api.add_router("", "plein.branding.wall.api.router")


_register_routers()
