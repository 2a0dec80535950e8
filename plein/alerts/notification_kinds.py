"""The notification of an alert match (in Plein; e-mail as the alert says)."""

from django.utils.translation import pgettext, pgettext_lazy

from plein.notifications.kinds import register_notification_kind
from plein.notifications.presentation import post_url

# Not e-mailed by default: an alert set to deliver by e-mail says so on the
# notification itself (wants_email).
register_notification_kind(
    "alert",
    app="alerts",
    label=pgettext_lazy("notification kind", "Matches for my alerts"),
    sentence=lambda n: pgettext("notification", "Your alert found {post}"),
    url=post_url,
    order=100,
)
