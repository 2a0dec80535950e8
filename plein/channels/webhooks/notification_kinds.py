"""The notification that a webhook was turned off after failing."""

from django.urls import reverse
from django.utils.translation import pgettext, pgettext_lazy

from plein.notifications.kinds import register_notification_kind
from plein.notifications.models import Notification


def webhook_url(notification: Notification) -> str:
    """The webhook's page; its id is in the key ("webhook_disabled:<id>:<time>").

    The notification has no target row on purpose: it names no webhook, and
    the page checks with ``access_webhook`` whether the reader still
    manages it (404 otherwise).
    """
    parts = notification.key.split(":")
    if len(parts) == 3 and parts[1].isdigit():
        return reverse("webhooks:detail", args=[int(parts[1])])
    return reverse("webhooks:list")


register_notification_kind(
    "webhook_disabled",
    app="webhooks",
    label=pgettext_lazy("notification kind", "Webhooks I set up that stop working"),
    sentence=lambda n: pgettext(
        "notification",
        "A webhook you set up kept failing for a day and has been turned off",
    ),
    url=webhook_url,
    order=200,
)
