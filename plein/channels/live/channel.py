"""Notifications as live events: the bell updates the moment one is written."""

from typing import Any

from plein.channels.live.handlers import write_event


def notification_written(*, kind: Any, key: str, recipient_ids: list[int]) -> None:
    """The "live" notification channel (``register_channel``): one event, named readers.

    Runs in ``do_notify``'s transaction; the stream re-checks each reader.
    """
    if recipient_ids:
        write_event(
            type="notification.created", recipient_ids=sorted(set(recipient_ids))
        )
