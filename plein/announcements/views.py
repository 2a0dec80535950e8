"""Pages and htmx fragments for required reading.

Confirming, naming readers afterwards, live read receipts (with CSV) and the
escalation list. Every post id passes an ``access_*`` gatekeeper first.
"""

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from plein.access.announcements import access_post_for_readers, access_receipts
from plein.access.posts import access_post
from plein.announcements.actions import check_confirm_reading
from plein.announcements.forms import (
    READERS_FIELD_ALIASES,
    RequiredReadersForm,
    save_required_readers,
)
from plein.announcements.models import Announcement
from plein.announcements.queries import (
    CONFIRMED,
    HIDDEN,
    NEITHER,
    OPENED,
    build_receipts,
    list_overdue,
    no_department_label,
)
from plein.core.errors import InvalidInput
from plein.core.forms import add_action_error
from plein.groups.queries import list_my_groups
from plein.people.http import AuthedRequest
from plein.posts.views import safe_next


def state_labels() -> dict[str, str]:
    return {
        CONFIRMED: pgettext("read state", "Confirmed"),
        OPENED: pgettext("read state", "Opened"),
        NEITHER: pgettext("read state", "Not opened"),
        HIDDEN: pgettext("read state", "Hidden"),
    }


@login_required
@require_POST
@vary_on_headers("HX-Request")
def reading_confirm(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Confirm "read" or "done"; htmx swaps the button for the confirmation."""
    post = access_post(request.user, post_id)
    with transaction.atomic(durable=True):
        reading = check_confirm_reading(request.user, post)
    if request.htmx:
        return render(
            request,
            "announcements/reading.html#confirmed",
            {"reading": reading, "post": post},
        )
    if reading.announcement.requires_action:
        messages.success(request, _("Marked as done. Thank you!"))
    else:
        messages.success(request, _("Marked as read. Thank you!"))
    return redirect(safe_next(request, reverse("posts:detail", args=[post.pk])))


@login_required
@require_http_methods(["GET", "POST"])
def readers_add(request: AuthedRequest, post_id: int) -> HttpResponse:
    """The author names (more) required readers of an existing post."""
    post = access_post_for_readers(request.user, post_id)
    announcement = Announcement.objects.filter(post_id=post.pk).first()
    groups = list_my_groups(request.user)
    form = RequiredReadersForm(request.POST or None, groups=groups)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic(durable=True):
                if not form.has_required_readers():
                    raise InvalidInput(
                        _("Name at least one person, group or department."),
                        field="required_readers",
                    )
                save_required_readers(form, request.user, post)
        except InvalidInput as error:
            add_action_error(form, error, READERS_FIELD_ALIASES)
        else:
            messages.success(request, _("The required readers have been notified."))
            return redirect("announcements:receipts", post_id=post.pk)
    context = {"post": post, "form": form, "announcement": announcement}
    return render(request, "announcements/readers_add.html", context)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def receipts_detail(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Live read receipts; htmx polling re-renders the ``live`` partial."""
    post = access_receipts(request.user, post_id)
    context = {
        "post": post,
        "receipts": build_receipts(request.user, post),
        "labels": state_labels(),
        "no_department": no_department_label(),
        "is_author": post.author_id == request.user.pk,
    }
    template = "announcements/receipts.html"
    if request.htmx:
        template += "#live"
    return render(request, template, context)


def _csv_response(filename: str) -> tuple[HttpResponse, Any]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte-order mark lets spreadsheet programs read the names correctly.
    response.write("\ufeff")
    return response, csv.writer(response)


def _csv_time(value: Any) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def _csv_text(value: str) -> str:
    # Neutralise spreadsheet formulas in names (CSV injection).
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


@login_required
@require_GET
def receipts_csv(request: AuthedRequest, post_id: int) -> HttpResponse:
    """The receipts as CSV, with the same privacy as the page."""
    post = access_receipts(request.user, post_id)
    receipts = build_receipts(request.user, post)
    response, writer = _csv_response(f"read-receipts-{post.pk}.csv")
    writer.writerow(
        [
            "name",
            "email",
            "department",
            "state",
            "opened_at",
            "confirmed_at",
            "reminders_sent",
        ]
    )
    for row in receipts.rows:
        writer.writerow(
            [
                _csv_text(row.person.full_name),
                row.person.email,
                _csv_text(row.department),
                row.state,
                _csv_time(row.opened_at),
                _csv_time(row.confirmed_at),
                "" if row.is_hidden else row.reminders_sent,
            ]
        )
    return response


@login_required
@require_GET
def overdue_list(request: AuthedRequest) -> HttpResponse:
    """Who is overdue on the person's announcements (admins: org-wide too)."""
    context = {"entries": list_overdue(request.user), "labels": state_labels()}
    return render(request, "announcements/overdue.html", context)


@login_required
@require_GET
def overdue_csv(request: AuthedRequest) -> HttpResponse:
    response, writer = _csv_response("overdue-readers.csv")
    writer.writerow(
        ["post_id", "post_url", "name", "email", "department", "state", "due_at"]
    )
    for entry in list_overdue(request.user):
        url = request.build_absolute_uri(reverse("posts:detail", args=[entry.post.pk]))
        for reader in entry.readers:
            person = reader.user
            writer.writerow(
                [
                    entry.post.pk,
                    url,
                    _csv_text(person.full_name),
                    person.email,
                    _csv_text(person.department.name if person.department else ""),
                    OPENED if reader.opened_at else NEITHER,
                    _csv_time(entry.announcement.due_at),
                ]
            )
    return response
