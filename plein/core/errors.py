"""The one hierarchy of domain errors.

Actions and gatekeepers raise these; DomainErrorMiddleware and the API's
exception handler turn them into an HTML message or a JSON answer
``{"detail": ..., "code": ..., "field": ...}`` with the right status.
"""

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class PleinError(Exception):
    code = "error"
    status = 400
    default_message: str | Promise = _("Something is wrong with this request.")

    def __init__(
        self,
        message: str | Promise | None = None,
        *,
        field: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        self.message = message if message is not None else self.default_message
        self.field = field
        self.data = data or {}
        super().__init__(str(self.message))

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"detail": str(self.message), "code": self.code}
        if self.field:
            body["field"] = self.field
        body.update(self.data)
        return body


class InvalidInput(PleinError):
    """Input that fails validation; ``field`` names the offending field."""

    code = "invalid"
    default_message = _("This value is not valid.")


class NotFound(PleinError):
    """Missing, or not visible to this person: the two are never told apart."""

    code = "not_found"
    status = 404
    default_message = _("This does not exist, or you do not have access to it.")


class Forbidden(PleinError):
    """The person can see the object but may not do this to it."""

    code = "forbidden"
    status = 403
    default_message = _("You are not allowed to do this.")


class Conflict(PleinError):
    code = "conflict"
    status = 409
    default_message = _("This conflicts with the current state.")


class RateLimited(PleinError):
    code = "rate_limited"
    status = 429
    default_message = _("Too many requests. Please wait a moment and try again.")
