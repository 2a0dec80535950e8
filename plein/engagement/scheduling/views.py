"""Pages for drafts, scheduled posts and the content calendar.

Thin views: the feature's own form parses the content, :class:`ScheduleForm`
the time and the choice (schedule, save as draft, publish now); items are
fetched through ``access_scheduled``; every change goes through the
scheduling actions in a durable transaction (``publish_with_form``, which
puts a refusal on the form and keeps what was typed).
"""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from plein.access.groups import access_group
from plein.access.scheduling import (
    access_scheduled,
    can_edit_scheduled,
    can_use_content_calendar,
)
from plein.core.errors import InvalidInput, NotFound
from plein.core.forms import publish_with_form
from plein.engagement.scheduling import queries
from plein.engagement.scheduling.actions import (
    as_querydict,
    check_cancel_scheduled,
    check_delete_scheduled,
    check_publish_at,
    check_publish_scheduled_now,
    check_save_scheduled,
)
from plein.engagement.scheduling.forms import (
    DRAFT,
    PUBLISH,
    SCHEDULE,
    CalendarForm,
    ScheduleForm,
)
from plein.engagement.scheduling.models import ScheduledPost, State
from plein.engagement.scheduling.registry import Schedulable, schedulables
from plein.people.http import AuthedRequest
from plein.posts.views import HELD_MESSAGE

TEXT_ONLY = _(
    "Scheduled posts and drafts carry text only: remove the files, "
    "or publish now to attach them."
)


def _schedulable(key: str) -> Schedulable:
    entry = schedulables.get(key)
    if entry is None:
        raise NotFound()
    return entry


def _save(
    request: AuthedRequest,
    schedulable: Schedulable,
    form: Any,
    schedule_form: ScheduleForm,
    item: ScheduledPost | None = None,
) -> Any:
    """Save, schedule or publish what the forms hold; None when refused.

    Returns the item, or the post when published now.
    """
    form_ok = form.is_valid()
    if not schedule_form.is_valid():
        return None
    action = schedule_form.action()
    if any(request.FILES.values()):
        form.add_error(None, TEXT_ONLY)
        return None
    if action != DRAFT and not form_ok:
        return None
    now = timezone.now()
    when = schedule_form.cleaned_data["schedule_at"]
    if action == SCHEDULE:
        try:
            when = check_publish_at(when, now)
        except InvalidInput as error:
            schedule_form.add_error("schedule_at", str(error.message))
            return None
    elif when is not None and when <= now:
        when = None  # a draft keeps a time only while it is ahead
    user = request.user

    def run() -> Any:
        saved = check_save_scheduled(
            user,
            source=schedulable.key,
            data=request.POST,
            schedule=action == SCHEDULE,
            publish_at=when if action != PUBLISH else None,
            item=item,
        )
        if action == PUBLISH:
            return check_publish_scheduled_now(user, saved)
        return saved

    return publish_with_form(form, run, schedulable.aliases)


def _page_context(request: AuthedRequest, schedulable: Schedulable) -> dict[str, Any]:
    if schedulable.page_context is None:
        return {}
    return dict(schedulable.page_context(request))


def _saved_message(item: ScheduledPost) -> str:
    if item.state == State.SCHEDULED and item.publish_at is not None:
        when = formats.date_format(
            timezone.localtime(item.publish_at), "DATETIME_FORMAT"
        )
        return _("Scheduled for %(when)s.") % {"when": when}
    return _("Saved as a draft.")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def scheduled_compose(request: AuthedRequest, key: str) -> HttpResponse:
    """Schedule or save as draft what a feature's form holds (its page's buttons).

    Errors re-render the feature's page (htmx: its form in place) with
    what was typed. Success: the list of one's items; from the composer
    (htmx) a fresh composer and a message instead.
    """
    schedulable = _schedulable(key)
    user = request.user
    form = schedulable.form(user, request.POST, None)
    # The controls' buttons are inputs (their value is their label): the
    # action comes in their formaction's query.
    controls = request.POST.copy()
    if request.GET.get("do") in (SCHEDULE, DRAFT):
        controls["schedule_action"] = request.GET["do"]
    schedule_form = ScheduleForm(controls)
    item = _save(request, schedulable, form, schedule_form)
    context = _page_context(request, schedulable)
    if item is None:
        context |= {
            schedulable.form_context: form,
            "schedule_form": schedule_form,
            "schedule_key": schedulable.key,
        }
        if request.htmx and schedulable.htmx_template:
            response = render(request, schedulable.htmx_template, context)
            response["HX-Retarget"] = schedulable.htmx_target
            response["HX-Reswap"] = "outerHTML"
            return response
        return render(request, schedulable.template, context, status=400)
    message = _saved_message(item)
    if request.htmx and schedulable.htmx_template:
        context |= {
            schedulable.form_context: schedulable.form(user, None, None),
            "scheduled_message": message,
            "scheduled_item": item,
            "partial": schedulable.htmx_template,
        }
        response = render(request, "scheduling/compose_done.html", context)
        response["HX-Retarget"] = schedulable.htmx_target
        response["HX-Reswap"] = "outerHTML"
        return response
    messages.success(request, message)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("scheduling:mine")
        return response
    return redirect("scheduling:mine")


@login_required
@require_GET
def scheduled_mine(request: AuthedRequest) -> HttpResponse:
    """One's drafts, scheduled, failed and recently published items."""
    shown = request.GET.get("state", "")
    states = {
        "planned": [State.SCHEDULED],
        "drafts": [State.DRAFT],
        "published": [State.PUBLISHED],
        "other": [State.FAILED, State.CANCELLED],
    }.get(shown)
    items = list(queries.list_my_items(request.user, states)[:200])
    return render(
        request,
        "scheduling/scheduled_mine.html",
        {"items": items, "shown": shown if states else ""},
    )


@login_required
@require_GET
def scheduled_detail(request: AuthedRequest, item_id: int) -> HttpResponse:
    """One item: its text, where and when; the author's buttons."""
    item = access_scheduled(request.user, item_id)
    return render(
        request,
        "scheduling/scheduled_detail.html",
        {
            "item": item,
            "can_edit": can_edit_scheduled(request.user, item),
            "schedulable": schedulables.get(item.source),
        },
    )


def _initial(form: Any, data: dict[str, list[str]]) -> dict[str, Any]:
    """Stored data as a form's initial values, read as each widget reads a post."""
    query = as_querydict(data)
    initial = {}
    for name, field in form.fields.items():
        is_checkbox = getattr(field.widget, "input_type", "") == "checkbox"
        if name in data or is_checkbox:
            initial[name] = field.widget.value_from_datadict(
                query, {}, form.add_prefix(name)
            )
    return initial


def _render_edit(
    request: AuthedRequest,
    item: ScheduledPost,
    schedulable: Schedulable,
    form: Any,
    schedule_form: ScheduleForm,
    status: int = 200,
) -> HttpResponse:
    hidden = set(schedulable.skipped_fields)
    if not getattr(form, "shows_justification", False):
        hidden.add("justification")
    return render(
        request,
        "scheduling/scheduled_edit.html",
        {
            "item": item,
            "schedulable": schedulable,
            "form": form,
            "fields": [field for field in form if field.name not in hidden],
            "schedule_form": schedule_form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def scheduled_edit(request: AuthedRequest, item_id: int) -> HttpResponse:
    """Change the text, the time, or publish now; the author only."""
    item = access_scheduled(request.user, item_id, for_write=True)
    schedulable = _schedulable(item.source)
    user = request.user
    if request.method == "GET":
        blank = schedulable.form(user, None, None)
        form = schedulable.form(user, None, _initial(blank, item.data))
        schedule_form = ScheduleForm(
            initial={
                "schedule_at": item.publish_at and timezone.localtime(item.publish_at)
            }
        )
        return _render_edit(request, item, schedulable, form, schedule_form)
    form = schedulable.form(user, request.POST, None)
    schedule_form = ScheduleForm(request.POST)
    result = _save(request, schedulable, form, schedule_form, item=item)
    if result is None:
        return _render_edit(request, item, schedulable, form, schedule_form, 400)
    if isinstance(result, ScheduledPost):
        messages.success(request, _saved_message(result))
        return redirect("scheduling:mine")
    return _published(request, result)


def _published(request: AuthedRequest, post: Any) -> HttpResponse:
    if post.is_withheld:
        messages.info(request, HELD_MESSAGE)
    else:
        messages.success(request, _("Your post has been published."))
    return redirect(reverse("posts:detail", args=[post.pk]))


@login_required
@require_POST
def scheduled_publish(request: AuthedRequest, item_id: int) -> HttpResponse:
    """Publish an item now; a refusal shows the item's form with the reason."""
    item = access_scheduled(request.user, item_id, for_write=True)
    schedulable = _schedulable(item.source)
    user = request.user
    form = schedulable.form(user, as_querydict(item.data), None)
    form.is_valid()
    post = publish_with_form(
        form, lambda: check_publish_scheduled_now(user, item), schedulable.aliases
    )
    if post is None:
        schedule_form = ScheduleForm(
            initial={
                "schedule_at": item.publish_at and timezone.localtime(item.publish_at)
            }
        )
        return _render_edit(request, item, schedulable, form, schedule_form, 400)
    return _published(request, post)


@login_required
@require_POST
def scheduled_cancel(request: AuthedRequest, item_id: int) -> HttpResponse:
    """Stop a scheduled item; it stays on one's list as cancelled."""
    item = access_scheduled(request.user, item_id, for_write=True)
    with transaction.atomic(durable=True):
        check_cancel_scheduled(request.user, item)
    messages.success(request, _("It will not be published."))
    return redirect("scheduling:mine")


@login_required
@require_POST
def scheduled_delete(request: AuthedRequest, item_id: int) -> HttpResponse:
    """Delete one's item (a post already published stays)."""
    item = access_scheduled(request.user, item_id)
    with transaction.atomic(durable=True):
        check_delete_scheduled(request.user, item)
    messages.success(request, _("Deleted."))
    return redirect("scheduling:mine")


@login_required
@require_GET
def content_calendar(request: AuthedRequest) -> HttpResponse:
    """What is planned and what was published, by month: a grid or a list.

    Everyone sees their own items; org admins and moderators also what is
    planned for the organisation and the groups whose content they read,
    group admins what is planned for their groups.
    """
    form = CalendarForm(request.GET)
    form.is_valid()
    params = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    month = queries.parse_month(params.get("month"), today)
    group = None
    if params.get("group"):
        group = access_group(request.user, slug=params["group"])
    since, until = queries.month_range(month)
    items = queries.list_calendar_items(request.user, since, until, group=group)
    view = params.get("view") or "month"
    previous = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    context = {
        "month": month,
        "previous_month": previous,
        "next_month": following,
        "group": group,
        "groups": queries.list_calendar_groups(request.user),
        "view": view,
        "items": items,
        "weeks": queries.build_month_grid(month, items, today)
        if view == "month"
        else [],
        "days": queries.group_by_day(items) if view == "list" else [],
        "is_manager": can_use_content_calendar(request.user),
        "time_zone": timezone.get_current_timezone_name(),
    }
    return render(request, "scheduling/content_calendar.html", context)
