"""Which domain events become webhook events.

Each handler runs inside the action's transaction and only writes the
deliveries (``do_queue_event``); the payload is built, and the webhook's
scope checked, when the delivery is sent. Content held back for review is
queued when it is released, under the same key, so it is sent once.
"""

import secrets

from plein.channels.webhooks.actions import do_queue_event
from plein.core.events import Event, on
from plein.groups.models import Group, Membership
from plein.posts.models import Comment, Post


@on("posts.post.created", "posts.post.released")
def queue_post_created(event: Event) -> None:
    post = (
        Post.objects.select_related("group").filter(pk=event.payload["post_id"]).first()
    )
    if post is None or post.withheld_at is not None or post.is_restricted:
        return
    do_queue_event(
        "post.created",
        f"post.created:{post.pk}",
        {"post_id": post.pk},
        group=post.group,
    )


@on("posts.comment.created", "posts.comment.released")
def queue_comment_created(event: Event) -> None:
    comment = event.context.get("comment")
    if not isinstance(comment, Comment):
        comment = (
            Comment.objects.select_related("post__group")
            .filter(pk=event.payload["comment_id"])
            .first()
        )
    if comment is None or comment.withheld_at is not None:
        return
    if comment.post.is_restricted:
        return
    do_queue_event(
        "comment.created",
        f"comment.created:{comment.pk}",
        {"comment_id": comment.pk},
        group=comment.post.group,
    )


@on("announcements.announcement.readers_required")
def queue_announcement(event: Event) -> None:
    post = (
        Post.objects.select_related("group").filter(pk=event.payload["post_id"]).first()
    )
    if post is None or post.is_restricted:
        return
    announcement_id = event.payload["announcement_id"]
    do_queue_event(
        "announcement.published",
        f"announcement.published:{announcement_id}",
        {"announcement_id": announcement_id, "post_id": post.pk},
        group=post.group,
    )


@on("groups.membership.created")
def queue_member_added(event: Event) -> None:
    membership = (
        Membership.objects.select_related("group")
        .filter(group_id=event.payload["group_id"], user_id=event.payload["user_id"])
        .first()
    )
    if membership is None:
        return
    do_queue_event(
        "group.member_added",
        f"group.member_added:{membership.pk}",
        {"group_id": membership.group_id, "user_id": membership.user_id},
        group=membership.group,
    )


@on("groups.membership.deleted")
def queue_member_removed(event: Event) -> None:
    group = Group.objects.filter(pk=event.payload["group_id"]).first()
    if group is None:
        return
    user_id = event.payload["user_id"]
    # Leaving twice is two events: the key only guards against repeats of
    # this one.
    do_queue_event(
        "group.member_removed",
        f"group.member_removed:{group.pk}:{user_id}:{secrets.token_hex(6)}",
        {"group_id": group.pk, "user_id": user_id},
        group=group,
    )
