"""What open pages are told: a live event row written with each change.

Written inside the change's transaction (``on``), so an event exists
exactly when its change committed; after commit the web processes are
woken (``plein.channels.live.bus``). The rows hold ids only: whether a
reader may see the post is decided when the event is sent to them.
"""

from typing import Any

from django.db import transaction

from plein.channels.live.bus import wake_after_commit
from plein.channels.live.models import LiveEvent
from plein.core.db import lock_ordered_writes
from plein.core.events import Event, on


def write_event(**fields: Any) -> None:
    """Append one row to the live log, in the caller's transaction."""
    # Streams read the log by id: rows must commit in id order. Inside the
    # change's transaction (the usual case) no savepoint is needed: the lock
    # is held until that transaction ends either way.
    with transaction.atomic(savepoint=False):
        lock_ordered_writes()
        LiveEvent.objects.create(**fields)
    wake_after_commit()


@on("posts.post.created", "posts.post.released")
def post_written(event: Event) -> None:
    write_event(
        type="post.created", post_id=event.payload["post_id"], actor_id=event.actor_id
    )


@on("posts.comment.created", "posts.comment.released")
def comment_written(event: Event) -> None:
    write_event(
        type="comment.created",
        post_id=event.payload["post_id"],
        comment_id=event.payload["comment_id"],
        actor_id=event.actor_id,
    )


@on("posts.reaction.added", "posts.reaction.removed")
def reactions_changed(event: Event) -> None:
    write_event(
        type="reactions.changed",
        post_id=event.payload["post_id"],
        comment_id=event.payload.get("comment_id"),
        actor_id=event.actor_id,
    )


@on("announcements.announcement.confirmed")
def receipt_changed(event: Event) -> None:
    from plein.posts.models import Post

    author_id = (
        Post.objects.filter(pk=event.payload["post_id"])
        .values_list("author_id", flat=True)
        .first()
    )
    if author_id is not None:
        # Read receipts are the author's to see.
        write_event(
            type="receipts.changed",
            post_id=event.payload["post_id"],
            recipient_ids=[author_id],
        )


@on("polls.vote.cast", "polls.poll.closed")
def poll_results_changed(event: Event) -> None:
    # Only when the poll shows its results now (live, or just closed); the
    # page then asks for them, and the poll app decides again who sees
    # them. No actor: in an anonymous poll the live log must not say who
    # voted when.
    if event.name == "polls.poll.closed" or event.payload.get("results_visible"):
        write_event(type="poll.results", post_id=event.payload["post_id"])


@on("moderation.report.created", "moderation.decision.made")
def moderation_changed(event: Event) -> None:
    write_event(type="moderation.changed", for_moderators=True)


@on("people.person.deactivated", "people.sessions.ended", "people.session.logged_out")
def close_streams(event: Event) -> None:
    # Deactivated, logged out, or every session ended: their streams close
    # (a browser still logged in elsewhere simply reconnects).
    write_event(type="streams.close", recipient_ids=[event.payload["user_id"]])
