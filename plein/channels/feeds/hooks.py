"""Feeds' parts of shared pages: the settings tab, the "Subscribe (RSS/Atom)"
links on the home feed, a group, a hashtag and a profile, and the feed
``<link rel="alternate">`` in those pages' head.

The links lead to the feeds of the reader's own link token. Until they have
one, the pages show a button that posts to ``feeds:subscribe``, which makes
it: no page view ever creates a token.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from plein.channels.feeds.queries import build_feed_path, get_link_feed_token
from plein.core.events import register_event_labels
from plein.core.fragments import register_fragment, register_menu_item

# The link token, looked up once per request: the head and the button both
# need it.
_CACHE_ATTRIBUTE = "_feeds_link_token"


def _signed_in(context: Mapping[str, Any]) -> bool:
    user = getattr(context.get("request"), "user", None)
    return bool(user is not None and user.is_authenticated)


def _link_token(context: Mapping[str, Any]) -> str | None:
    if not _signed_in(context):
        return None
    request = context["request"]
    if not hasattr(request, _CACHE_ATTRIBUTE):
        setattr(request, _CACHE_ATTRIBUTE, get_link_feed_token(request.user))
    token: str | None = getattr(request, _CACHE_ATTRIBUTE)
    return token


def _links(context: Mapping[str, Any], kind: str, target: str) -> dict[str, Any]:
    """The fragment's values: which feed, and its addresses if there is a
    link token."""
    data: dict[str, Any] = {"feed_kind": kind, "feed_target": target}
    raw = _link_token(context)
    if raw is not None:
        request = context["request"]
        for fmt in ("atom", "rss"):
            path = build_feed_path(raw, kind, target, fmt)
            data[f"feed_{fmt}_url"] = request.build_absolute_uri(path)
    return data


def _group_readable(context: Mapping[str, Any]) -> bool:
    # Only where the group's posts are readable: a closed group's feed is
    # a 404 for those outside it. A group one may not see has no page.
    return _signed_in(context) and bool(context.get("can_view_content"))


def _person_active(context: Mapping[str, Any]) -> bool:
    person = context.get("person")
    return _signed_in(context) and bool(person is not None and person.is_active)


def _page_feed(context: Mapping[str, Any]) -> tuple[str, str, str] | None:
    """The feed the current page is about (kind, target, title), if any."""
    match = getattr(context.get("request"), "resolver_match", None)
    view = match.view_name if match is not None else ""
    if view == "feed:home":
        return "home", "", pgettext("feed link title", "Your home feed")
    group = context.get("group")
    if view == "groups:detail" and group is not None and _group_readable(context):
        return "group", group.slug, group.name
    hashtag = context.get("hashtag")
    if view == "posts:hashtag" and hashtag is not None:
        return "tag", hashtag.name, f"#{hashtag.name}"
    person = context.get("person")
    if view == "people:profile" and person is not None and _person_active(context):
        title = pgettext("feed link title", "Posts by %(name)s") % {
            "name": person.full_name
        }
        return "person", person.handle, title
    return None


def _has_head_links(context: Mapping[str, Any]) -> bool:
    return _page_feed(context) is not None and _link_token(context) is not None


def _head_links(context: Mapping[str, Any]) -> dict[str, Any]:
    page = _page_feed(context)
    if page is None:  # not rendered then (_has_head_links)
        return {}
    kind, target, title = page
    return {**_links(context, kind, target), "feed_title": title}


register_menu_item("settings.tabs", "feeds", _("Feeds"), "feeds:settings", order=90)
register_fragment(
    "base.head",
    "feeds.alternate",
    "feeds/fragments/_alternate.html",
    when=_has_head_links,
    data=_head_links,
)
register_fragment(
    "home.top",
    "feeds.subscribe",
    "feeds/fragments/_subscribe.html",
    order=200,
    when=_signed_in,
    data=lambda context: _links(context, "home", ""),
)
register_fragment(
    "group.links",
    "feeds.subscribe",
    "feeds/fragments/_subscribe.html",
    order=90,
    when=_group_readable,
    data=lambda context: _links(context, "group", context["group"].slug),
)
register_fragment(
    "hashtag.links",
    "feeds.subscribe",
    "feeds/fragments/_subscribe.html",
    when=_signed_in,
    data=lambda context: _links(context, "tag", context["hashtag"].name),
)
register_fragment(
    "profile.links",
    "feeds.subscribe",
    "feeds/fragments/_subscribe.html",
    when=_person_active,
    data=lambda context: _links(context, "person", context["person"].handle),
)

# How this app's events read in the audit log.
register_event_labels(
    {
        "feeds.token.created": pgettext_lazy("audit action", "Feed token created"),
        "feeds.token.revoked": pgettext_lazy("audit action", "Feed token revoked"),
    }
)
