from typing import Any

from django.http import HttpRequest

from plein.notifications.queries import count_unread_notifications


def unread(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: pages that never show the badge never pay for the count.
    return {"unread_notifications": lambda: count_unread_notifications(user)}
