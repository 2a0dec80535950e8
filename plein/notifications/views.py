"""The notifications page, marking them read and the header badge."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from plein.core.markdown import plain_text
from plein.notifications.actions import do_mark_notifications_read
from plein.notifications.models import Kind, Notification
from plein.notifications.queries import count_unread_notifications, list_notifications

PAGE_SIZE = 30
# htmx stops polling when it gets this status (used once the session is gone).
HTMX_STOP_POLLING = 286


def _render(
    request: HttpRequest, template: str, partial: str, context: dict[str, Any]
) -> HttpResponse:
    name = f"{template}#{partial}" if request.htmx else template
    response = render(request, name, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _subject(notification: Notification) -> str:
    post = notification.post
    if post is None:
        return ""
    return post.title or plain_text(post.body, limit=80)


def build_notification_sentence(notification: Notification) -> SafeString:
    """One translated sentence per kind, with the names in bold.

    The translations carry the whole sentence so translators can move the
    names around; format_html escapes every name and title.
    """
    actor = (
        notification.actor.full_name
        if notification.actor
        else pgettext("notification", "Someone")
    )
    values = {
        "actor": format_html("<strong>{}</strong>", actor),
        "post": format_html(
            '<span class="notification-subject">{}</span>', _subject(notification)
        ),
        "group": format_html(
            "<strong>{}</strong>", notification.group.name if notification.group else ""
        ),
    }
    on_comment = notification.comment_id is not None
    kind = notification.kind
    if kind == Kind.MENTION and on_comment:
        text = pgettext("notification", "{actor} mentioned you in a comment on {post}")
    elif kind == Kind.MENTION:
        text = pgettext("notification", "{actor} mentioned you in {post}")
    elif kind == Kind.REPLY:
        text = pgettext(
            "notification", "{actor} replied in the conversation about {post}"
        )
    elif kind == Kind.REACTION and on_comment:
        text = pgettext("notification", "{actor} reacted to your comment on {post}")
    elif kind == Kind.REACTION:
        text = pgettext("notification", "{actor} reacted to your post {post}")
    elif kind == Kind.GROUP_POST:
        text = pgettext("notification", "{actor} posted in {group}: {post}")
    elif kind == Kind.JOIN_REQUEST:
        text = pgettext("notification", "{actor} asked to join {group}")
    elif kind == Kind.FOLLOWER:
        text = pgettext("notification", "{actor} started following you")
    elif kind == Kind.GROUP_INVITE:
        text = pgettext("notification", "{actor} invited you to join {group}")
    else:
        text = pgettext("notification", "{actor} did something that concerns you")
    return format_html(text, **values)


def build_notification_url(notification: Notification) -> str:
    """Where a notification leads: the comment, the post, the group or the person."""
    if notification.post_id is not None:
        url = reverse("posts:detail", args=[notification.post_id])
        if notification.comment_id is not None:
            url += f"#comment-{notification.comment_id}"
        return url
    if notification.group is not None:
        if notification.kind == Kind.JOIN_REQUEST:
            return reverse("groups:requests", args=[notification.group.slug])
        return reverse("groups:detail", args=[notification.group.slug])
    if notification.actor is not None:
        return reverse("people:profile", args=[notification.actor.handle])
    return reverse("notifications:list")


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """Newest first, 30 at a time; "load more" asks for those before the last."""
    try:
        before = int(request.GET["before"]) if request.GET.get("before") else None
    except ValueError:
        before = None
    return _list_response(request, before)


def _list_response(request: HttpRequest, before: int | None) -> HttpResponse:
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
def notification_mark_read(request: HttpRequest) -> HttpResponse:
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
