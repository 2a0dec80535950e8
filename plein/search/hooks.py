"""The base sections of the search page: people, groups and hashtags."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from plein.search.kinds import SearchKind, register_search_kind
from plein.search.queries import search_groups, search_hashtags, search_people


def _people(user: Any, parsed: Any, q: str, limit: int) -> list[Any]:
    return list(search_people(user, parsed, limit))


def _groups(user: Any, parsed: Any, q: str, limit: int) -> list[Any]:
    return list(search_groups(user, parsed, limit))


def _hashtags(user: Any, parsed: Any, q: str, limit: int) -> list[Any]:
    return list(search_hashtags(user, parsed, limit))


register_search_kind(
    SearchKind("people", _("People"), _people, "search/sections/_people.html", order=10)
)
register_search_kind(
    SearchKind("groups", _("Groups"), _groups, "search/sections/_groups.html", order=20)
)
register_search_kind(
    SearchKind(
        "hashtags", _("Hashtags"), _hashtags, "search/sections/_hashtags.html", order=40
    )
)
