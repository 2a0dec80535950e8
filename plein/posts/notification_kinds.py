"""The notifications about posts and comments, and comments as their target."""

from django.utils.translation import npgettext, pgettext, pgettext_lazy

from plein.access.posts import visible_comments
from plein.notifications.kinds import (
    register_notification_kind,
    register_notification_target,
)
from plein.notifications.models import Notification
from plein.notifications.presentation import is_about_comment, post_url

# A deleted or withheld comment, or one on a post the reader lost, takes its
# notifications with it.
register_notification_target("posts.comment", visible=visible_comments)


def _mention(notification: Notification) -> str:
    if is_about_comment(notification):
        return pgettext("notification", "{actor} mentioned you in a comment on {post}")
    return pgettext("notification", "{actor} mentioned you in {post}")


def _reply(notification: Notification) -> str:
    return pgettext("notification", "{actor} replied in the conversation about {post}")


def _reaction(notification: Notification) -> str:
    if is_about_comment(notification):
        return pgettext("notification", "{actor} reacted to your comment on {post}")
    return pgettext("notification", "{actor} reacted to your post {post}")


def _reactions(notification: Notification, others: int) -> str:
    if is_about_comment(notification):
        return npgettext(
            "notification",
            "{actor} and {others} other reacted to your comment on {post}",
            "{actor} and {others} others reacted to your comment on {post}",
            others,
        )
    return npgettext(
        "notification",
        "{actor} and {others} other reacted to your post {post}",
        "{actor} and {others} others reacted to your post {post}",
        others,
    )


register_notification_kind(
    "mention",
    app="posts",
    label=pgettext_lazy("notification kind", "Mentions of me"),
    sentence=_mention,
    url=post_url,
    email_by_default=True,
    push_by_default=True,
    order=10,
)
register_notification_kind(
    "reply",
    app="posts",
    label=pgettext_lazy("notification kind", "Replies to my posts and comments"),
    sentence=_reply,
    url=post_url,
    email_by_default=True,
    push_by_default=True,
    order=20,
)
# One notification per person and post or comment, shown as one item per
# post or comment; never e-mailed unless the person asks for it.
register_notification_kind(
    "reaction",
    app="posts",
    label=pgettext_lazy("notification kind", "Reactions to my posts and comments"),
    sentence=_reaction,
    grouped_sentence=_reactions,
    groupable=True,
    url=post_url,
    order=30,
)
