"""Other documents behind a feed token, added by features.

A feed token opens the person's Atom and RSS feeds; a feature may put
another document behind the same token (an events app its iCalendar feed)
by registering a :class:`FeedDocument` from its own ``ready()``. The
feeds app names no feature: it finds the token's owner, asks the document
to render itself for them, and answers it with the feeds' headers (no
referrer, not indexed, private caching). Revoking the token closes every
document behind it at once.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from plein.core.registry import Registry

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from plein.people.models import User


@dataclass(frozen=True)
class FeedDocument:
    """``/feeds/<token>/<name>.<extension>``, rendered for the token's owner.

    ``render(request, owner)`` answers the document as ``owner`` may see it
    now (through ``plein.access``), inside
    ``translation.override(owner.language)``; it raises NotFound to answer
    404 like an unknown token.
    """

    name: str  # lower-case letters and dashes: "events"
    extension: str  # "ics"
    label: Any  # lazily translated: shown next to the address
    render: "Callable[[HttpRequest, User], HttpResponse]"


feed_documents: Registry[FeedDocument] = Registry("feed document")


def register_feed_document(document: FeedDocument) -> FeedDocument:
    return feed_documents.register(document.name, document)


def build_document_path(raw: str, name: str) -> str:
    """The path of document ``name`` behind token ``raw``."""
    document = feed_documents[name]
    return reverse(
        "feeds:document",
        kwargs={"token": raw, "name": name, "extension": document.extension},
    )
