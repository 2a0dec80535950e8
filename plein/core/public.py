"""What Plein shows outside: the public wall and the public vacancy pages.

A post's HTML for a visitor without an account keeps its text and its
structure and nothing that leads back into Plein: no images from the text,
and links (mentions, hashtags, links to Plein's own pages) reduced to their
words. With ``outside_links`` a link to another site stays (the wall); a
vacancy's public page keeps no link at all.
"""

import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings

TEXT_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "b",
        "i",
        "ul",
        "ol",
        "li",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "code",
        "pre",
    }
)

# An <a> whose link was dropped: only its words stay.
_BARE_LINK = re.compile(r"<a(?![^>]*\shref=)[^>]*>(.*?)</a>", re.DOTALL)


def organisation_name() -> str:
    """The organisation's name as outside pages show it."""
    return str(getattr(settings, "ORGANISATION_NAME", "") or settings.SITE_NAME)


def _own_host() -> str:
    return (urlsplit(settings.SITE_URL).hostname or "").lower()


def _outside_href(tag: str, attribute: str, value: str) -> str | None:
    # nh3's attribute filter: an href stays only when it leaves Plein.
    if tag != "a" or attribute != "href":
        return value
    try:
        parts = urlsplit(value)
        host = (parts.hostname or "").lower()
    except ValueError:  # an address no browser would follow either
        return None
    if parts.scheme not in ("http", "https") or not host or host == _own_host():
        return None
    return value


def public_html(body_html: str, *, outside_links: bool = False) -> str:
    """``body_html`` (a rendered post) reduced to what a visitor may see."""
    if not outside_links:
        return nh3.clean(body_html, tags=set(TEXT_TAGS), attributes={})
    cleaned = nh3.clean(
        body_html,
        tags=set(TEXT_TAGS) | {"a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        attribute_filter=_outside_href,
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"a": {"target": "_blank"}},
    )
    return _BARE_LINK.sub(r"\1", cleaned)
