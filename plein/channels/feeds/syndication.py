"""Atom and RSS documents, written by Django's syndication framework."""

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape

from plein.channels.feeds.queries import FeedData, FeedItem
from plein.core.urls import fast_reverse

FEED_TYPES: dict[str, type[SyndicationFeed]] = {
    "atom": Atom1Feed,
    "rss": Rss201rev2Feed,
}
CONTENT_TYPES = {
    "atom": Atom1Feed.content_type,
    "rss": Rss201rev2Feed.content_type,
}


class PostsFeed(Feed):
    """One prepared :class:`FeedData` as Atom or RSS.

    The view reads the feed (through ``plein.access``) before deciding on a
    304, so this class only writes what it is handed (:meth:`render`).
    """

    def __init__(self, fmt: str) -> None:
        super().__init__()
        self.feed_type = FEED_TYPES[fmt]
        self.content_type = CONTENT_TYPES[fmt]

    def title(self, obj: FeedData) -> str:
        return obj.title

    def link(self, obj: FeedData) -> str:
        return obj.link

    def description(self, obj: FeedData) -> str:
        return obj.description

    def subtitle(self, obj: FeedData) -> str:
        return obj.description

    def items(self, obj: FeedData) -> list[FeedItem]:
        return obj.items

    def item_title(self, item: FeedItem) -> str:
        return item.title

    def item_description(self, item: FeedItem) -> str:
        # Feed readers read the summary as HTML: the plain text, escaped once.
        return escape(item.summary)

    def item_link(self, item: FeedItem) -> str:
        return fast_reverse("posts:detail", item.post_id)

    def item_author_name(self, item: FeedItem) -> str:
        return item.author_name

    def item_pubdate(self, item: FeedItem) -> datetime:
        return item.published_at

    def item_updateddate(self, item: FeedItem) -> datetime:
        return item.updated_at

    def item_categories(self, item: FeedItem) -> tuple[str, ...]:
        return (item.group_name,) if item.group_name else ()

    def render(self, request: HttpRequest, data: FeedData) -> HttpResponse:
        """The document as a response, written in one piece (Django's own
        ``__call__`` writes it to the response element by element)."""
        feedgen = self.get_feed(data, request)
        return HttpResponse(
            feedgen.writeString("utf-8"), content_type=self.content_type
        )
