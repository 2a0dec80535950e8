"""The notification telling authors what moderation or leak review decided.

The outcome is the second part of the key: ``moderation:<outcome>:…``
(see ``plein.governance.moderation.notify``). Who reported or decided is
never said.
"""

from django.utils.translation import pgettext, pgettext_lazy

from plein.notifications.kinds import register_notification_kind
from plein.notifications.models import Notification
from plein.notifications.presentation import is_about_comment, post_url


def _sentence(notification: Notification) -> str:
    parts = notification.key.split(":")
    outcome = parts[1] if len(parts) > 1 else ""
    on_comment = is_about_comment(notification)
    if outcome == "reports":
        if on_comment:
            return pgettext(
                "notification",
                "Your comment on {post} is hidden after reports, until a moderator looks at it",
            )
        return pgettext(
            "notification",
            "Your post {post} is hidden after reports, until a moderator looks at it",
        )
    if outcome == "hidden":
        if on_comment:
            return pgettext("notification", "A moderator hid your comment on {post}")
        return pgettext("notification", "A moderator hid your post {post}")
    if outcome == "kept":
        return pgettext(
            "notification", "A moderator looked at {post} after reports: it stays"
        )
    if outcome == "warned":
        return pgettext("notification", "A moderator warned you about {post}")
    if outcome == "released":
        return pgettext(
            "notification", "Your text in {post} was reviewed and is now published"
        )
    if outcome == "rejected":
        return pgettext(
            "notification",
            "A text of yours was not published after review for confidential data",
        )
    return pgettext("notification", "A moderator removed a post or comment of yours")


# Removed and rejected texts have no post to link to: post_url then leads
# to the notifications page.
register_notification_kind(
    "moderation",
    app="moderation",
    label=pgettext_lazy("notification kind", "Decisions about my posts and comments"),
    sentence=_sentence,
    url=post_url,
    order=120,
)
