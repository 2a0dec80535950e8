"""Turning what happened into notifications, in the background."""

import functools

from plein.core.tasks import retrying_task
from plein.notifications.actions import do_notify


@retrying_task
def notify_post_created(*, post_id: int) -> int:
    """Mentions in a new post, and members following its group closely."""
    from plein.groups.models import Membership
    from plein.posts.models import Post

    post = Post.objects.filter(pk=post_id, deleted_at__isnull=True).first()
    if post is None:
        return 0
    sent = do_notify(
        post.mentions.values_list("pk", flat=True),
        kind="mention",
        key=f"mention:post:{post.pk}",
        actor_id=post.author_id,
        post_id=post.pk,
    )
    if post.group_id is not None:
        close = Membership.objects.filter(
            group_id=post.group_id, is_following_closely=True
        ).values_list("user_id", flat=True)
        sent += do_notify(
            close,
            kind="group_post",
            key=f"group_post:{post.pk}",
            actor_id=post.author_id,
            post_id=post.pk,
        )
    return sent


@retrying_task
def notify_mentions(
    *, post_id: int, comment_id: int | None, user_ids: list[int]
) -> int:
    """People newly mentioned by an edit."""
    from plein.posts.models import Comment, Post

    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        return 0
    comment = None
    if comment_id is not None:
        comment = Comment.objects.filter(pk=comment_id, post_id=post_id).first()
        if comment is None:
            return 0
    target = f"comment:{comment_id}" if comment_id else f"post:{post_id}"
    return do_notify(
        user_ids,
        kind="mention",
        key=f"mention:{target}",
        actor_id=post.author_id,
        post_id=post_id,
        target=comment,
    )


@retrying_task
def notify_comment_created(*, comment_id: int) -> int:
    """The post's author and followers, the author replied to, and mentions."""
    from plein.posts.models import Comment, PostFollow

    comment = (
        Comment.objects.select_related("post", "parent")
        .filter(pk=comment_id, deleted_at__isnull=True, withheld_at__isnull=True)
        .first()
    )
    if comment is None:
        return 0
    notify = functools.partial(
        do_notify, actor_id=comment.author_id, post_id=comment.post_id, target=comment
    )
    mentioned = set(comment.mentions.values_list("pk", flat=True))
    sent = notify(mentioned, kind="mention", key=f"mention:comment:{comment.pk}")
    repliees = {comment.post.author_id}
    if comment.parent is not None:
        repliees.add(comment.parent.author_id)
    # People following the conversation (do_notify re-checks who may see it).
    repliees.update(
        PostFollow.objects.filter(post_id=comment.post_id).values_list(
            "user_id", flat=True
        )
    )
    sent += notify(repliees - mentioned, kind="reply", key=f"reply:{comment.pk}")
    return sent


@retrying_task
def notify_reaction(
    *, user_id: int, post_id: int | None, comment_id: int | None, kind: str
) -> int:
    """The author of what was reacted to (one notification per person and item)."""
    from plein.posts.models import Comment, Post

    comment = None
    if comment_id is not None:
        comment = Comment.objects.filter(pk=comment_id).first()
        if comment is None:
            return 0
        author_id, post_id, target = (
            comment.author_id,
            comment.post_id,
            f"comment:{comment_id}",
        )
    else:
        post = Post.objects.filter(pk=post_id).first() if post_id is not None else None
        if post is None:
            return 0
        author_id, target = post.author_id, f"post:{post_id}"
    # Reactions group: one item per post or comment on the page.
    return do_notify(
        [author_id],
        kind="reaction",
        key=f"reaction:{target}:{user_id}",
        actor_id=user_id,
        post_id=post_id,
        target=comment,
    )


@retrying_task
def notify_new_follower(*, follower_id: int, followed_id: int) -> int:
    return do_notify(
        [followed_id],
        kind="follower",
        key=f"follower:{follower_id}",
        actor_id=follower_id,
    )


@retrying_task
def notify_join_request(*, request_id: int) -> int:
    """The group's admins hear of a request to join."""
    from plein.access.roles import GroupRole
    from plein.groups.models import JoinRequest, Membership

    request = (
        JoinRequest.objects.select_related("group")
        .filter(pk=request_id, status=JoinRequest.Status.PENDING)
        .first()
    )
    if request is None:
        return 0
    admins = Membership.objects.filter(
        group_id=request.group_id, role=GroupRole.ADMIN
    ).values_list("user_id", flat=True)
    return do_notify(
        admins,
        kind="join_request",
        key=f"join_request:{request.pk}",
        actor_id=request.user_id,
        target=request.group,
    )


@retrying_task
def notify_group_invite(*, invitation_id: int) -> int:
    from plein.groups.models import GroupInvitation

    invite = (
        GroupInvitation.objects.select_related("group").filter(pk=invitation_id).first()
    )
    if invite is None:
        return 0
    return do_notify(
        [invite.user_id],
        kind="group_invite",
        key=f"group_invite:{invite.group_id}",
        actor_id=invite.invited_by_id,
        target=invite.group,
    )
