"""The notification about a group without activity, to its admins."""

from django.urls import reverse
from django.utils.translation import pgettext, pgettext_lazy

from plein.notifications.kinds import register_notification_kind
from plein.notifications.models import Notification
from plein.notifications.presentation import group_url, target_of


def _dashboard_url(notification: Notification) -> str:
    group = target_of(notification, "groups.group")
    if group is None:
        return group_url(notification)
    return reverse("insights:group", args=[group.slug])


register_notification_kind(
    "group_inactive",
    app="insights",
    label=pgettext_lazy("notification kind", "Groups I manage that have gone quiet"),
    sentence=lambda n: pgettext(
        "notification", "{group} has had no posts or comments for a month"
    ),
    url=_dashboard_url,
    order=310,
)
