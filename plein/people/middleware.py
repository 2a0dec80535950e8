import zoneinfo
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plein.people.security import session_expiry_reason


class PersonPreferencesMiddleware:
    """Speak the signed-in person's language and show times in their zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.timezone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        response = self.get_response(request)
        timezone.deactivate()
        return response


class SessionTimeoutMiddleware:
    """End sessions that sat idle too long or are too old (docs/security.md).

    SESSION_IDLE_TIMEOUT after the last request and SESSION_ABSOLUTE_TIMEOUT
    after logging in, the person is logged out and sent to the log-in page.
    The last-seen stamp is written at most once a minute. Requests with an
    API token carry no session and are not affected.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and session is not None and user.is_authenticated:
            reason = session_expiry_reason(session)
            if reason is not None:
                return self._expired(request, reason)
        return self.get_response(request)

    def _expired(self, request: HttpRequest, reason: str) -> HttpResponse:
        logout(request)
        if reason == "idle":
            text = _("You were logged out because you were away for a while.")
        else:
            text = _("Your session has ended. Please log in again.")
        if request.path.startswith("/api/"):
            # The API answers "not authenticated" itself, in JSON.
            return self.get_response(request)
        messages.info(request, text)
        login_url = reverse("people:login")
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_url
            return response
        if request.method == "GET":
            return redirect_to_login(request.get_full_path(), login_url)
        return redirect(login_url)
