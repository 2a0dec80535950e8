"""The request types views are written against.

Django types ``request.user`` as "a user or AnonymousUser" and knows nothing
of what middleware adds. Views behind ``login_required`` take an
``AuthedRequest``: its ``user`` is a signed-in Plein user and ``htmx`` is what
django-htmx's middleware set. The classes only inform the type checker; at
run time every request is Django's own ``HttpRequest``.
"""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from plein.people.models import User


class HtmxRequest(HttpRequest):
    """A request that may be anonymous (log-in, public pages)."""

    htmx: HtmxDetails


class AuthedRequest(HtmxRequest):
    """A request from a signed-in person (views behind ``login_required``)."""

    user: User
