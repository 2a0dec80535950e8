"""The notifications page, marking them read and the header badge."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from plein.notifications.actions import do_mark_notifications_read
from plein.notifications.presentation import (
    build_notification_sentence,
    build_notification_url,
)
from plein.notifications.queries import count_unread_notifications, list_notifications
from plein.people.http import AuthedRequest, HtmxRequest

PAGE_SIZE = 30
# htmx stops polling when it gets this status (used once the session is gone).
HTMX_STOP_POLLING = 286


def _render(
    request: HtmxRequest, template: str, partial: str, context: dict[str, Any]
) -> HttpResponse:
    name = f"{template}#{partial}" if request.htmx else template
    response = render(request, name, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def notification_list(request: AuthedRequest) -> HttpResponse:
    """Newest first, 30 items at a time; "load more" asks for those before the last.

    An item may stand for several notifications (reactions to one post).
    """
    try:
        before = int(request.GET["before"]) if request.GET.get("before") else None
    except ValueError:
        before = None
    return _list_response(request, before)


def _list_response(request: AuthedRequest, before: int | None) -> HttpResponse:
    rows = list_notifications(request.user, before=before, limit=PAGE_SIZE + 1)
    has_more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    for notification in rows:
        notification.sentence = build_notification_sentence(notification)
        notification.url = build_notification_url(notification)
    context = {
        "notifications": rows,
        "next_before": rows[-1].pk if has_more else None,
        "unread_count": count_unread_notifications(request.user),
    }
    # "Load more" appends rows to the list; everything else is a full page.
    partial = "items" if before is not None else "list"
    return _render(request, "notifications/notification_list.html", partial, context)


@login_required
@require_POST
def notification_mark_read(request: AuthedRequest) -> HttpResponse:
    with transaction.atomic(durable=True):
        do_mark_notifications_read(request.user)
    if not request.htmx:
        return redirect("notifications:list")
    response = _list_response(request, None)
    # The header badge listens for this event and refreshes itself.
    response["HX-Trigger"] = "plein:notifications-read"
    return response


@require_GET
def notification_badge(request: HttpRequest) -> HttpResponse:
    """The unread count for the header, polled every minute."""
    if not request.user.is_authenticated:
        return HttpResponse(status=HTMX_STOP_POLLING)
    response = render(
        request,
        "notifications/_badge.html",
        {"unread_notifications": count_unread_notifications(request.user)},
    )
    response["Cache-Control"] = "no-store"
    return response
