"""Tell the audit log who is acting and from which address, per request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from plein.core.http import client_ip
from plein.governance.compliance.audit import request_context


class AuditContextMiddleware:
    """Sets the request context that :func:`audit.record_event` reads.

    Goes after AuthenticationMiddleware; the user is looked up only when an
    event without an actor is recorded.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_context(client_ip(request), request):
            return self.get_response(request)
