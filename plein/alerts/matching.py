"""The alert query language, compiled clauses and the in-process index.

A query is one or more clauses, separated by new lines or `` OR ``. A clause
holds words, "quoted phrases", ``#hashtag``, ``@handle`` and ``group:slug``;
everything in a clause must match. Words and phrases are stemmed in Dutch
and in English with the search app's own functions, so an alert finds what
a search for the same words finds.

``compile_query`` turns a query into JSON (stored on the alert); the index
maps one selective requirement of each clause to the clause, so a new post
only checks the clauses that could possibly match it.
"""

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from plein.core.errors import InvalidInput
from plein.core.markdown import HASHTAG_RE, extract_hashtags
from plein.search.queries import parse_query
from plein.search.text import LANGUAGES, _stemmer, all_stems, stem, words

MAX_QUERY_LENGTH = 5000
MAX_CLAUSES = 1000
_CLAUSE_SPLIT_RE = re.compile(r"\n|\s+OR\s+")
_HANDLE_RE = re.compile(r"(?<![\w@/.])@([a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?)", re.I)
_GROUP_RE = re.compile(r"(?<!\S)group:([a-z0-9][a-z0-9_-]*)", re.I)


@dataclass
class ParsedClause:
    """One clause as written: stemming and lookups still to do."""

    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    hashtags: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()


def parse_alert_query(text: str | None) -> list[ParsedClause]:
    """Split an alert query into clauses; raises InvalidInput(field="query")."""
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidInput(
            _("The query is %(length)d characters long; the limit is %(limit)d.")
            % {"length": len(text), "limit": MAX_QUERY_LENGTH},
            field="query",
        )
    clauses = []
    for raw in _CLAUSE_SPLIT_RE.split(text):
        raw = raw.strip()
        if not raw:
            continue
        clause = _parse_clause(raw)
        if clause not in clauses:
            clauses.append(clause)
    if not clauses:
        raise InvalidInput(_("Type something to look for."), field="query")
    if len(clauses) > MAX_CLAUSES:
        raise InvalidInput(
            _("An alert can have at most %(limit)d lines.") % {"limit": MAX_CLAUSES},
            field="query",
        )
    return clauses


def _parse_clause(raw: str) -> ParsedClause:
    hashtags = tuple(extract_hashtags(raw))
    handles = tuple(dict.fromkeys(h.lower() for h in _HANDLE_RE.findall(raw)))
    groups = tuple(dict.fromkeys(g.lower() for g in _GROUP_RE.findall(raw)))
    rest = _GROUP_RE.sub(" ", _HANDLE_RE.sub(" ", HASHTAG_RE.sub(" ", raw)))
    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    if words(rest):
        try:
            parsed = parse_query(rest)
        except InvalidInput as error:
            raise InvalidInput(error.message, field="query") from None
        terms, phrases = parsed.terms, parsed.phrases
    clause = ParsedClause(terms, phrases, hashtags, handles, groups)
    if not (terms or phrases or hashtags or handles or groups):
        raise InvalidInput(
            _("“%(line)s” has only very common words; add a more specific one.")
            % {"line": raw[:80]},
            field="query",
        )
    return clause


def compile_query(
    clauses: Iterable[ParsedClause],
    *,
    user_ids: dict[str, int],
    group_ids: dict[str, int],
) -> list[dict[str, Any]]:
    """The JSON form of parsed clauses, names resolved to ids.

    Each term becomes its stems in both languages (any one matches); each
    phrase its stemmed variants, one per language.
    """
    return [
        {
            "terms": [sorted(all_stems(term)) for term in clause.terms],
            "phrases": [
                sorted(
                    {
                        " ".join(stem(w, language) for w in phrase)
                        for language in LANGUAGES
                    }
                )
                for phrase in clause.phrases
            ],
            "tags": list(clause.hashtags),
            "authors": sorted({user_ids[h] for h in clause.handles}),
            "groups": sorted({group_ids[g] for g in clause.groups}),
        }
        for clause in clauses
    ]


@dataclass(frozen=True)
class Content:
    """What a post or comment offers to match against."""

    stems: frozenset[str]
    # " stem stem stem " per language, for phrases.
    padded: tuple[str, ...]
    tags: frozenset[str]
    author_id: int
    group_id: int | None

    @property
    def keys(self) -> set[tuple[str, Any]]:
        found: set[tuple[str, Any]] = {("s", s) for s in self.stems}
        found |= {("h", t) for t in self.tags}
        found.add(("a", self.author_id))
        if self.group_id is not None:
            found.add(("g", self.group_id))
        return found


def build_content(
    text: str, *, tags: Iterable[str], author_id: int, group_id: int | None
) -> Content:
    """Stem ``text`` in both languages: a post's language guess can be wrong."""
    tokens = words(text)
    stems: set[str] = set()
    padded = []
    for language in LANGUAGES:
        stemmed = _stemmer(language).stemWords(tokens)
        stems.update(stemmed)
        padded.append(" " + " ".join(stemmed) + " ")
    return Content(
        stems=frozenset(stems),
        padded=tuple(padded),
        tags=frozenset(t.lower() for t in tags),
        author_id=author_id,
        group_id=group_id,
    )


def clause_matches(clause: dict[str, Any], content: Content) -> bool:
    for alternatives in clause["terms"]:
        if not any(s in content.stems for s in alternatives):
            return False
    for variants in clause["phrases"]:
        if not any(f" {v} " in p for v in variants for p in content.padded):
            return False
    for tag in clause["tags"]:
        if tag not in content.tags:
            return False
    for author_id in clause["authors"]:
        if author_id != content.author_id:
            return False
    return all(group_id == content.group_id for group_id in clause["groups"])


def _anchor_keys(clause: dict[str, Any]) -> list[tuple[str, Any]]:
    """The keys to file a clause under: one requirement, the rarest guess.

    Any requirement would be correct, since every candidate is checked in
    full; a hashtag or a long word is less common than a person or a group.
    """
    if clause["tags"]:
        return [("h", clause["tags"][0])]
    if clause["terms"]:
        longest = max(clause["terms"], key=lambda stems: min(len(s) for s in stems))
        return [("s", s) for s in longest]
    if clause["phrases"]:
        # Any stemmed word of the phrase, in each language's variant.
        return [("s", max(v.split(), key=len)) for v in clause["phrases"][0]]
    if clause["groups"]:
        return [("g", clause["groups"][0])]
    return [("a", clause["authors"][0])]


@dataclass
class AlertIndex:
    """Clauses of every active alert, filed under one anchor key each."""

    by_key: dict[tuple[str, Any], list[tuple[int, dict[str, Any]]]] = field(
        default_factory=dict
    )

    def add(self, alert_id: int, compiled: list[dict[str, Any]]) -> None:
        for clause in compiled:
            for key in _anchor_keys(clause):
                self.by_key.setdefault(key, []).append((alert_id, clause))

    def match(self, content: Content) -> set[int]:
        """Ids of the alerts with at least one clause matching ``content``."""
        found: set[int] = set()
        for key in content.keys:
            for alert_id, clause in self.by_key.get(key, ()):
                if alert_id not in found and clause_matches(clause, content):
                    found.add(alert_id)
        return found


_lock = threading.Lock()
_cached: tuple[Any, AlertIndex] | None = None


def get_alert_index() -> AlertIndex:
    """The index of active alerts, rebuilt when any alert changed.

    The version is one aggregate query (count, newest change, highest id),
    so a process notices alerts added, edited, deactivated or deleted by
    another process.
    """
    global _cached
    from plein.alerts.models import Alert

    active = Alert.objects.filter(is_active=True)
    version = tuple(
        active.aggregate(
            n=Count("id"), changed=Max("updated_at"), top=Max("id")
        ).values()
    )
    with _lock:
        if _cached is not None and _cached[0] == version:
            return _cached[1]
    index = AlertIndex()
    for alert_id, compiled in active.values_list("id", "compiled").iterator(
        chunk_size=2000
    ):
        index.add(alert_id, compiled)
    with _lock:
        _cached = (version, index)
    return index


def forget_alert_index() -> None:
    """Drop the cached index (tests, and after bulk changes in one process)."""
    global _cached
    with _lock:
        _cached = None
