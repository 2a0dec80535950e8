from django.db import transaction
from ninja import Query, Router

from plein.api.http import ApiRequest
from plein.api.schemas import (
    MAX_ID,
    NotificationListOut,
    NotificationsReadIn,
    NotificationsReadOut,
)
from plein.api.serializers import build_notification
from plein.notifications.actions import do_mark_notifications_read
from plein.notifications.queries import count_unread_notifications, list_notifications

router = Router(tags=["notifications"])


@router.get(
    "", response=NotificationListOut, summary="The caller's notifications, newest first"
)
def notification_list(
    request: ApiRequest,
    before: int | None = Query(
        None, ge=1, le=MAX_ID, description="next_cursor of the previous page"
    ),
    limit: int = Query(30, ge=1, le=100),
) -> dict:
    user = request.auth
    # One row more than asked tells whether another page exists.
    fetch = min(limit + 1, 100)
    rows = list_notifications(user, before=before, limit=fetch)
    # list_notifications caps at 100, so a full page of 100 may have more.
    has_more = len(rows) > limit or (fetch == limit and len(rows) == limit)
    items = rows[:limit]
    return {
        "items": [build_notification(n) for n in items],
        "unread_count": count_unread_notifications(user),
        "next_cursor": items[-1].pk if (has_more and items) else None,
    }


@router.post(
    "/read",
    response=NotificationsReadOut,
    summary="Mark some or all notifications read",
)
def notification_read(
    request: ApiRequest, payload: NotificationsReadIn | None = None
) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        marked = do_mark_notifications_read(user, payload.ids if payload else None)
    return {"marked": marked, "unread_count": count_unread_notifications(user)}
