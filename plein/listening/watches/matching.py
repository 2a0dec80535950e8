"""Matching mentions against watches, in the term-alert query language.

A watch's query is parsed and compiled by ``plein.alerts.matching``: words
(stemmed in Dutch and English), "quoted phrases", one clause per line or
between `` OR ``. Watches read pages outside Plein, so the clauses that
only mean something inside it (``#hashtag``, ``@handle``, ``group:slug``)
are refused on ``query``. A mention is stemmed in its own language when it
has one (Dutch or English), else in both, as a post is for alerts.
"""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from plein.alerts.matching import (
    AlertIndex,
    Content,
    build_content,
    compile_query,
    parse_alert_query,
)
from plein.core.errors import InvalidInput
from plein.search.text import LANGUAGES, stem_text


def build_watch_query(query: str | None) -> tuple[str, list[dict[str, Any]]]:
    """The cleaned query text and its compiled clauses.

    Raises InvalidInput(field="query") for an empty or over-long query, a
    line of very common words only, or a hashtag, handle or group clause.
    """
    text = (query or "").replace("\r\n", "\n").strip()
    clauses = parse_alert_query(text)
    for clause in clauses:
        if clause.hashtags or clause.handles or clause.groups:
            raise InvalidInput(
                _(
                    "Watches read pages outside Plein, where #hashtags, "
                    "@handles and group: mean nothing; write the words "
                    "themselves."
                ),
                field="query",
            )
    return text, compile_query(clauses, user_ids={}, group_ids={})


def build_mention_content(title: str, excerpt: str, language: str) -> Content:
    """A mention's title and excerpt, stemmed in its language (or both)."""
    text = f"{title}\n{excerpt}"
    if language not in LANGUAGES:
        return build_content(text, tags=(), author_id=0, group_id=None)
    stemmed = stem_text(text, language).split()
    return Content(
        stems=frozenset(stemmed),
        padded=(" " + " ".join(stemmed) + " ",),
        tags=frozenset(),
        author_id=0,
        group_id=None,
    )


def build_watch_index(
    watches: Iterable[tuple[int, list[dict[str, Any]]]],
) -> AlertIndex:
    """An index of ``(watch id, compiled)``: each clause under one anchor."""
    index = AlertIndex()
    for watch_id, compiled in watches:
        index.add(watch_id, compiled)
    return index
