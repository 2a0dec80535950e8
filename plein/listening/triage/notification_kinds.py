"""Triage's notification: a mention was assigned to you.

It points at the mention's triage row, which only communications may see
(``visible_triages``): someone who is no longer communications no longer
sees the notification either.
"""

from typing import Any

from django.urls import reverse
from django.utils.translation import pgettext, pgettext_lazy

from plein.access.listening import visible_triages
from plein.notifications.kinds import (
    register_notification_kind,
    register_notification_target,
)


def _mention_url(notification: Any) -> str:
    if notification.target_id is None:
        return reverse("listening_triage:stream")
    return reverse("listening_triage:mention", args=[notification.target_id])


register_notification_kind(
    "triage_assigned",
    app="listening_triage",
    label=pgettext_lazy("notification kind", "Mentions assigned to me"),
    sentence=lambda n: pgettext(
        "notification", "{actor} assigned a mention to you: {target}"
    ),
    url=_mention_url,
    order=390,
)
register_notification_target(
    "listening_triage.triage", visible=visible_triages, related=("mention",)
)
