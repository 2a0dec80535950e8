"""What happens when someone opens their home feed.

The feed app does not know who cares: a feature that keeps per-person
state about reading (insights: who read Plein today) registers a callback
here from its ``hooks.py``. Callbacks run after the page was rendered and
must stay cheap: most feed views change nothing, so a callback reads first
and opens a transaction of its own only when it has something to write.
"""

from collections.abc import Callable
from typing import Any

from plein.core.registry import Registry

FeedOpenedCallback = Callable[[Any], None]  # (person)

feed_opened: Registry[FeedOpenedCallback] = Registry("feed-opened callback")


def register_feed_opened(key: str, callback: FeedOpenedCallback) -> FeedOpenedCallback:
    """Call ``callback(person)`` whenever a person opens their home feed."""
    return feed_opened.register(key, callback)


def do_record_feed_opened(person: Any) -> None:
    """Tell every registered feature that ``person`` opened their feed."""
    for callback in feed_opened.values():
        callback(person)
