"""What happens when someone opens a post's page.

The posts app does not know who cares: a feature that keeps per-person
state about reading (the read receipts of required reading) registers a
callback here from its ``hooks.py``. Callbacks run after the page was
rendered, only for people who could open the post (it passed
``access_post``). Most page views change nothing, so a callback reads
first and opens a transaction of its own only when it has something to
write: a page view never takes the database's write lock for nothing.
"""

from collections.abc import Callable
from typing import Any

from plein.core.registry import Registry

OpenedCallback = Callable[[Any, Any], None]  # (person, post)

post_opened: Registry[OpenedCallback] = Registry("post-opened callback")


def register_post_opened(key: str, callback: OpenedCallback) -> OpenedCallback:
    """Call ``callback(person, post)`` whenever a person opens a post's page."""
    return post_opened.register(key, callback)


def do_record_post_opened(person: Any, post: Any) -> None:
    """Tell every registered feature that ``person`` opened ``post``."""
    for callback in post_opened.values():
        callback(person, post)
