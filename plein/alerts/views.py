"""Alert pages: the list, create, edit, delete, subscribe and recent hits.

Every alert id goes through ``access_alert``: another person's personal
alert answers 404, like a missing one.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.access.alerts import (
    access_alert,
    can_create_shared_alert,
    can_edit_alert,
    can_see_shared_alerts,
)
from plein.alerts import queries
from plein.alerts.actions import (
    check_create_alert,
    check_subscribe,
    check_unsubscribe,
    check_update_alert,
    do_delete_alert,
)
from plein.alerts.forms import AlertForm, SubscriptionForm
from plein.core.errors import InvalidInput
from plein.core.forms import add_action_error
from plein.people.http import AuthedRequest, HtmxRequest


def _render(
    request: HtmxRequest, template: str, partial: str, context: dict[str, Any]
) -> HttpResponse:
    name = f"{template}#{partial}" if request.htmx else template
    response = render(request, name, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _redirect(request: HtmxRequest, url: str) -> HttpResponse:
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@login_required
@require_GET
def alert_list(request: AuthedRequest) -> HttpResponse:
    page = queries.get_alerts_page(request.user)
    context = {
        "page": page,
        "can_see_shared": can_see_shared_alerts(request.user),
        "can_create_shared": can_create_shared_alert(request.user),
        "subscription_form": SubscriptionForm(),
    }
    return render(request, "alerts/alert_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def alert_create(request: AuthedRequest) -> HttpResponse:
    """A new alert; ``?q=`` prefills it from a search, ``?shared=1`` (admins)."""
    shared = bool(request.GET.get("shared")) and can_create_shared_alert(request.user)
    query = request.GET.get("q", "")
    initial = {"query": query, "name": query[:100]}
    form = AlertForm(
        request.POST or None, initial=initial, shared=shared, editing=False
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic(durable=True):
                alert = check_create_alert(
                    request.user,
                    name=data["name"],
                    query=data["query"],
                    description=data.get("description", ""),
                    frequency=data.get("frequency", "instant"),
                    channel=data.get("channel", "in_app"),
                    is_shared=shared,
                )
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            messages.success(
                request,
                _("The alert “%(name)s” has been saved.") % {"name": alert.name},
            )
            return redirect("alerts:list")
    context = {"form": form, "alert": None, "shared": shared}
    return render(request, "alerts/alert_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def alert_edit(request: AuthedRequest, alert_id: int) -> HttpResponse:
    alert = access_alert(request.user, alert_id, for_edit=True)
    subscription = queries.get_subscription(request.user, alert)
    initial = {
        "name": alert.name,
        "description": alert.description,
        "query": alert.query,
        "is_active": alert.is_active,
    }
    if subscription is not None:
        initial.update(frequency=subscription.frequency, channel=subscription.channel)
    form = AlertForm(
        request.POST or None, initial=initial, shared=alert.is_shared, editing=True
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic(durable=True):
                check_update_alert(
                    request.user,
                    alert,
                    name=data["name"],
                    query=data["query"],
                    description=data.get("description"),
                    is_active=data.get("is_active") if alert.is_shared else None,
                    frequency=data.get("frequency"),
                    channel=data.get("channel"),
                )
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            messages.success(request, _("The alert has been updated."))
            return redirect("alerts:list")
    context = {"form": form, "alert": alert, "shared": alert.is_shared}
    return render(request, "alerts/alert_form.html", context)


@login_required
@require_POST
def alert_delete(request: AuthedRequest, alert_id: int) -> HttpResponse:
    with transaction.atomic(durable=True):
        alert = access_alert(request.user, alert_id, for_edit=True)
        do_delete_alert(alert)
    messages.success(request, _("The alert has been deleted."))
    return _redirect(request, reverse("alerts:list"))


@login_required
@require_POST
def alert_subscribe(request: AuthedRequest, alert_id: int) -> HttpResponse:
    """Subscribe (with frequency and channel) or, with action=unsubscribe, leave."""
    form = SubscriptionForm(request.POST)
    unsubscribe = request.POST.get("action") == "unsubscribe"
    with transaction.atomic(durable=True):
        alert = access_alert(request.user, alert_id)
        if unsubscribe:
            check_unsubscribe(request.user, alert)
        else:
            if not form.is_valid():
                field = next(iter(form.errors))
                raise InvalidInput(str(form.errors[field][0]), field=field)
            check_subscribe(
                request.user,
                alert,
                frequency=form.cleaned_data["frequency"],
                channel=form.cleaned_data["channel"],
            )
    if not request.htmx:
        if unsubscribe:
            messages.success(request, _("You no longer follow this alert."))
        else:
            messages.success(request, _("Your subscription has been saved."))
        return redirect("alerts:list")
    alert.subscription = queries.get_subscription(request.user, alert)
    context = {
        "alert": alert,
        "subscription_form": SubscriptionForm(),
        "can_create_shared": can_create_shared_alert(request.user),
    }
    return _render(request, "alerts/alert_list.html", "shared-alert", context)


@login_required
@require_GET
def alert_hits(request: AuthedRequest, alert_id: int) -> HttpResponse:
    """The newest content the alert found for the user that they may still see."""
    alert = access_alert(request.user, alert_id)
    try:
        before = int(request.GET["before"]) if request.GET.get("before") else None
    except ValueError:
        before = None
    hits = queries.list_recent_hits(
        request.user, alert, before=before, limit=queries.HITS_PAGE + 1
    )
    has_more = len(hits) > queries.HITS_PAGE
    hits = hits[: queries.HITS_PAGE]
    context = {
        "alert": alert,
        "hits": hits,
        "next_before": hits[-1].pk if has_more and hits else None,
        "can_edit": can_edit_alert(request.user, alert),
        "subscription": queries.get_subscription(request.user, alert),
    }
    partial = "items" if before is not None else "page"
    return _render(request, "alerts/alert_hits.html", partial, context)
