"""Notifications as live events: the bell updates the moment one is written."""

from typing import Any

from plein.channels.live.bus import wake_after_commit
from plein.channels.live.models import LiveEvent


def notification_written(*, kind: Any, key: str, recipient_ids: list[int]) -> None:
    """The "live" notification channel (``register_channel``): one event, named readers.

    Runs in ``do_notify``'s transaction; the stream re-checks each reader.
    """
    if recipient_ids:
        LiveEvent.objects.create(
            type="notification.created", recipient_ids=sorted(set(recipient_ids))
        )
        wake_after_commit()
