"""Reading the wiki: history, diffs, links, contents, search, feed, stale pages.

Every list goes through ``plein.access.wiki.visible_pages``; functions that
take a ``page`` expect one fetched with ``access_page``.
"""

import datetime
import difflib
import html
import re
from dataclasses import dataclass, field
from typing import Any

import nh3
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import npgettext, pgettext

from plein.access.people import is_active_person
from plein.access.wiki import (
    visible_page_files,
    visible_pages,
    visible_revisions,
)
from plein.core.errors import InvalidInput, NotFound
from plein.core.markdown import plain_text
from plein.knowledge.wiki.links import WIKI_LINK_RE, page_url
from plein.knowledge.wiki.models import Page, PageFile, PageLink, Revision
from plein.search.text import build_snippet

# A heading as plein.core.markdown writes it with heading_anchors.
_HEADING_RE = re.compile(r'<h([1-6]) id="(h-[^"]*)">(.*?)</h\1>', re.DOTALL)


def page_revisions(user: Any, page: Page) -> QuerySet:
    """The versions of ``page`` the user may read, newest first.

    ``page`` comes from access_page. Versions written for the readers of
    another wiki (before the page moved) are left out: for its new readers
    a moved page's history starts at the move.
    """
    return visible_revisions(user, page.revisions.all()).select_related("author")


def page_history(user: Any, page: Page) -> list[Revision]:
    """Every version the user may read, newest first, with its author."""
    return list(page_revisions(user, page))


def previous_revision_number(user: Any, page: Page, number: int) -> int | None:
    """The number of the newest version before ``number`` the user may read."""
    return (
        page_revisions(user, page)
        .filter(number__lt=number)
        .values_list("number", flat=True)
        .first()
    )


def diff_texts(old: str, new: str) -> list[dict[str, Any]]:
    """Line by line: ``{"op": "same"|"added"|"removed", "text": ...}``.

    "removed" lines are only in ``old``, "added" lines only in ``new``.
    Line endings do not count (``\\r\\n`` from a browser equals ``\\n``).
    """
    a, b = old.splitlines(), new.splitlines()
    lines: list[dict[str, Any]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b).get_opcodes():
        if op == "equal":
            lines += [{"op": "same", "text": t} for t in a[i1:i2]]
            continue
        lines += [{"op": "removed", "text": t} for t in a[i1:i2]]
        lines += [{"op": "added", "text": t} for t in b[j1:j2]]
    return lines


def page_text(title: str, body: str) -> str:
    """A version as the diffs compare it: the title as a first line, the text."""
    return f"# {title}\n{body}"


def diff_revisions(
    user: Any, page: Page, older: int, newer: int
) -> list[dict[str, Any]]:
    """What changed between two versions of ``page``, title included.

    Raises NotFound unless the user may read both (``visible_revisions``).
    """
    found = {
        r.number: r
        for r in visible_revisions(
            user, Revision.objects.filter(page=page, number__in=[older, newer])
        )
    }
    if older not in found or newer not in found:
        raise NotFound()
    return diff_texts(
        page_text(found[older].title, found[older].body),
        page_text(found[newer].title, found[newer].body),
    )


def backlinks(user: Any, page: Page) -> list[Page]:
    """The pages the user may see that link to ``page``, by title.

    A link from a page the user may not see (a secret group's, say) is
    left out, so it does not reveal that page's existence or title.
    """
    sources = PageLink.objects.filter(target=page).values("source_id")
    return list(
        visible_pages(user)
        .filter(pk__in=sources)
        .exclude(pk=page.pk)
        .select_related("group")
        .order_by("title", "pk")
    )


def toc(page: Page) -> list[tuple[int, str, str]]:
    """The page's headings as (level, text, anchor), in order.

    The anchors are the ids the page's HTML gives the headings: read from
    the stored HTML, so showing a page renders nothing and queries nothing.
    """
    found = []
    for match in _HEADING_RE.finditer(page.body_html or ""):
        text = html.unescape(nh3.clean(match.group(3), tags=set()))
        found.append((int(match.group(1)), " ".join(text.split()), match.group(2)))
    return found


@dataclass(frozen=True)
class PageHit:
    """A wiki page found by search; ``snippet`` is escaped HTML."""

    page_id: int
    title: str
    snippet: SafeString
    group: Any
    url: str
    updated_at: datetime.datetime
    score: float | None = None


def _link_labels(body: str) -> str:
    # [[Title|label]] reads as its label in a snippet, [[Title]] as the title.
    return WIKI_LINK_RE.sub(lambda m: m.group(2) or m.group(1), body)


# Matches ranked at most, newest pages first (see _best_matches).
RANK_CANDIDATES = 1000


def _best_matches(
    user: Any, expression: Any, group: Any, limit: int
) -> list[tuple[int, float]]:
    """(page id, score) of the best visible matches, best first.

    One statement: the visibility rule (``visible_pages``) is part of it.
    """
    pages = visible_pages(user)
    if group is not None:
        pages = pages.filter(group=group)
    if connection.vendor == "sqlite":
        # FTS5 drives: it walks its matches once, checks each against the
        # visible ids (computed once) and ranks with bm25, the title counting
        # twice. The unary + keeps SQLite from handing the id list to FTS5
        # as a rowid constraint, which ran the match once per visible page
        # (seconds at 20,000 pages instead of ~30 ms; see docs/wiki.md).
        # Only the newest RANK_CANDIDATES matches are ranked, as in post
        # search: a common word then costs the same as a rare one.
        try:
            visible_sql, visible_params = pages.values("pk").query.sql_with_params()
        except EmptyResultSet:
            # No wiki to read at all (an outsider in no group).
            return []
        sql = (  # fixed fragments, the ORM's own SQL and placeholders only
            "SELECT rowid, score FROM (SELECT rowid, -bm25(wiki_fts, 2.0, 1.0) AS score "  # noqa: S608
            f"FROM wiki_fts WHERE wiki_fts MATCH %s AND +rowid IN ({visible_sql}) "
            "ORDER BY rowid DESC LIMIT %s) ORDER BY score DESC, rowid DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, *visible_params, RANK_CANDIDATES, limit])
            return [(row[0], float(row[1])) for row in cursor.fetchall()]
    ranked = (
        pages.filter(index_entry__search_vector=expression)
        .annotate(score=SearchRank(F("index_entry__search_vector"), expression))
        .order_by("-score", "-updated_at", "-pk")
        .values_list("pk", "score")[:limit]
    )
    return [(pk, float(score)) for pk, score in ranked]


def _expressions(parsed: Any) -> list[str] | list[SearchQuery]:
    """All words required; then, for several words, any of them.

    FTS5 match expressions on SQLite, search queries on PostgreSQL.
    """
    from plein.search.queries import ParsedQuery, _fts5_expression, _postgres_query

    several = len(parsed.terms) + len(parsed.phrases) > 1
    if connection.vendor == "sqlite":
        texts = [_fts5_expression(parsed)]
        if several:
            texts.append(
                " OR ".join(
                    _fts5_expression(ParsedQuery(text="", terms=(term,)))
                    for term in parsed.terms
                )
                + "".join(
                    " OR " + _fts5_expression(ParsedQuery(text="", phrases=(phrase,)))
                    for phrase in parsed.phrases
                )
            )
        return texts
    queries = [_postgres_query(parsed)]
    if several:
        combined: SearchQuery | None = None
        for term in parsed.terms:
            part = _postgres_query(ParsedQuery(text="", terms=(term,)))
            combined = part if combined is None else combined | part
        for phrase in parsed.phrases:
            part = _postgres_query(ParsedQuery(text="", phrases=(phrase,)))
            combined = part if combined is None else combined | part
        if combined is not None:  # always: there are several words
            queries.append(combined)
    return queries


def search_pages(
    user: Any, text: str, *, limit: int = 10, group: Any = None
) -> list[PageHit]:
    """Wiki pages the user may see that match ``text``, best first.

    Words are stemmed in Dutch and English (a word's language is unknown).
    All words must match; when that finds nothing and there are several,
    pages matching any of them are ranked instead, so a long question still
    finds related pages. ``group`` keeps one group's wiki. An empty or
    over-long text is cut or answered with no hits, never an error.
    """
    from plein.search.queries import MAX_QUERY_LENGTH, parse_query

    if not is_active_person(user):
        return []
    try:
        parsed = parse_query((text or "")[:MAX_QUERY_LENGTH])
    except InvalidInput:
        return []
    if not parsed.has_content_terms:
        return []
    limit = max(1, min(int(limit), 100))
    best: list[tuple[int, float]] = []
    for expression in _expressions(parsed):
        best = _best_matches(user, expression, group, limit)
        if best:
            break
    by_id = Page.objects.select_related("group").in_bulk([pk for pk, _s in best])
    rows = [by_id[pk] for pk, _score in best if pk in by_id]
    scores = dict(best)
    stems = parsed.stems
    return [
        PageHit(
            page_id=page.pk,
            title=page.title,
            snippet=build_snippet(plain_text(_link_labels(page.body)), stems),
            group=page.group,
            url=page_url(page.pk),
            updated_at=page.updated_at,
            score=scores[page.pk],
        )
        for page in rows
    ]


@dataclass(frozen=True)
class PageUpdate:
    """Changes to one page in a time range, told as one feed entry."""

    page_id: int
    title: str
    url: str
    group: Any
    changed_at: datetime.datetime
    authors: list[Any] = field(default_factory=list)  # latest first
    change_count: int = 1
    is_new: bool = False
    # An entry of a group's stream (plein.groups.streams).
    stream_template: str = "wiki/partials/_page_update.html"

    @property
    def stream_at(self) -> datetime.datetime:
        return self.changed_at

    @property
    def pk(self) -> int:
        return self.page_id

    @property
    def updated_at(self) -> datetime.datetime:
        return self.changed_at

    @property
    def others_count(self) -> int:
        return max(0, len(self.authors) - 1)

    @property
    def sentence(self) -> SafeString:
        """'Anna and 2 others edited Onboarding (5 changes)', translated."""
        first = self.authors[0].full_name if self.authors else ""
        values = {
            "name": format_html("<strong>{}</strong>", first),
            "title": format_html(
                '<a href="{}" class="wiki-link">{}</a>', self.url, self.title
            ),
            "others": self.others_count,
            "count": self.change_count,
        }
        if self.is_new and self.change_count == 1:
            text = pgettext("wiki feed", "%(name)s created the wiki page %(title)s")
        elif self.others_count:
            text = npgettext(
                "wiki feed",
                "%(name)s and %(others)d other edited the wiki page %(title)s",
                "%(name)s and %(others)d others edited the wiki page %(title)s",
                self.others_count,
            )
        else:
            text = pgettext("wiki feed", "%(name)s edited the wiki page %(title)s")
        changes = npgettext(
            "wiki feed", "(%(count)d change)", "(%(count)d changes)", self.change_count
        )
        # The names and title are escaped above; the sentence is ours.
        return mark_safe((text % values) + " " + escape(changes % values))


def recent_page_updates(
    user: Any,
    *,
    group: Any = None,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    limit: int = 20,
) -> list[PageUpdate]:
    """One entry per page changed in [since, until), newest change first.

    ``group`` gives that group's wiki; None the organisation-wide pages.
    Each entry counts the revisions in the range and names their authors,
    the latest first, so a page edited fifty times fills one line of a feed.
    Only pages the user may see.
    """
    pages = visible_pages(user).filter(group=group)
    # Only versions the user may read: who edited a page before it moved to
    # this wiki, and how often, is not for its new readers.
    revisions = visible_revisions(user, Revision.objects.filter(page__in=pages))
    if since is not None:
        revisions = revisions.filter(created_at__gte=since)
    if until is not None:
        revisions = revisions.filter(created_at__lt=until)
    summary = list(
        revisions.values("page_id")
        .annotate(changed_at=Max("created_at"), count=Count("id"), first=Min("number"))
        .order_by("-changed_at", "-page_id")[: max(1, limit)]
    )
    if not summary:
        return []
    page_ids = [row["page_id"] for row in summary]
    by_id = {p.pk: p for p in Page.objects.filter(pk__in=page_ids)}
    authors: dict[int, list[Any]] = {pk: [] for pk in page_ids}
    for rev in (
        revisions.filter(page_id__in=page_ids)
        .select_related("author")
        .order_by("-created_at", "-number")
    ):
        if rev.author not in authors[rev.page_id]:
            authors[rev.page_id].append(rev.author)
    return [
        PageUpdate(
            page_id=row["page_id"],
            title=by_id[row["page_id"]].title,
            url=page_url(row["page_id"]),
            group=group,
            changed_at=row["changed_at"],
            authors=authors[row["page_id"]],
            change_count=row["count"],
            is_new=row["first"] == 1,
        )
        for row in summary
    ]


def group_page_updates(
    user: Any,
    group: Any,
    since: datetime.datetime | None,
    until: datetime.datetime | None,
    limit: int,
) -> list[PageUpdate]:
    """The group stream's wiki entries: one per changed page in the range."""
    return recent_page_updates(user, group=group, since=since, until=until, limit=limit)


def stale_pages(owner: Any, *, now: datetime.datetime | None = None) -> QuerySet:
    """The pages ``owner`` owns and may still see, not verified in time.

    "In time" is WIKI_STALE_AFTER_DAYS; the oldest verification first.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.WIKI_STALE_AFTER_DAYS)
    return (
        visible_pages(owner)
        .filter(owner=owner)
        .filter(Q(last_verified_at__lt=cutoff) | Q(last_verified_at__isnull=True))
        .select_related("group")
        .order_by(F("last_verified_at").asc(nulls_first=True), "pk")
    )


def page_tree(user: Any, *, group: Any = None, all_wikis: bool = False) -> list[Any]:
    """The visible pages of one wiki as a flat list in tree order.

    Each page carries ``depth`` (0 at the top). A page whose parent the
    user cannot see (or which was deleted) is shown at the top.
    """
    pages = visible_pages(user).select_related("group", "owner")
    if not all_wikis:
        pages = pages.filter(group=group)
    pages_list = list(pages.order_by("title", "pk"))
    ids = {p.pk for p in pages_list}
    children: dict[int | None, list[Any]] = {}
    for page in pages_list:
        parent = page.parent_id if page.parent_id in ids else None
        children.setdefault(parent, []).append(page)
    ordered: list[Any] = []

    def walk(parent: int | None, depth: int) -> None:
        for page in children.get(parent, []):
            page.depth = depth
            ordered.append(page)
            walk(page.pk, depth + 1)

    walk(None, 0)
    return ordered


def page_files(user: Any, page: Page) -> list[PageFile]:
    """The page's files the user may see, oldest first (``page`` from access_page).

    Files uploaded before the page moved to another wiki stay with the
    readers of the wiki they were uploaded in (``visible_page_files``).
    """
    return list(visible_page_files(user, page.files.all()))


_MARKDOWN_LABEL_SPECIALS = re.compile(r"([\\\[\]])")


def file_markdown(page_file: PageFile, alt: str = "") -> str:
    """What a page's text writes to show ``page_file``.

    ``![alt](attachment:N)`` for an image (``alt`` describes it; the file
    name without its extension when empty), ``[name](attachment:N)`` for
    any other file. Brackets and backslashes in the label are escaped, so
    any file name gives working Markdown.
    """
    label = " ".join((alt or "").split())
    if not label:
        label = page_file.filename
        if page_file.is_image and "." in label.strip("."):
            label = label.rsplit(".", 1)[0]
        label = " ".join(label.split())
    label = _MARKDOWN_LABEL_SPECIALS.sub(r"\\\1", label)
    prefix = "!" if page_file.is_image else ""
    return f"{prefix}[{label}](attachment:{page_file.pk})"
