"""Turning a page's Markdown into HTML: links between pages, files, anchors.

``[[Page title]]`` and ``[[Page title|label]]`` link to the page of that
title in the same wiki (the group's, or the organisation's): resolved when
the page is saved, by the slug the title makes. A link to a page that does
not exist yet leads to the form that creates it and carries the class
``wiki-missing``; when the page is created, the links waiting for it are
filled in and their pages rendered again. ``![alt](attachment:12)`` shows
the page's own image 12 and ``[text](attachment:12)`` links to its file 12;
any other image is dropped by the sanitiser unless it is Plein's own.
Headings get stable anchors (``h-<slug>``) for the table of contents.
"""

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.utils.text import slugify

from plein.core.markdown import Rendered, render_markdown
from plein.knowledge.wiki.models import Page, PageFile, PageLink

WIKI_LINK_RE = re.compile(r"\[\[([^\[\]|\n]{1,200}?)(?:\|([^\[\]\n]{1,200}?))?\]\]")
FILE_REF_RE = re.compile(r"^attachment:(\d{1,18})$")
WIKI_FILE_URL_RE = re.compile(r"^/wiki/files/(\d{1,18})/$")
LINK_CLASSES = frozenset({"wiki-link", "wiki-missing", "wiki-file"})
IMAGE_PREFIXES = ("/files/", "/wiki/files/")
# Titles looked up by name besides their slug, per save (see find_targets).
MAX_TITLE_LOOKUPS = 100


def title_slug(title: str) -> str:
    """The slug a page title makes: how pages are found by title."""
    return slugify(" ".join(title.split()), allow_unicode=True)[:200] or "page"


def page_url(page_id: int) -> str:
    # Built by hand, as search does: the page views are WIKI-UI's.
    return f"/wiki/{page_id}/"


def file_url(file_id: int) -> str:
    return f"/wiki/files/{file_id}/"


def find_targets(group_id: int | None, links: dict[str, str]) -> dict[str, int]:
    """The live pages of a wiki that links {slug: title} lead to, by slug.

    A page is found by its slug, or by its current title when it was
    renamed (its slug stays what its first title made); the slug wins.
    """
    if not links:
        return {}
    by_title = Q()
    for title in list(links.values())[:MAX_TITLE_LOOKUPS]:
        by_title |= Q(title__iexact=title)
    found: dict[str, int] = {}
    rows = Page.objects.filter(group=group_id, deleted_at__isnull=True).filter(
        Q(slug__in=list(links)) | by_title
    )
    for slug, title, pk in rows.values_list("slug", "title", "pk"):
        renamed = title_slug(title)
        if renamed in links and renamed not in found:
            found[renamed] = pk
        if slug in links:
            found[slug] = pk
    return found


def missing_page_url(title: str, group_id: int | None) -> str:
    query = {"title": title}
    if group_id is not None:
        query["group"] = str(group_id)
    return "/wiki/new/?" + urlencode(query)


@dataclass
class PageRender:
    """A page's HTML, headings and the ``[[links]]`` it holds (title, slug)."""

    rendered: Rendered
    links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def html(self) -> str:
        return self.rendered.html


def _tokens(tag: str, attrs: dict[str, Any], text: str) -> list[Any]:
    from markdown_it.token import Token

    open_ = Token(f"{tag}_open", "a", 1)
    open_.attrs = attrs
    body = Token("text", "", 0)
    body.content = text
    return [open_, body, Token(f"{tag}_close", "a", -1)]


def _make_rule(
    group_id: int | None,
    targets: dict[str, int],
    files: dict[int, PageFile],
    found: list[tuple[str, str]],
) -> Any:
    def file_for(value: str) -> PageFile | None:
        match = FILE_REF_RE.match(value) or WIKI_FILE_URL_RE.match(value)
        return files.get(int(match.group(1))) if match else None

    def wiki(state: Any) -> None:
        for block in state.tokens:
            if block.type != "inline" or not block.children:
                continue
            children: list[Any] = []
            inside_link = 0
            for tok in block.children:
                if tok.type == "link_open":
                    inside_link += 1
                    href = str(tok.attrGet("href") or "")
                    if href.startswith(("attachment:", "/wiki/files/")):
                        own = file_for(href)
                        if own is None:
                            tok.attrs.pop("href", None)
                        else:
                            tok.attrSet("href", file_url(own.pk))
                            tok.attrSet("class", "wiki-file")
                elif tok.type == "link_close":
                    inside_link -= 1
                elif tok.type == "image":
                    src = str(tok.attrGet("src") or "")
                    if src.startswith(("attachment:", "/wiki/files/")):
                        # Only the page's own images: a file of another
                        # page may be hidden from this page's readers.
                        own = file_for(src)
                        if own is not None and own.is_image:
                            tok.attrSet("src", file_url(own.pk))
                        else:
                            tok.attrs.pop("src", None)
                if tok.type != "text" or inside_link:
                    children.append(tok)
                    continue
                pos = 0
                for match in WIKI_LINK_RE.finditer(tok.content):
                    title = " ".join(match.group(1).split())
                    if not title:
                        continue
                    label = " ".join((match.group(2) or "").split()) or title
                    slug = title_slug(title)
                    found.append((title, slug))
                    target = targets.get(slug)
                    if target is not None:
                        attrs = {"href": page_url(target), "class": "wiki-link"}
                    else:
                        attrs = {
                            "href": missing_page_url(title, group_id),
                            "class": "wiki-link wiki-missing",
                        }
                    if match.start() > pos:
                        plain = tok.copy()
                        plain.content = tok.content[pos : match.start()]
                        children.append(plain)
                    children.extend(_tokens("link", attrs, label))
                    pos = match.end()
                if pos == 0:
                    children.append(tok)
                    continue
                if pos < len(tok.content):
                    rest = tok.copy()
                    rest.content = tok.content[pos:]
                    children.append(rest)
            block.children = children

    return wiki


def build_page_render(page: Page, body: str) -> PageRender:
    """Render ``body`` as the text of ``page`` (saved or about to be).

    Reads the wiki's pages named by the links and the page's files: two
    queries at most.
    """
    named = {
        title_slug(m.group(1)): " ".join(m.group(1).split())
        for m in WIKI_LINK_RE.finditer(body)
    }
    targets = find_targets(page.group_id, named)
    files: dict[int, PageFile] = {}
    if page.pk and ("attachment:" in body or "/wiki/files/" in body):
        # Only files uploaded in the wiki the page is in now: one moved from
        # a narrower wiki is not shown to its new readers (plein.access.wiki).
        files = {
            f.pk: f for f in PageFile.objects.filter(page=page, group=page.group_id)
        }
    found: list[tuple[str, str]] = []
    rendered = render_markdown(
        body,
        extra_rules=[("wiki_links", _make_rule(page.group_id, targets, files, found))],
        heading_anchors=True,
        image_prefixes=IMAGE_PREFIXES,
        extra_link_classes=LINK_CLASSES,
    )
    return PageRender(rendered=rendered, links=list(dict.fromkeys(found)))


def store_links(page: Page, links: list[tuple[str, str]]) -> None:
    """Replace the page's outgoing links with ``links`` (title, slug).

    Runs inside the caller's transaction (a wiki action).
    """
    PageLink.objects.filter(source=page).delete()
    if not links:
        return
    by_slug: dict[str, str] = {}
    for title, slug in links:
        by_slug.setdefault(slug, title)
    targets = find_targets(page.group_id, by_slug)
    PageLink.objects.bulk_create(
        PageLink(
            source=page,
            target_id=targets.get(slug),
            target_title=title[:200],
            target_slug=slug,
        )
        for slug, title in by_slug.items()
    )


def rerender_page(page: Page) -> None:
    """Render a saved page's current text again and store its HTML and links."""
    result = build_page_render(page, page.body)
    Page.objects.filter(pk=page.pk).update(body_html=result.html)
    page.body_html = result.html
    store_links(page, result.links)


def refresh_links_to(page: Page) -> None:
    """Bring the links of other pages in step with ``page``.

    Call after a page was created, renamed, deleted or moved to another
    wiki: links waiting for its title in its wiki now lead to it, and links
    from pages that no longer reach it (deleted, or in the wiki it left)
    become missing again. Each affected page is rendered again.
    """
    alive = page.deleted_at is None
    stale = PageLink.objects.filter(target=page)
    if alive:
        stale = stale.exclude(source__group=page.group_id)
    waiting = PageLink.objects.none()
    # group=None matches the organisation's wiki (Django reads = None as
    # IS NULL).
    if alive:
        waiting = PageLink.objects.filter(
            target__isnull=True,
            target_slug__in={page.slug, title_slug(page.title)},
            source__group=page.group_id,
            source__deleted_at__isnull=True,
        )
    source_ids = set(stale.values_list("source_id", flat=True)) | set(
        waiting.values_list("source_id", flat=True)
    )
    source_ids.discard(page.pk)
    for source in Page.objects.filter(pk__in=source_ids, deleted_at__isnull=True):
        rerender_page(source)
