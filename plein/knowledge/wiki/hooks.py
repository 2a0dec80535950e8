"""The wiki's parts of shared pages: menu entries, group links, group stream."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from plein.core.fragments import register_fragment, register_menu_item
from plein.groups.streams import register_group_stream
from plein.knowledge.wiki.queries import group_page_updates, search_pages
from plein.knowledge.wiki.search import rebuild_wiki_index
from plein.search.kinds import SearchKind, register_search_kind

register_menu_item(
    "header.nav", "wiki", _("Wiki"), "wiki:index", order=40, active_prefix="/wiki/"
)
register_menu_item(
    "header.menu", "wiki.stale", _("My pages to verify"), "wiki:stale", order=40
)
register_fragment(
    "group.links",
    "wiki.index",
    "wiki/fragments/_group_link.html",
    order=30,
    when=lambda context: bool(context.get("can_view_content")),
)
# "Anna and 2 others edited Onboarding" between a group's posts.
register_group_stream("wiki.page_updates", group_page_updates)


def _search_pages(user: Any, parsed: Any, q: str, limit: int) -> list[Any]:
    return search_pages(user, q, limit=limit)


# Wiki pages on the search page, from the wiki's own index.
register_search_kind(
    SearchKind(
        "wiki_pages",
        _("Wiki pages"),
        _search_pages,
        "wiki/sections/_pages.html",
        order=30,
        rebuild=rebuild_wiki_index,
    )
)
