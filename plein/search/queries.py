"""Searching posts, comments, people, groups and hashtags.

Every answer is scoped through ``plein.access``: content hits are filtered
with ``visible_post_filter`` inside the full-text query itself, people and
groups come from ``visible_people``/``visible_groups``, and hashtags are
listed and counted over visible posts only.
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from plein.access.groups import visible_groups
from plein.access.people import is_active_person, visible_people
from plein.access.posts import visible_post_filter, visible_post_sql
from plein.core.db import aware_utc
from plein.core.errors import InvalidInput
from plein.core.markdown import plain_text
from plein.groups.models import Group
from plein.people.models import User
from plein.posts.models import Hashtag
from plein.search import engine
from plein.search.kinds import apply_search_boosts, search_boosts
from plein.search.models import Document
from plein.search.text import (
    LANGUAGES,
    SNIPPET_SCAN_CHARS,
    STOP_WORDS,
    all_stems,
    build_snippet,
    stem,
    words,
)

MAX_QUERY_LENGTH = 500
# Words beyond this are ignored: each one adds a term to the full-text query.
MAX_WORDS = 16
MAX_LIMIT = 100
ORDERS = ("newest", "relevance")
# Relevance ranks every match: the best RANK_FETCH matches of the whole
# index are read first, best first, then checked against the visibility
# rule and the filters; more are read only when those cannot prove the page
# complete (see _ranked_ids and docs/decisions/0005-ranked-search.md).
RANK_FETCH = 300
# Each further round reads this many times more.
RANK_GROWTH = 8
# Rounds over the whole index before ranking inside the visibility query,
# for a reader who may see few of the matches.
RANK_ROUNDS = 2
PG_CONFIGS = {"nl": "dutch", "en": "english"}
_PHRASE_RE = re.compile(r'"([^"]*)"')


@dataclass(frozen=True)
class ParsedQuery:
    """A search box entry: loose words, "quoted phrases" and the raw text."""

    text: str
    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()

    @property
    def has_content_terms(self) -> bool:
        return bool(self.terms or self.phrases)

    @property
    def stems(self) -> set[str]:
        """The stems, in either language, a snippet should highlight."""
        found: set[str] = set()
        for word in (*self.terms, *(w for phrase in self.phrases for w in phrase)):
            found |= all_stems(word)
        return found

    @property
    def name_text(self) -> str:
        """The text to look for in names: no quotes, no @ or # in front."""
        return " ".join(self.text.replace('"', " ").split()).lstrip("@#")


@dataclass(frozen=True)
class HitPerson:
    """The author of a hit: what a result shows of them."""

    pk: int
    full_name: str
    handle: str


@dataclass(frozen=True)
class HitGroup:
    pk: int
    name: str
    slug: str


@dataclass(frozen=True)
class SearchHit:
    """One post or comment found; ``snippet`` is escaped HTML."""

    document_id: int
    post_id: int
    comment_id: int | None
    title: str
    snippet: SafeString
    author: HitPerson
    group: HitGroup | None
    created_at: datetime.datetime
    score: float | None = None

    @property
    def url(self) -> str:
        # Built by hand: the post detail view lives in another app.
        if self.comment_id is not None:
            return f"/posts/{self.post_id}/#comment-{self.comment_id}"
        return f"/posts/{self.post_id}/"


@dataclass(frozen=True)
class SearchResults:
    query: ParsedQuery
    order: str
    hits: list[SearchHit] = field(default_factory=list)
    # Pass as ``before`` to get the next page (newest order only).
    next_cursor: int | None = None


def parse_query(q: str | None) -> ParsedQuery:
    """Split a search box entry into words and "quoted phrases".

    Raises InvalidInput (field "q") for an empty or over-long query. An
    unbalanced quote is ignored. Stop words are dropped from loose words;
    a query of stop words only is valid but finds no posts.
    """
    text = (q or "").strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidInput(
            _("The search is %(length)d characters long; the limit is %(limit)d.")
            % {"length": len(text), "limit": MAX_QUERY_LENGTH},
            field="q",
        )
    if not words(text):
        raise InvalidInput(_("Type a word to search for."), field="q")
    phrases: list[tuple[str, ...]] = []
    budget = MAX_WORDS
    for match in _PHRASE_RE.finditer(text):
        phrase = tuple(words(match.group(1)))[:budget]
        if len(phrase) > 1:
            phrases.append(phrase)
            budget -= len(phrase)
    rest = _PHRASE_RE.sub(" ", text)
    # Single-word "phrases" are plain words.
    rest += " " + " ".join(
        m.group(1) for m in _PHRASE_RE.finditer(text) if len(words(m.group(1))) == 1
    )
    terms: list[str] = []
    for word in words(rest):
        if word not in STOP_WORDS and word not in terms and budget > 0:
            terms.append(word)
            budget -= 1
    return ParsedQuery(text=text, terms=tuple(terms), phrases=tuple(phrases))


def _fts5_expression(parsed: ParsedQuery) -> str:
    # A word's language is unknown, so it matches its stem in either
    # language; a phrase matches when all its words stem in one language.
    # Stems are letters and digits only, so quoting them is safe.
    parts = [
        "(" + " OR ".join(f'"{s}"' for s in sorted(all_stems(term))) + ")"
        for term in parsed.terms
    ]
    for phrase in parsed.phrases:
        variants = sorted(
            {" ".join(stem(w, language) for w in phrase) for language in LANGUAGES}
        )
        parts.append("(" + " OR ".join(f'"{v}"' for v in variants) + ")")
    return " AND ".join(parts)


def _postgres_query(parsed: ParsedQuery) -> SearchQuery:
    combined: Any = None
    for term in parsed.terms:
        # Terms are letters and digits only, so raw to_tsquery cannot fail.
        part = SearchQuery(term, config="dutch", search_type="raw") | SearchQuery(
            term, config="english", search_type="raw"
        )
        combined = part if combined is None else combined & part
    for phrase in parsed.phrases:
        text = " ".join(phrase)
        part = SearchQuery(text, config="dutch", search_type="phrase") | SearchQuery(
            text, config="english", search_type="phrase"
        )
        combined = part if combined is None else combined & part
    return combined


def _parse_date(value: Any, field_name: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(_("Enter a date as YYYY-MM-DD."), field=field_name) from None


def _parse_id(value: Any, field_name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(_("This value is not valid."), field=field_name) from None
    if number <= 0:
        raise InvalidInput(_("This value is not valid."), field=field_name)
    return number


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _document_filter(
    user: Any,
    prefix: str,
    *,
    group_id: int | None,
    author_id: int | None,
    date_from: datetime.date | None,
    date_to: datetime.date | None,
    before: int | None,
) -> Q:
    """Visibility (from plein.access) and the user's filters, over documents."""
    # A comment is visible when it is not deleted and its post is: the rule
    # of visible_comments, spelled over the document's comment and post.
    rule = visible_post_filter(user, prefix=f"{prefix}post__") & (
        Q(**{f"{prefix}comment__isnull": True})
        | (
            Q(**{f"{prefix}comment__deleted_at__isnull": True})
            & (
                Q(**{f"{prefix}comment__withheld_at__isnull": True})
                | Q(**{f"{prefix}comment__author_id": user.pk})
            )
        )
    )
    if group_id is not None:
        rule &= Q(**{f"{prefix}group_id": group_id})
    if author_id is not None:
        rule &= Q(**{f"{prefix}author_id": author_id})
    if date_from is not None:
        rule &= Q(**{f"{prefix}created_at__gte": _start_of(date_from)})
    if date_to is not None:
        rule &= Q(
            **{
                f"{prefix}created_at__lt": _start_of(
                    date_to + datetime.timedelta(days=1)
                )
            }
        )
    if before is not None:
        rule &= Q(**{f"{prefix}id__lt": before})
    return rule


def _max_boost() -> float:
    """The most the registered boosts can multiply a score by."""
    most = 1.0
    for boost in search_boosts.values():
        most *= boost.factor
    return most


def _boostable_sql(column: str) -> str:
    """A condition: the document ``column`` names is one a boost may apply to.

    The ranking bounds such a document's score by _max_boost() times its
    raw score, and reads matches in the order of that bound. A boost
    without ``candidates_sql`` may apply to any document. The fragments are
    fixed SQL of the registered boosts, with no values.
    """
    boosts = search_boosts.values()
    if not boosts:
        return "1 = 0"
    if any(not boost.candidates_sql for boost in boosts):
        return "1 = 1"
    # The unary plus keeps FTS5 driving the query: as a constraint on its
    # rowid, the subquery would make FTS5 test each id it returns.
    union = " UNION ".join(boost.candidates_sql for boost in boosts)
    return f"+{column} IN ({union})"


def _matching_ids(
    user: Any, parsed: ParsedQuery, count: int, **filters: Any
) -> list[int]:
    """Ids of the newest ``count`` visible documents that match, newest first."""
    if connection.vendor == "sqlite":
        return _sqlite_matching_ids(user, parsed, count, **filters)
    docs = Document.objects.filter(search_vector=_postgres_query(parsed))
    docs = docs.filter(_document_filter(user, "", **filters))
    return list(docs.order_by("-id").values_list("id", flat=True)[:count])


def _sqlite_matching_ids(
    user: Any,
    parsed: ParsedQuery,
    count: int,
    *,
    group_id: int | None,
    author_id: int | None,
    date_from: datetime.date | None,
    date_to: datetime.date | None,
    before: int | None,
    ranked: bool = False,
) -> list[Any]:
    # FTS5 drives the query: it walks its rowids (= document ids) backwards
    # and the joins only check each candidate, so a page costs about as much
    # as the rows it reads. Fixed SQL, because compiling the equivalent ORM
    # query took longer than running it; the visibility rule is the one
    # plein.access states for SQL.
    # Ranked, it returns (id, score, bound) rows in the order of
    # _top_matches instead: for readers who may see few of the matches and
    # for filtered searches.
    visible, params = visible_post_sql(user, "p", "g")
    columns = (
        "f.rowid AS id, -bm25(search_fts, 2.0, 1.0) AS score, "
        f"{_boostable_sql('f.rowid')} AS boostable"
        if ranked
        else "f.rowid"
    )
    sql = (  # fixed fragments and placeholders only
        f"SELECT {columns} FROM search_fts f "  # noqa: S608
        "JOIN search_document d ON d.id = f.rowid "
        "JOIN posts_post p ON p.id = d.post_id "
        "LEFT JOIN groups_group g ON g.id = p.group_id "
        "LEFT JOIN posts_comment c ON c.id = d.comment_id "
        "WHERE search_fts MATCH %s AND "
        + visible
        + " AND (d.comment_id IS NULL OR (c.deleted_at IS NULL"
        " AND (c.withheld_at IS NULL OR c.author_id = %s)))"
    )
    args: list[Any] = [_fts5_expression(parsed), *params, user.pk]
    if group_id is not None:
        sql += " AND d.group_id = %s"
        args.append(group_id)
    if author_id is not None:
        sql += " AND d.author_id = %s"
        args.append(author_id)
    if date_from is not None:
        sql += " AND d.created_at >= %s"
        args.append(connection.ops.adapt_datetimefield_value(_start_of(date_from)))
    if date_to is not None:
        sql += " AND d.created_at < %s"
        args.append(
            connection.ops.adapt_datetimefield_value(
                _start_of(date_to + datetime.timedelta(days=1))
            )
        )
    if before is not None:
        sql += " AND f.rowid < %s"
        args.append(before)
    if ranked:
        sql = (
            "SELECT id, score, score * (CASE WHEN boostable THEN %s ELSE 1.0 END) "  # noqa: S608
            f"AS bound FROM ({sql}) ORDER BY bound DESC, id DESC LIMIT %s"
        )
        args = [_max_boost(), *args]
    else:
        sql += " ORDER BY f.rowid DESC LIMIT %s"
    args.append(count)
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        if ranked:
            return [(r[0], float(r[1]), float(r[2])) for r in cursor.fetchall()]
        return [row[0] for row in cursor.fetchall()]


def _top_matches(parsed: ParsedQuery, count: int) -> list[tuple[int, float, float]]:
    """The best ``count`` matches of the whole index as (id, score, bound).

    No visibility here: the candidates are checked afterwards. Every match
    is scored (FTS5's ``bm25()`` with the title counting twice, PostgreSQL's
    ``ts_rank`` with the title's weight A). The order is by ``bound``, the
    most a match can score after the boost (the score times the largest
    boost for a document a boost may apply to), then newer first.
    """
    if connection.vendor == "sqlite":
        sql = (
            "SELECT id, score, score * (CASE WHEN boostable THEN %s ELSE 1.0 END) "  # noqa: S608
            "AS bound FROM (SELECT rowid AS id, -bm25(search_fts, 2.0, 1.0) AS score, "
            f"{_boostable_sql('rowid')} AS boostable "
            "FROM search_fts WHERE search_fts MATCH %s) "
            "ORDER BY bound DESC, id DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [_max_boost(), _fts5_expression(parsed), count])
            return [(r[0], float(r[1]), float(r[2])) for r in cursor.fetchall()]
    return _postgres_ranked(Document.objects.all(), parsed, count)


def _postgres_ranked(
    docs: QuerySet[Document], parsed: ParsedQuery, count: int
) -> list[tuple[int, float, float]]:
    query = _postgres_query(parsed)
    # A fixed condition from the registered boosts, no values.
    boostable = RawSQL(  # noqa: S611
        _boostable_sql('"search_document"."id"'), [], output_field=BooleanField()
    )
    ranked = (
        docs.filter(search_vector=query)
        .annotate(score=SearchRank(F("search_vector"), query))
        .annotate(
            bound=F("score")
            * Case(
                When(boostable, then=Value(_max_boost())),
                default=Value(1.0),
                output_field=FloatField(),
            )
        )
        .order_by("-bound", "-id")
    )
    return [
        (i, float(score), float(bound))
        for i, score, bound in ranked.values_list("id", "score", "bound")[:count]
    ]


def _top_visible_matches(
    user: Any, parsed: ParsedQuery, count: int, **filters: Any
) -> list[tuple[int, float, float]]:
    """The best ``count`` matches the user may see, within the filters.

    As :func:`_top_matches`, with the visibility rule and the filters inside
    the ranking query: for filtered searches and for readers who may see
    few of the matches.
    """
    if connection.vendor != "sqlite":
        docs = Document.objects.filter(_document_filter(user, "", **filters))
        return _postgres_ranked(docs, parsed, count)
    return _sqlite_matching_ids(user, parsed, count, ranked=True, **filters)


def _visible_document_ids(user: Any, ids: list[int], **filters: Any) -> set[int]:
    """Which of these documents the user may see, within the filters."""
    if not ids:
        return set()
    return set(
        Document.objects.filter(id__in=ids)
        .filter(_document_filter(user, "", **filters))
        .values_list("id", flat=True)
    )


def _ranked_ids(
    user: Any, parsed: ParsedQuery, limit: int, **filters: Any
) -> tuple[list[int], dict[int, float]]:
    """The ``limit`` best visible matches over all matches, and their scores.

    Top-k with the visibility rule applied afterwards. Read the ``n`` matches
    of the whole index with the highest *bound* (the score, times the
    largest boost for a document a boost may apply to), keep the visible
    ones, apply the boost, and stop when no match left unread can enter the
    page. Why that is exact: matches are read by bound, highest first, and
    a match's final score never exceeds its bound, so every unread match
    ends at most at the lowest bound read (``floor``). When the
    ``limit``-th best final score is above ``floor``, or equal to it with
    a newer document (ties go to newer documents, and an unread match with
    that bound is older than the last one read), nothing unread can enter
    the page. Otherwise read RANK_GROWTH times more; after RANK_ROUNDS such
    rounds (a reader who may see little of what matches), the visibility
    rule goes inside the ranking query instead. Filtered searches (group,
    author, dates) start there.
    """
    has_filters = any(value is not None for value in filters.values())
    count = max(RANK_FETCH, 10 * limit)
    for round_number in range(0 if has_filters else RANK_ROUNDS):
        matches = _top_matches(parsed, count)
        visible = _visible_document_ids(user, [m[0] for m in matches], **filters)
        found = _best(matches, visible, limit, count)
        if found is not None:
            return found
        if round_number + 1 < RANK_ROUNDS:
            count *= RANK_GROWTH
    count = max(RANK_FETCH, 10 * limit)
    while True:
        matches = _top_visible_matches(user, parsed, count, **filters)
        found = _best(matches, None, limit, count)
        if found is not None:
            return found
        count *= RANK_GROWTH


def _engine_ranked_ids(
    user: Any, parsed: ParsedQuery, limit: int, **filters: Any
) -> tuple[list[int], dict[int, float]] | None:
    """The ``limit`` best visible matches, with the engine proposing candidates.

    The engine gives the best matches of the whole index by score, and,
    separately, the best among the documents a boost may apply to (it keeps
    a flag per document). The candidates' visibility and boosts are checked
    in the database. Exact for the same reason as :func:`_ranked_ids`: an
    unread match scores at most what the last one read from its list
    scored, times the boost it may get, so when the page's last final score
    is above both bounds nothing unread can enter. Otherwise read
    RANK_GROWTH times more, and after RANK_ROUNDS rounds leave it to the
    database (None). The engine's scores are BM25 as the database's are,
    computed over its own copy of the index.
    """
    count = max(RANK_FETCH, 10 * limit)
    most = _max_boost()
    # A boost that does not name its candidates may apply to anything.
    anything_boosted = any(not b.candidates_sql for b in search_boosts.values())
    for _round in range(RANK_ROUNDS):
        matches = engine.top_matches(parsed, count)
        boosted = (
            engine.top_matches(parsed, count, boosted_only=True)
            if engine.has_boostable_search()
            else []
        )
        candidates = dict(matches)
        candidates.update(boosted)
        visible = _visible_document_ids(user, list(candidates), **filters)
        scores = apply_search_boosts(
            {doc: score for doc, score in candidates.items() if doc in visible},
            limit,
        )
        best = sorted(scores, key=lambda doc: (-scores[doc], -doc))[:limit]
        bounds = []
        if len(matches) == count:
            bounds.append(matches[-1][1] * (most if anything_boosted else 1.0))
        if len(boosted) == count:
            bounds.append(boosted[-1][1] * most)
        if not bounds:
            return best, scores  # every match was read
        if len(best) == limit and scores[best[-1]] > max(bounds):
            return best, scores
        count *= RANK_GROWTH
    return None


def _best(
    matches: list[tuple[int, float, float]],
    visible: set[int] | None,
    limit: int,
    count: int,
) -> tuple[list[int], dict[int, float]] | None:
    """The page from the matches read, or None when an unread one could enter it."""
    scores = {
        doc: score
        for doc, score, _bound in matches
        if visible is None or doc in visible
    }
    scores = apply_search_boosts(scores, limit)
    best = sorted(scores, key=lambda doc: (-scores[doc], -doc))[:limit]
    if len(matches) < count:
        return best, scores  # every match was read
    if len(best) < limit:
        return None
    last_read, _score, floor = matches[-1]
    last = scores[best[-1]]
    if last > floor or (last == floor and best[-1] > last_read):
        return best, scores
    return None


def _first_words(text: str, count: int = 12) -> str:
    found = text.split(maxsplit=count)
    return " ".join(found[:count]) + (" …" if len(found) > count else "")


def _plain(markdown: str) -> str:
    """The start of a Markdown text as plain text, for titles and snippets.

    Only the part a snippet can show is rendered (a long article costs no
    more than a short post); the cut falls at a paragraph break where there
    is one, so no half link or emphasis is left at the end.
    """
    if len(markdown) > SNIPPET_SCAN_CHARS:
        head = markdown[:SNIPPET_SCAN_CHARS]
        paragraph_end = head.rfind("\n\n")
        markdown = head[:paragraph_end] if paragraph_end > 0 else head
    return plain_text(markdown)


_HITS_SQL = (
    "SELECT d.id, d.post_id, d.comment_id, d.created_at, p.title, p.body, c.body, "
    "u.id, u.full_name, u.handle, gr.id, gr.name, gr.slug "
    "FROM search_document d "
    "JOIN posts_post p ON p.id = d.post_id "
    "JOIN people_user u ON u.id = d.author_id "
    "LEFT JOIN posts_comment c ON c.id = d.comment_id "
    "LEFT JOIN groups_group gr ON gr.id = d.group_id "
    "WHERE d.id IN ({marks})"
)


def _build_hits(
    doc_ids: list[int], parsed: ParsedQuery, scores: dict[int, float] | None
) -> list[SearchHit]:
    """The hits for already-authorised document ids, in the order given."""
    if not doc_ids:
        return []
    # Plain rows, not model instances: a page of hits is read on every
    # search and instances cost several times the query.
    with connection.cursor() as cursor:
        cursor.execute(
            _HITS_SQL.format(marks=", ".join(["%s"] * len(doc_ids))), doc_ids
        )
        by_id = {row[0]: row for row in cursor.fetchall()}
    stems = parsed.stems
    hits = []
    for doc_id in doc_ids:
        row = by_id.get(doc_id)
        if row is None:
            continue
        (
            _id,
            post_id,
            comment_id,
            created_at,
            title,
            post_body,
            comment_body,
            author_id,
            full_name,
            handle,
            group_id,
            group_name,
            group_slug,
        ) = row
        text = comment_body if comment_id is not None else post_body
        hits.append(
            SearchHit(
                document_id=doc_id,
                post_id=post_id,
                comment_id=comment_id,
                title=title or _first_words(_plain(post_body)),
                # Posts and comments are Markdown: the snippet shows the text
                # a reader sees, with only the matches as HTML.
                snippet=build_snippet(_plain(text), stems),
                author=HitPerson(pk=author_id, full_name=full_name, handle=handle),
                group=HitGroup(pk=group_id, name=group_name, slug=group_slug)
                if group_id is not None
                else None,
                created_at=aware_utc(created_at),
                score=scores.get(doc_id) if scores is not None else None,
            )
        )
    return hits


class _Filters(TypedDict):
    """The narrowing filters of a content search, parsed."""

    group_id: int | None
    author_id: int | None
    date_from: datetime.date | None
    date_to: datetime.date | None
    before: int | None


def search_content(
    user: Any,
    q: str | ParsedQuery,
    *,
    order: str = "newest",
    group_id: Any = None,
    author_id: Any = None,
    date_from: Any = None,
    date_to: Any = None,
    before: Any = None,
    limit: int = 30,
) -> SearchResults:
    """Posts and comments the user may see that match ``q``.

    ``order`` is "newest" (pages with ``before=results.next_cursor``) or
    "relevance" (one page, ranked over every match). Dates are inclusive days in the current time zone. Raises
    InvalidInput naming the field: "q", "order", "date_from", "date_to",
    "group_id", "author_id" or "before".
    """
    parsed = q if isinstance(q, ParsedQuery) else parse_query(q)
    if order not in ORDERS:
        raise InvalidInput(_("Sort by newest or by relevance."), field="order")
    filters: _Filters = {
        "group_id": _parse_id(group_id, "group_id"),
        "author_id": _parse_id(author_id, "author_id"),
        "date_from": _parse_date(date_from, "date_from"),
        "date_to": _parse_date(date_to, "date_to"),
        "before": _parse_id(before, "before") if order == "newest" else None,
    }
    if (
        filters["date_from"]
        and filters["date_to"]
        and filters["date_from"] > filters["date_to"]
    ):
        raise InvalidInput(_("The end date is before the start date."), field="date_to")
    limit = max(1, min(int(limit), MAX_LIMIT))
    if not is_active_person(user) or not parsed.has_content_terms:
        return SearchResults(query=parsed, order=order)
    if order == "newest":
        ids = _matching_ids(user, parsed, limit + 1, **filters)
        next_cursor = ids[limit - 1] if len(ids) > limit else None
        return SearchResults(
            query=parsed,
            order=order,
            hits=_build_hits(ids[:limit], parsed, None),
            next_cursor=next_cursor,
        )
    found = None
    if engine.is_ready() and not any(v is not None for v in filters.values()):
        found = _engine_ranked_ids(user, parsed, limit, **filters)
    best, scores = found or _ranked_ids(user, parsed, limit, **filters)
    if not best:
        return SearchResults(query=parsed, order=order)
    return SearchResults(
        query=parsed, order=order, hits=_build_hits(best, parsed, scores)
    )


def _name_text(q: str | ParsedQuery) -> str:
    parsed = q if isinstance(q, ParsedQuery) else parse_query(q)
    return parsed.name_text


def search_people(user: Any, q: str | ParsedQuery, limit: int = 10) -> QuerySet[User]:
    """Colleagues the user may see whose name, handle or job title matches."""
    text = _name_text(q)
    people = visible_people(user).filter(
        Q(full_name__icontains=text)
        | Q(handle__istartswith=text)
        | Q(job_title__icontains=text)
    )
    return people.order_by("full_name", "pk")[: max(1, min(limit, MAX_LIMIT))]


def search_groups(user: Any, q: str | ParsedQuery, limit: int = 10) -> QuerySet[Group]:
    """Groups the user may see whose name or slug matches."""
    text = _name_text(q)
    groups = visible_groups(user).filter(
        Q(name__icontains=text) | Q(slug__istartswith=text)
    )
    return groups.order_by("name", "pk")[: max(1, min(limit, MAX_LIMIT))]


# Hashtag results count the visible posts of each hashtag up to this many
# ("100+"), and consider at most HASHTAG_CANDIDATES names: counting every
# use of a popular hashtag through the visibility rule cost 25 ms each at
# 1M posts, and it grew with the organisation's history.
HASHTAG_COUNT_CAP = 100
HASHTAG_CANDIDATES = 50


def search_hashtags(user: Any, q: str | ParsedQuery, limit: int = 10) -> list[Hashtag]:
    """Hashtags containing a query word, each with ``post_count``.

    Only posts the user may see count, and a hashtag used on no such post is
    left out, so secret and closed groups do not leak their topics.
    ``post_count`` stops at HASHTAG_COUNT_CAP; ``has_more_posts`` says the
    real count is higher. Most used first, then by name. One query for the
    names and one for the counts, whatever the number of hashtags.
    """
    names = [w.lstrip("#") for w in words(_name_text(q))][:5]
    if not is_active_person(user) or not names:
        return []
    name_filter = Q()
    for name in names:
        name_filter |= Q(name__icontains=name)
    tags = {
        tag.pk: tag
        for tag in Hashtag.objects.filter(name_filter).order_by("name", "pk")[
            :HASHTAG_CANDIDATES
        ]
    }
    if not tags:
        return []
    visible, params = visible_post_sql(user, "p", "g")
    marks = ", ".join(["%s"] * len(tags))
    # The inner LIMIT stops each count at the cap; the fragments are fixed
    # and every value travels as a parameter.
    sql = (
        "SELECT h.id, (SELECT COUNT(*) FROM (SELECT 1 FROM posts_post_hashtags ph "  # noqa: S608
        "JOIN posts_post p ON p.id = ph.post_id "
        "LEFT JOIN groups_group g ON g.id = p.group_id "
        "WHERE ph.hashtag_id = h.id AND " + visible + " LIMIT %s) used) "
        f"FROM posts_hashtag h WHERE h.id IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, HASHTAG_COUNT_CAP + 1, *tags])
        counts = dict(cursor.fetchall())
    found = []
    for tag_id, tag in tags.items():
        used = counts.get(tag_id, 0)
        if used:
            tag.post_count = min(used, HASHTAG_COUNT_CAP)
            tag.has_more_posts = used > HASHTAG_COUNT_CAP
            found.append(tag)
    found.sort(key=lambda t: (-t.post_count, t.name))
    return found[: max(1, min(limit, MAX_LIMIT))]
