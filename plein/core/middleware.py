from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from plein.core.errors import PleinError
from plein.core.publishing import record_refusal


class SecurityHeadersMiddleware:
    """Headers Django does not set itself (docs/security.md).

    Permissions-Policy switches off browser features Plein never uses. The
    Content Security Policy itself comes from Django's middleware
    (settings.SECURE_CSP); a view that needs another one sets it with the
    decorators in django.views.decorators.csp.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response


class DomainErrorMiddleware:
    """Render a domain error raised by a view as JSON, an htmx fragment or a page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            # API clients get every error in the same JSON shape.
            allowed = response.get("Allow", "")
            response = JsonResponse(
                {
                    "detail": str(_("This method is not allowed here.")),
                    "code": "method_not_allowed",
                },
                status=405,
            )
            response["Allow"] = allowed
        return response

    def process_exception(
        self, request: HttpRequest, exc: Exception
    ) -> HttpResponse | None:
        if not isinstance(exc, PleinError):
            return None
        # The view's transaction has rolled back: a refused text is recorded
        # now, in a transaction of its own.
        record_refusal(exc)
        if request.path.startswith(
            "/api/"
        ) or "application/json" in request.headers.get("Accept", ""):
            return JsonResponse(exc.as_json(), status=exc.status)
        template = (
            "core/error_fragment.html"
            if getattr(request, "htmx", False)
            else "core/error.html"
        )
        response = render(request, template, {"error": exc}, status=exc.status)
        if getattr(request, "htmx", False):
            # Show the message in the page's alert region instead of swapping
            # it into whatever the request targeted.
            response["HX-Retarget"] = "#alerts"
            response["HX-Reswap"] = "innerHTML"
        return response
