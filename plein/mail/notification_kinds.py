"""The notifications of posts made from e-mail.

Both go into the daily summary by default, not into an e-mail each: the
point of turning a mail into a post is fewer e-mails (docs/mail.md,
"Reaching required readers"). A person can switch instant e-mail on per
kind in their notification settings.
"""

from django.utils.translation import pgettext, pgettext_lazy

from plein.notifications.kinds import register_notification_kind
from plein.notifications.models import Notification
from plein.notifications.presentation import post_url


def _to_read(notification: Notification) -> str:
    if notification.key.startswith("reminder:"):
        return pgettext(
            "notification", "Reminder: the e-mail {post} from {actor} is still unread"
        )
    return pgettext("notification", "{actor} e-mailed you {post}: please read it")


register_notification_kind(
    "mail_to_read",
    app="mail",
    label=pgettext_lazy("notification kind", "E-mails to me that became posts"),
    sentence=_to_read,
    url=post_url,
    email_by_default=False,
    push_by_default=True,
    order=85,
)
register_notification_kind(
    "mail_posted",
    app="mail",
    label=pgettext_lazy("notification kind", "My e-mail became a post"),
    sentence=lambda n: pgettext("notification", "Your e-mail is now the post {post}"),
    url=post_url,
    # The first one is e-mailed (it explains what happened); later ones go
    # into the daily summary.
    email_by_default=False,
    order=110,
)
