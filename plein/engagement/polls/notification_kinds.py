"""The notification about polls: one's poll has closed."""

from django.utils.translation import pgettext, pgettext_lazy

from plein.notifications.kinds import register_notification_kind
from plein.notifications.presentation import post_url

register_notification_kind(
    "poll_closed",
    app="polls",
    label=pgettext_lazy("notification kind", "My polls that closed"),
    sentence=lambda n: pgettext("notification", "Your poll {post} has closed"),
    url=post_url,
    email_by_default=False,
    order=215,
)
