"""Pages and htmx fragments for events.

Thin views: parse with a form, fetch through ``plein.access``, change state
through the events actions in a durable transaction, then answer with a
page, a partial (htmx) or a redirect.
"""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from plein.access.events import access_event, can_edit_event
from plein.access.groups import access_group, can_view_group_content
from plein.channels.feeds.actions import check_create_link_feed_token
from plein.channels.feeds.documents import build_document_path
from plein.channels.feeds.queries import get_link_feed_token
from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.core.forms import add_action_error, publish_with_form
from plein.engagement.events import queries
from plein.engagement.events.actions import (
    build_details,
    check_cancel_event,
    check_create_event,
    check_invite_group,
    check_rsvp,
    check_update_event,
    current_details,
    local_now,
)
from plein.engagement.events.forms import (
    EventDetailsForm,
    EventForm,
    InviteGroupForm,
    RsvpForm,
)
from plein.engagement.events.hooks import ICS_CONTENT_TYPE
from plein.engagement.events.models import Rsvp
from plein.groups.queries import list_my_groups
from plein.people.http import AuthedRequest
from plein.posts.forms import CommentForm
from plein.posts.models import PostFollow
from plein.posts.queries import get_comment_threads, get_post_card
from plein.posts.reading import do_record_post_opened
from plein.posts.views import HELD_MESSAGE


def _shift(month: date, by: int) -> date:
    index = month.year * 12 + month.month - 1 + by
    return date(index // 12, index % 12 + 1, 1)


def _feed_url(request: AuthedRequest) -> str:
    raw = get_link_feed_token(request.user)
    if raw is None:
        return ""
    return request.build_absolute_uri(build_document_path(raw, "events"))


@login_required
@require_GET
def event_index(request: AuthedRequest) -> HttpResponse:
    """The calendar: what is coming, or one month, of the events one may see."""
    group = None
    if request.GET.get("group"):
        group = access_group(request.user, slug=request.GET["group"])
        if not can_view_group_content(request.user, group):
            raise NotFound()
    month = queries.parse_month(request.GET.get("month"))
    if month is None:
        occurrences = queries.list_upcoming(request.user, group=group)
        current = local_now().date().replace(day=1)
    else:
        since, until = queries.build_month_range(month)
        occurrences = queries.list_occurrences(request.user, since, until, group=group)
        current = month
    days: dict[date, list[Any]] = {}
    for occurrence in occurrences:
        days.setdefault(occurrence.starts_at.date(), []).append(occurrence)
    response = render(
        request,
        "events/event_index.html",
        {
            "days": sorted(days.items()),
            "month": month,
            "previous_month": _shift(current, -1),
            "next_month": _shift(current, 1),
            "this_month": current,
            "group": group,
            "feed_url": _feed_url(request),
        },
    )
    # The page may show the personal feed's address with its token.
    response["Referrer-Policy"] = "no-referrer"
    return response


def _event_form(request: AuthedRequest, data: Any = None) -> EventForm:
    groups = list_my_groups(request.user)
    initial: dict[str, Any] = {}
    slug = request.GET.get("group")
    if slug:
        initial["group"] = next((g.pk for g in groups if g.slug == slug), None)
    return EventForm(data, groups=groups, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: AuthedRequest) -> HttpResponse:
    """Plan an event: it is announced as a post in the feed or its group."""
    if request.method == "GET":
        return render(
            request, "events/event_create.html", {"form": _event_form(request)}
        )
    form = _event_form(request, request.POST)
    post = None
    if form.is_valid():
        data = form.cleaned_data

        def create() -> Any:
            group = (
                access_group(request.user, group_id=data["group"])
                if data["group"]
                else None
            )
            return check_create_event(
                request.user,
                build_details(data),
                title=data["title"],
                body=data["body"],
                group=group,
                justification=data["justification"],
            )

        post = publish_with_form(form, create)
    if post is None:
        return render(request, "events/event_create.html", {"form": form})
    if post.is_withheld:
        messages.info(request, HELD_MESSAGE)
    else:
        messages.success(request, _("Your event has been announced."))
    return redirect("events:detail", post.pk)


def _editable_event(request: AuthedRequest, post_id: int) -> Any:
    """The event, if the reader may change it; NotFound or Forbidden otherwise."""
    event = access_event(request.user, post_id)
    if not can_edit_event(request.user, event):
        raise Forbidden(
            pgettext(
                "permission",
                "Only the organiser or an admin of the group can change the event.",
            )
        )
    return event


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Change when and where; those who answered and invitees are told."""
    event = _editable_event(request, post_id)
    if request.method == "GET":
        form = EventDetailsForm(initial=current_details(event))
        return render(request, "events/event_edit.html", {"form": form, "event": event})
    form = EventDetailsForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic(durable=True):
                event = access_event(request.user, post_id)
                check_update_event(
                    request.user, event, build_details(form.cleaned_data)
                )
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            messages.success(request, _("The event has been changed."))
            return redirect("events:detail", post_id)
    return render(request, "events/event_edit.html", {"form": form, "event": event})


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Ask, then call the event off."""
    event = _editable_event(request, post_id)
    if request.method == "GET":
        if event.is_cancelled:
            return redirect("events:detail", post_id)
        return render(request, "events/event_cancel.html", {"event": event})
    with transaction.atomic(durable=True):
        event = access_event(request.user, post_id)
        check_cancel_event(request.user, event)
    messages.success(request, _("The event has been cancelled."))
    return redirect("events:detail", post_id)


def _detail_context(request: AuthedRequest, event: Any) -> dict[str, Any]:
    post = event.post
    return {
        "page": queries.get_event_page(request.user, event),
        "post": get_post_card(request.user, post),
        "comments": get_comment_threads(request.user, post),
        "comment_form": CommentForm(),
        "is_detail": True,
        "is_following": PostFollow.objects.filter(
            user=request.user, post=post
        ).exists(),
        "invite_groups": list_my_groups(request.user),
        "answers": Rsvp.Answer.choices,
    }


@login_required
@require_GET
def event_detail(request: AuthedRequest, post_id: int) -> HttpResponse:
    """The event: when and where, answers, who comes, and its conversation."""
    event = access_event(request.user, post_id)
    response = render(
        request, "events/event_detail.html", _detail_context(request, event)
    )
    do_record_post_opened(request.user, event.post)
    return response


@login_required
@require_POST
@vary_on_headers("HX-Request")
def event_rsvp(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Answer yes, maybe or no; htmx swaps the answer box."""
    form = RsvpForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("Answer yes, maybe or no."), field="answer")
    with transaction.atomic(durable=True):
        event = access_event(request.user, post_id)
        rsvp = check_rsvp(request.user, event, form.cleaned_data["answer"])
    if rsvp.is_waiting:
        messages.info(request, _("The event is full: you are on the waiting list."))
    if request.htmx:
        event = access_event(request.user, post_id)
        return render(
            request,
            "events/event_detail.html#rsvp",
            {
                "page": queries.get_event_page(request.user, event),
                "answers": Rsvp.Answer.choices,
            },
        )
    return redirect("events:detail", post_id)


@login_required
@require_POST
def event_invite(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Invite the members of a group: a notification and a calendar request."""
    form = InviteGroupForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("Choose a group."), field="group")
    with transaction.atomic(durable=True):
        event = access_event(request.user, post_id)
        group = access_group(request.user, group_id=form.cleaned_data["group"])
        count = check_invite_group(request.user, event, group)
    messages.success(
        request,
        ngettext(
            "%(count)d person was invited.", "%(count)d people were invited.", count
        )
        % {"count": count},
    )
    return redirect("events:detail", post_id)


@login_required
@require_GET
def event_ics(request: AuthedRequest, post_id: int) -> HttpResponse:
    """ "Add to calendar": the event as an .ics file."""
    event = access_event(request.user, post_id)
    response = HttpResponse(
        queries.build_event_ics(event), content_type=ICS_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_POST
def event_subscribe(request: AuthedRequest) -> HttpResponse:
    """Make one's feed link token if need be; the calendar then shows the address.

    The token is the one behind the "Subscribe" links of the feeds; revoking
    it on the feed settings page stops the calendar feed too.
    """
    with transaction.atomic(durable=True):
        check_create_link_feed_token(request.user)
    return redirect(reverse("events:index") + "#subscribe")
