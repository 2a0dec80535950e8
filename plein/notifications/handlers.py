"""Turning events into notification tasks.

Every notification is written in the background (``tasks.py``), where the
visibility rule is applied per recipient; these handlers only decide whether
there can be anyone to tell, and schedule the work with the change.
"""

from plein.core.events import Event, on
from plein.core.tasks import enqueue_on_commit
from plein.notifications import tasks


@on("posts.post.created", "posts.post.released")
def notify_new_post(event: Event) -> None:
    post = event.context["post"]
    if post.withheld_at is not None:
        return
    # Nobody else to tell: mentions and close followers of the group.
    if event.context.get("mention_ids") or post.group_id is not None:
        enqueue_on_commit(tasks.notify_post_created, post_id=post.pk)


@on("posts.post.edited")
def notify_new_mentions(event: Event) -> None:
    new_mentions = event.context.get("new_mention_ids")
    if new_mentions:
        enqueue_on_commit(
            tasks.notify_mentions,
            post_id=event.payload["post_id"],
            comment_id=None,
            user_ids=list(new_mentions),
        )


@on("posts.comment.created", "posts.comment.released")
def notify_new_comment(event: Event) -> None:
    comment = event.context.get("comment")
    if comment is not None and comment.withheld_at is not None:
        return
    enqueue_on_commit(
        tasks.notify_comment_created, comment_id=event.payload["comment_id"]
    )


@on("posts.reaction.added")
def notify_reaction(event: Event) -> None:
    comment_id = event.payload["comment_id"]
    enqueue_on_commit(
        tasks.notify_reaction,
        user_id=event.actor_id,
        post_id=None if comment_id else event.payload["post_id"],
        comment_id=comment_id,
        kind=event.payload["kind"],
    )


@on("people.follow.created")
def notify_new_follower(event: Event) -> None:
    enqueue_on_commit(
        tasks.notify_new_follower,
        follower_id=event.actor_id,
        followed_id=event.payload["user_id"],
    )


@on("groups.join_request.created")
def notify_join_request(event: Event) -> None:
    enqueue_on_commit(
        tasks.notify_join_request, request_id=event.payload["join_request_id"]
    )


@on("groups.invitation.created")
def notify_group_invite(event: Event) -> None:
    enqueue_on_commit(
        tasks.notify_group_invite, invitation_id=event.payload["invitation_id"]
    )
