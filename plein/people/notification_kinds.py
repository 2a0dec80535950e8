"""The notifications about people."""

from django.utils.translation import pgettext, pgettext_lazy

from plein.notifications.kinds import register_notification_kind
from plein.notifications.presentation import actor_url

register_notification_kind(
    "follower",
    app="people",
    label=pgettext_lazy("notification kind", "New followers"),
    sentence=lambda n: pgettext("notification", "{actor} started following you"),
    url=actor_url,
    order=60,
)
