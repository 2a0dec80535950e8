"""The notification about scheduling: one's scheduled post was refused."""

from typing import Any

from django.urls import reverse
from django.utils.translation import pgettext, pgettext_lazy

from plein.access.scheduling import visible_scheduled
from plein.notifications.kinds import (
    register_notification_kind,
    register_notification_target,
)


def scheduled_url(notification: Any) -> str:
    if notification.target_id is None:
        return reverse("scheduling:mine")
    return reverse("scheduling:detail", args=[notification.target_id])


# Only the author sees a failed item, so only the author can be told.
register_notification_target("scheduling.scheduledpost", visible=visible_scheduled)
register_notification_kind(
    "scheduled_failed",
    app="scheduling",
    label=pgettext_lazy(
        "notification kind", "My scheduled posts that could not be published"
    ),
    sentence=lambda n: pgettext(
        "notification", "Your scheduled post could not be published"
    ),
    url=scheduled_url,
    email_by_default=True,
    push_by_default=True,
    order=205,
)
