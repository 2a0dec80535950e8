"""How a notification reads and where it leads: shared by the page and e-mail."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

from plein.core.markdown import plain_text
from plein.notifications.models import Kind, Notification


def _subject(notification: Notification) -> str:
    post = notification.post
    if post is None:
        return ""
    return post.title or plain_text(post.body, limit=80)


def build_notification_sentence(notification: Notification) -> SafeString:
    """One translated sentence per kind, with the names in bold.

    The translations carry the whole sentence so translators can move the
    names around; format_html escapes every name and title.
    """
    actor = (
        notification.actor.full_name
        if notification.actor
        else pgettext("notification", "Someone")
    )
    values = {
        "actor": format_html("<strong>{}</strong>", actor),
        "post": format_html(
            '<span class="notification-subject">{}</span>', _subject(notification)
        ),
        "group": format_html(
            "<strong>{}</strong>", notification.group.name if notification.group else ""
        ),
    }
    on_comment = notification.comment_id is not None
    kind = notification.kind
    if kind == Kind.MENTION and on_comment:
        text = pgettext("notification", "{actor} mentioned you in a comment on {post}")
    elif kind == Kind.MENTION:
        text = pgettext("notification", "{actor} mentioned you in {post}")
    elif kind == Kind.REPLY:
        text = pgettext(
            "notification", "{actor} replied in the conversation about {post}"
        )
    elif kind == Kind.REACTION and on_comment:
        text = pgettext("notification", "{actor} reacted to your comment on {post}")
    elif kind == Kind.REACTION:
        text = pgettext("notification", "{actor} reacted to your post {post}")
    elif kind == Kind.GROUP_POST:
        text = pgettext("notification", "{actor} posted in {group}: {post}")
    elif kind == Kind.JOIN_REQUEST:
        text = pgettext("notification", "{actor} asked to join {group}")
    elif kind == Kind.FOLLOWER:
        text = pgettext("notification", "{actor} started following you")
    elif kind == Kind.GROUP_INVITE:
        text = pgettext("notification", "{actor} invited you to join {group}")
    elif kind == Kind.REQUIRED_READING:
        text = pgettext("notification", "{actor} asks you to read {post}")
    elif kind == Kind.READING_REMINDER:
        text = pgettext("notification", "Reminder: {actor} asked you to read {post}")
    elif kind == Kind.ALERT:
        text = pgettext("notification", "Your alert found {post}")
    elif kind == Kind.MAIL_POSTED:
        text = pgettext("notification", "Your e-mail is now the post {post}")
    elif kind == Kind.QUESTION_INVITE:
        text = pgettext(
            "notification", "{actor} asks you to answer the question {post}"
        )
    elif kind == Kind.ANSWER_ACCEPTED:
        text = pgettext("notification", "{actor} accepted your answer to {post}")
    elif kind == Kind.MODERATION:
        text = _moderation_sentence(notification.key.split(":")[1:2], on_comment)
    elif kind == Kind.WIKI_STALE:
        text = pgettext(
            "notification",
            "Some wiki pages you own have not been checked for a while",
        )
    else:
        text = pgettext("notification", "{actor} did something that concerns you")
    return format_html(text, **values)


def _moderation_sentence(outcome: list[str], on_comment: bool) -> str:
    """What a moderator or leak reviewer decided; who decided is not said."""
    outcome_name = outcome[0] if outcome else ""
    if outcome_name == "reports":
        if on_comment:
            return pgettext(
                "notification",
                "Your comment on {post} is hidden after reports, until a moderator looks at it",
            )
        return pgettext(
            "notification",
            "Your post {post} is hidden after reports, until a moderator looks at it",
        )
    if outcome_name == "hidden":
        if on_comment:
            return pgettext("notification", "A moderator hid your comment on {post}")
        return pgettext("notification", "A moderator hid your post {post}")
    if outcome_name == "kept":
        return pgettext(
            "notification", "A moderator looked at {post} after reports: it stays"
        )
    if outcome_name == "warned":
        return pgettext("notification", "A moderator warned you about {post}")
    if outcome_name == "released":
        return pgettext(
            "notification", "Your text in {post} was reviewed and is now published"
        )
    if outcome_name == "rejected":
        return pgettext(
            "notification",
            "A text of yours was not published after review for confidential data",
        )
    return pgettext("notification", "A moderator removed a post or comment of yours")


def build_notification_url(notification: Notification) -> str:
    """Where a notification leads: the comment, the post, the group or the person."""
    if notification.kind == Kind.WIKI_STALE:
        return reverse("wiki:stale")
    if notification.post_id is not None:
        url = reverse("posts:detail", args=[notification.post_id])
        if notification.comment_id is not None:
            url += f"#comment-{notification.comment_id}"
        return url
    if notification.group is not None:
        if notification.kind == Kind.JOIN_REQUEST:
            return reverse("groups:requests", args=[notification.group.slug])
        return reverse("groups:detail", args=[notification.group.slug])
    if notification.actor is not None:
        return reverse("people:profile", args=[notification.actor.handle])
    return reverse("notifications:list")
