"""What a group's page shows between its posts, besides posts.

A group's page is a stream of its posts, newest first. A feature that has
something to tell in that stream (the wiki: "Anna and 2 others edited
Onboarding") registers a source from its ``hooks.py``. For each page of
posts the group page asks every source for its entries in the same time
range, so entries and posts interleave by time and each appears on exactly
one page. An entry has ``stream_at`` (when it happened) and
``stream_template`` (how it is shown, with the entry as ``item``).
"""

import datetime
from collections.abc import Callable
from typing import Any

from plein.core.registry import Registry

# (viewer, group, since, until, limit) → entries; ``since`` None reaches
# back to the beginning, ``until`` None up to now. Entries are filtered
# through ``plein.access`` for the viewer by the source.
StreamSource = Callable[
    [Any, Any, datetime.datetime | None, datetime.datetime | None, int], list[Any]
]

group_streams: Registry[StreamSource] = Registry("group stream source")
MAX_ENTRIES_PER_PAGE = 10


def register_group_stream(key: str, source: StreamSource) -> StreamSource:
    """Add a source of entries for groups' pages."""
    return group_streams.register(key, source)


def merge_group_stream(
    user: Any,
    group: Any,
    posts: list[Any],
    *,
    until: datetime.datetime | None,
    is_last_page: bool,
) -> list[Any]:
    """A page of posts with every source's entries in its time range, by time.

    The page of posts covers [its oldest post, ``until``); the last page
    reaches back to the beginning.
    """
    if not group_streams:
        return posts
    since = None if is_last_page or not posts else posts[-1].created_at
    items: list[tuple[datetime.datetime, int, Any]] = [
        (post.created_at, 0, post) for post in posts
    ]
    for source in group_streams.values():
        entries = source(user, group, since, until, MAX_ENTRIES_PER_PAGE)
        items += [(entry.stream_at, 1, entry) for entry in entries]
    items.sort(key=lambda item: (item[0], -item[1]), reverse=True)
    return [item for _when, _kind, item in items]
