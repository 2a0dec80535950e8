"""What search finds besides posts and comments, and how features tune it.

The search page shows posts and comments (this app's own index) and, on its
first page, a section for every registered :class:`SearchKind`: people,
groups and hashtags from the base apps; wiki pages, and later vacancies,
events or external mentions, from the features that own them. A kind
searches with its own index and answers only what ``plein.access`` lets the
person see.

Features also tune the ranking of posts and comments by relevance with a
:class:`SearchBoost` (answered questions rank higher), and may hear of a
search with :func:`register_search_listener` (the opt-in search trail).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from plein.core.registry import Registry


@dataclass(frozen=True)
class SearchKind:
    key: str  # "people", "wiki_pages"
    label: Any  # the section's heading, lazily translated
    # (person, parsed query, the query as typed, limit) → hits the person
    # may see, best first.
    search: Callable[[Any, Any, str, int], list[Any]]
    # Renders the section's ``hits`` (with ``kind`` for the heading).
    template: str
    order: int = 100
    # Rebuilds the kind's own index from its sources (``plein search_reindex``);
    # returns how many entries it wrote.
    rebuild: Callable[[], int] | None = None


@dataclass(frozen=True)
class SearchBoost:
    """Multiplies the relevance of some posts and comments.

    ``documents`` picks, among candidate search documents already allowed
    for the person, those that deserve ``factor``.
    """

    key: str
    factor: float
    documents: Callable[[list[int]], Iterable[int]]
    # A subquery of the ids of every document the boost may apply to (a
    # superset is fine). Ranking reads matches in the order of the most they
    # can score after the boosts, so it must know which ones may be boosted;
    # without it, any document may be, which makes ranking read more.
    candidates_sql: str = ""


search_kinds: Registry[SearchKind] = Registry("search kind")
search_boosts: Registry[SearchBoost] = Registry("search boost")
search_listeners: Registry[Callable[[Any, str], None]] = Registry("search listener")


def register_search_kind(kind: SearchKind) -> SearchKind:
    return search_kinds.register(kind.key, kind)


def register_search_boost(boost: SearchBoost) -> SearchBoost:
    if boost.factor <= 1:
        raise ValueError("a search boost raises relevance: its factor exceeds 1")
    return search_boosts.register(boost.key, boost)


def register_search_listener(
    key: str, listener: Callable[[Any, str], None]
) -> Callable[[Any, str], None]:
    """Call ``listener(person, query)`` after each new search (not "load more")."""
    return search_listeners.register(key, listener)


def search_sections(user: Any, parsed: Any, q: str, limit: int) -> list[Any]:
    """(kind, hits) for every kind with hits, in order."""
    sections = []
    for kind in sorted(search_kinds.values(), key=lambda k: (k.order, k.key)):
        hits = kind.search(user, parsed, q, limit)
        if hits:
            sections.append((kind, hits))
    return sections


def apply_search_boosts(scores: dict[int, float], limit: int) -> dict[int, float]:
    """Apply every boost to the scores of the documents that could reach the page.

    A document scoring below the ``limit``-th best divided by the largest
    possible boost stays out of the page even when boosted, so only the
    others are looked up: asking about every candidate would cost more than
    the ranking itself.
    """
    boosts = search_boosts.values()
    if not boosts or not scores:
        return scores
    most = 1.0
    for boost in boosts:
        most *= boost.factor
    ranked = sorted(scores.values(), reverse=True)
    floor = ranked[limit - 1] / most if len(ranked) > limit else 0
    eligible = [doc_id for doc_id, score in scores.items() if score >= floor]
    for boost in boosts:
        for doc_id in boost.documents(eligible):
            scores[doc_id] *= boost.factor
    return scores


def tell_search_listeners(user: Any, q: str) -> None:
    for listener in search_listeners.values():
        listener(user, q)
