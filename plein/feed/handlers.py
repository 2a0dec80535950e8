"""What the feed does when posts, memberships and follows change.

The author's own inbox row is written at once, inside the post's
transaction: whatever the worker is doing, the author's next look at the
feed shows the post (read your own writes). Everyone else's rows are
written by ``deliver_post`` in the background.
"""

from plein.access.roles import GroupKind
from plein.core.events import Event, on
from plein.core.tasks import enqueue_on_commit
from plein.feed import tasks
from plein.feed.actions import do_deliver_to_author


@on("posts.post.created", "posts.post.released")
def deliver_new_post(event: Event) -> None:
    post = event.context["post"]
    do_deliver_to_author(post)
    if post.withheld_at is None:
        enqueue_on_commit(tasks.deliver_post, post_id=post.pk)


@on("groups.membership.created")
def backfill_joined_group(event: Event) -> None:
    enqueue_on_commit(
        tasks.backfill_inbox,
        user_id=event.payload["user_id"],
        group_id=event.payload["group_id"],
    )


@on("groups.membership.deleted")
def remove_left_group(event: Event) -> None:
    enqueue_on_commit(
        tasks.remove_group_from_inbox,
        user_id=event.payload["user_id"],
        group_id=event.payload["group_id"],
    )


@on("groups.group.visibility_changed")
def prune_closed_group(event: Event) -> None:
    """A group that stops being open leaves the feeds of non-members."""
    if (
        event.payload["from"] == GroupKind.OPEN
        and event.payload["to"] != GroupKind.OPEN
    ):
        enqueue_on_commit(tasks.prune_group_inboxes, group_id=event.payload["group_id"])


@on("people.follow.created")
def backfill_followed_person(event: Event) -> None:
    if event.actor_id is not None:
        enqueue_on_commit(
            tasks.backfill_inbox,
            user_id=event.actor_id,
            author_id=event.payload["user_id"],
        )
