from typing import Any

from plein.access.notifications import visible_notifications
from plein.notifications.models import Notification


def list_notifications(
    user: Any, *, before: int | None = None, limit: int = 30
) -> list[Notification]:
    qs = visible_notifications(user).select_related("actor", "post", "comment", "group")
    if before is not None:
        qs = qs.filter(pk__lt=before)
    return list(qs.order_by("-id")[: max(1, min(limit, 100))])


def count_unread_notifications(user: Any, cap: int = 99) -> int:
    ids = (
        visible_notifications(user)
        .filter(read_at__isnull=True)
        .values_list("pk", flat=True)[: cap + 1]
    )
    return len(list(ids))
