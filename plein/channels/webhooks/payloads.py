"""The events a webhook can subscribe to, and their payloads.

A payload is built from the database when it is sent, never when the event
happens: content deleted, withheld, made restricted or moved out of the
webhook's scope in between is not sent (``build_payload`` answers None).
Payloads carry ids, titles, excerpts, links and names, never an e-mail
address.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from plein.access.webhooks import (
    webhook_may_see_comment,
    webhook_may_see_group,
    webhook_may_see_post,
)
from plein.channels.webhooks.models import Delivery, Webhook
from plein.core.markdown import plain_text
from plein.groups.models import Group, Membership
from plein.people.models import User
from plein.posts.models import Comment, Post

EXCERPT_CHARS = 280
TITLE_CHARS = 80

# Type sent in the payload -> what the webhook's creator sees.
EVENT_TYPES = {
    "post.created": pgettext_lazy("webhook event", "A post is published"),
    "comment.created": pgettext_lazy("webhook event", "A comment is written"),
    "announcement.published": pgettext_lazy(
        "webhook event", "An announcement requires reading"
    ),
    "group.member_added": pgettext_lazy("webhook event", "Someone joins a group"),
    "group.member_removed": pgettext_lazy("webhook event", "Someone leaves a group"),
}
TEST_EVENT = "webhook.test"


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _person(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.full_name}


def _group(group: Group | None) -> dict[str, Any] | None:
    if group is None:
        return None
    return {
        "id": group.pk,
        "name": group.name,
        "url": _absolute(reverse("groups:detail", args=[group.slug])),
    }


def _post_data(post: Post) -> dict[str, Any]:
    return {
        "post_id": post.pk,
        "title": post.title or plain_text(post.body, limit=TITLE_CHARS),
        "excerpt": plain_text(post.body, limit=EXCERPT_CHARS),
        "url": _absolute(post.urls.detail),
        "author": _person(post.author),
        "group": _group(post.group),
        "created_at": post.created_at.isoformat(),
    }


def _load_post(webhook: Webhook, subject: dict[str, Any]) -> Post | None:
    post = (
        Post.objects.select_related("author", "group")
        .filter(pk=int(subject["post_id"]))
        .first()
    )
    if post is None or not webhook_may_see_post(webhook, post):
        return None
    return post


def _build_post(webhook: Webhook, subject: dict[str, Any]) -> dict[str, Any] | None:
    post = _load_post(webhook, subject)
    return None if post is None else _post_data(post)


def _build_announcement(
    webhook: Webhook, subject: dict[str, Any]
) -> dict[str, Any] | None:
    post = _load_post(webhook, subject)
    if post is None:
        return None
    return {"announcement_id": subject.get("announcement_id"), **_post_data(post)}


def _build_comment(webhook: Webhook, subject: dict[str, Any]) -> dict[str, Any] | None:
    comment = (
        Comment.objects.select_related("author", "post__author", "post__group")
        .filter(pk=int(subject["comment_id"]))
        .first()
    )
    if comment is None or not webhook_may_see_comment(webhook, comment):
        return None
    post = comment.post
    return {
        "comment_id": comment.pk,
        "post_id": post.pk,
        "title": post.title or plain_text(post.body, limit=TITLE_CHARS),
        "excerpt": plain_text(comment.body, limit=EXCERPT_CHARS),
        "url": _absolute(f"{post.urls.detail}#comment-{comment.pk}"),
        "author": _person(comment.author),
        "group": _group(post.group),
        "created_at": comment.created_at.isoformat(),
    }


def _build_membership(
    webhook: Webhook, subject: dict[str, Any], *, added: bool
) -> dict[str, Any] | None:
    group = Group.objects.filter(pk=int(subject["group_id"])).first()
    if group is None or not webhook_may_see_group(webhook, group):
        return None
    person = User.objects.filter(pk=int(subject["user_id"]), is_active=True).first()
    if person is None:
        return None
    membership = Membership.objects.filter(group=group, user=person).first()
    # Told as it stands now: a join undone before sending is not news.
    if added != (membership is not None):
        return None
    data: dict[str, Any] = {"group": _group(group), "person": _person(person)}
    if membership is not None:
        data["role"] = membership.role
    return data


def _build_test(webhook: Webhook, subject: dict[str, Any]) -> dict[str, Any] | None:
    return {"webhook_id": webhook.pk, "message": "Test event from Plein"}


BUILDERS: dict[str, Callable[[Webhook, dict[str, Any]], dict[str, Any] | None]] = {
    "post.created": _build_post,
    "comment.created": _build_comment,
    "announcement.published": _build_announcement,
    "group.member_added": lambda w, s: _build_membership(w, s, added=True),
    "group.member_removed": lambda w, s: _build_membership(w, s, added=False),
    TEST_EVENT: _build_test,
}


def build_payload(delivery: Delivery) -> dict[str, Any] | None:
    """The delivery's JSON body, or None when its scope may no longer see it."""
    builder = BUILDERS.get(delivery.event_type)
    if builder is None:
        return None
    data = builder(delivery.webhook, delivery.subject)
    if data is None:
        return None
    return {
        "type": delivery.event_type,
        "timestamp": delivery.occurred_at.isoformat(),
        "data": data,
    }
