"""The sources page: communications sees each feed's health and adds feeds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plein.access.listening import access_source, can_use_listening
from plein.core.errors import InvalidInput, NotFound
from plein.core.forms import add_action_error
from plein.listening.sources.actions import (
    check_add_alert_source,
    check_add_source,
    check_set_source_active,
)
from plein.listening.sources.forms import AlertSourceForm, SourceForm
from plein.listening.sources.mailin import build_listening_address
from plein.listening.sources.queries import list_sources
from plein.people.http import AuthedRequest


@login_required
@require_http_methods(["GET", "POST"])
def source_list(request: AuthedRequest) -> HttpResponse:
    """Every source with its health, and the forms to add a feed or an
    alert sender (``kind=alert_mail`` in the POST says which)."""
    if not can_use_listening(request.user):
        raise NotFound()
    is_alert = request.POST.get("kind") == "alert_mail"
    data = request.POST if request.method == "POST" else None
    form = SourceForm(None if is_alert else data)
    # Prefixed: both forms have a name field, on one page.
    alert_form = AlertSourceForm(data if is_alert else None, prefix="alert")
    posted = alert_form if is_alert else form
    if request.method == "POST" and posted.is_valid():
        try:
            with transaction.atomic(durable=True):
                if is_alert:
                    source = check_add_alert_source(
                        request.user, **alert_form.cleaned_data
                    )
                else:
                    source = check_add_source(request.user, **form.cleaned_data)
        except InvalidInput as exc:
            add_action_error(posted, exc)
        else:
            if is_alert:
                message = _(
                    "%(name)s is a source now: send or forward its alerts to "
                    "%(address)s."
                ) % {"name": source.name, "address": build_listening_address()}
            else:
                message = _(
                    "%(name)s is a source now; it is read within a few minutes."
                ) % {"name": source.name}
            messages.success(request, message)
            return redirect("listening_sources:list")
    return render(
        request,
        "listening_sources/source_list.html",
        {
            "sources": list_sources(request.user),
            "form": form,
            "alert_form": alert_form,
            "address": build_listening_address(),
        },
        status=400 if posted.errors else 200,
    )


@login_required
@require_POST
def source_active(request: AuthedRequest, source_id: int) -> HttpResponse:
    """Turn a source off, or on again."""
    is_active = request.POST.get("is_active") == "1"
    with transaction.atomic(durable=True):
        source = access_source(request.user, source_id)
        check_set_source_active(request.user, source, is_active=is_active)
    if is_active:
        messages.success(request, _("%(name)s is on again.") % {"name": source.name})
    else:
        messages.success(request, _("%(name)s is off.") % {"name": source.name})
    return redirect("listening_sources:list")
