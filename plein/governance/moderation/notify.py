"""Telling authors what moderation or leak review decided about their text.

The author learns the outcome, never who reported or who decided. Removed
content is not linked (nobody can open it any more).
"""

from typing import Any

from plein.notifications.actions import do_notify
from plein.posts.models import Post

UNLINKED = {"removed", "rejected"}


def do_tell_author(obj: Any, outcome: str, *, ref: int | str) -> int:
    """Notify the author of ``obj`` (a post or comment) of ``outcome``.

    ``ref`` makes the key unique per decision, so a retried task or a second
    click never notifies twice, while a later decision does.
    """
    is_post = isinstance(obj, Post)
    linked = outcome not in UNLINKED
    return do_notify(
        [obj.author_id],
        kind="moderation",
        key=f"moderation:{outcome}:{obj._meta.model_name}:{obj.pk}:{ref}"[:100],
        post=(obj if is_post else obj.post) if linked else None,
        target=None if is_post or not linked else obj,
    )
