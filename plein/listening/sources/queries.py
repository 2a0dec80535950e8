"""Reads of listening sources for the pages and the API, scoped by plein.access."""

from django.db.models import QuerySet

from plein.access.listening import visible_sources
from plein.listening.sources.models import Source


def list_sources(user: object) -> QuerySet[Source]:
    """The sources ``user`` may manage, by name, with who added them."""
    return visible_sources(user).select_related("created_by").order_by("name", "pk")
