"""The request type authenticated API endpoints are written against.

ninja sets ``request.auth`` to what the authenticator returned, untyped. Both
of Plein's authenticators (``TokenAuth`` and ``SessionAuth`` in
``plein.api.main``) return the signed-in person and also set ``request.user``
to them, so an endpoint that requires authentication takes an
``ApiRequest``. Like ``plein.people.http``, the class only informs the type
checker; at run time the request is Django's own ``HttpRequest``. Endpoints
with ``auth=None`` take a plain ``HttpRequest``.
"""

from plein.people.http import AuthedRequest
from plein.people.models import User


class ApiRequest(AuthedRequest):
    """A request to an endpoint behind the API's authentication."""

    auth: User
