"""Compliance pages: eDiscovery exports and legal holds (compliance officers),
erasure and retention (org admins).

Everyone without the role gets the same 404 as for a page that does not
exist: the gate is the first line of every view.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.access.compliance import (
    access_export,
    access_hold,
    access_person_for_erasure,
)
from plein.access.people import is_compliance_officer, is_org_admin
from plein.core.errors import Conflict, InvalidInput, NotFound
from plein.core.export_files import export_response, open_export
from plein.core.forms import add_action_error
from plein.governance.compliance import ediscovery, erasure, holds, retention
from plein.governance.compliance.forms import ExportForm, HoldForm, RetentionForm
from plein.governance.compliance.models import Export, LegalHold, RetentionPolicy
from plein.people.http import AuthedRequest


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotFound()


# eDiscovery --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def export_list(request: AuthedRequest) -> HttpResponse:
    _require(is_compliance_officer(request.user))
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic(durable=True):
                export = ediscovery.check_create_export(
                    request.user,
                    person=data["person"],
                    group=data["group"],
                    date_from=data["date_from"],
                    date_to=data["date_to"],
                    keywords=data["keywords"],
                )
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            messages.success(
                request,
                _("Export %(id)d has been requested; it is built in the background.")
                % {"id": export.pk},
            )
            return redirect("compliance:exports")
    exports = Export.objects.select_related("requested_by", "person", "group")[:100]
    return render(
        request, "compliance/export_list.html", {"form": form, "exports": exports}
    )


@login_required
@require_GET
def export_status(request: AuthedRequest, export_id: int) -> HttpResponse:
    """One export's row (htmx polls it while the zip is being built)."""
    export = access_export(request.user, export_id)
    name = "compliance/export_list.html#export-row"
    response = render(request, name, {"export": export})
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def export_download(request: AuthedRequest, export_id: int) -> FileResponse:
    export = access_export(request.user, export_id)
    if export.status != Export.Status.DONE:
        raise NotFound()
    # From the exports storage, whichever machine built it; a zip that is
    # gone answers like an export that does not exist.
    zip_file = open_export(export.file)
    try:
        with transaction.atomic(durable=True):
            ediscovery.do_record_download(request.user, export)
    except BaseException:
        zip_file.close()
        raise
    return export_response(zip_file, filename=f"plein-export-{export.pk}.zip")


# Legal holds -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def hold_list(request: AuthedRequest) -> HttpResponse:
    _require(is_compliance_officer(request.user))
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic(durable=True):
                hold = holds.check_create_hold(
                    request.user,
                    matter=data["matter"],
                    person=data["person"],
                    group=data["group"],
                    note=data["note"],
                )
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            messages.success(
                request, _("The hold “%(matter)s” is in place.") % {"matter": hold}
            )
            return redirect("compliance:holds")
    hold_rows = LegalHold.objects.select_related("person", "group", "created_by")[:200]
    return render(
        request, "compliance/hold_list.html", {"form": form, "holds": hold_rows}
    )


@login_required
@require_POST
def hold_release(request: AuthedRequest, hold_id: int) -> HttpResponse:
    with transaction.atomic(durable=True):
        hold = access_hold(request.user, hold_id)
        holds.check_release_hold(request.user, hold)
    messages.success(
        request, _("The hold “%(matter)s” has been released.") % {"matter": hold}
    )
    return redirect("compliance:holds")


# Erasure -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def erase_person(request: AuthedRequest, person_id: int) -> HttpResponse:
    """Confirmation page, then the erasure itself (org admins)."""
    person = access_person_for_erasure(request.user, person_id)
    context: dict[str, Any] = {
        "person": person,
        "hold": holds.person_on_hold(person),
        "already_erased": erasure.is_erased(person),
        "content_policy": settings.ERASURE_CONTENT,
        "error": None,
    }
    if request.method == "POST":
        if request.POST.get("confirm") != "erase":
            context["error"] = _("Tick the box to confirm the erasure.")
        else:
            try:
                with transaction.atomic(durable=True):
                    erasure.check_erase_person(request.user, person)
            except (InvalidInput, Conflict) as error:
                context["error"] = error.message
            else:
                messages.success(
                    request, _("The person has been erased. This cannot be undone.")
                )
                return redirect("compliance:erase", person_id=person.pk)
    status = 409 if context["error"] else 200
    return render(request, "compliance/erase_person.html", context, status=status)


# Retention ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def retention_page(request: AuthedRequest) -> HttpResponse:
    _require(is_org_admin(request.user))
    form = RetentionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic(durable=True):
                if data["group"] is not None and data["days"] is None:
                    retention.check_clear_retention(request.user, group=data["group"])
                else:
                    retention.check_set_retention(
                        request.user, days=data["days"], group=data["group"]
                    )
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            messages.success(request, _("The retention term has been saved."))
            return redirect("compliance:retention")
    context = {
        "form": form,
        "default_days": retention.default_days(),
        "overrides": RetentionPolicy.objects.filter(group__isnull=False)
        .select_related("group")
        .order_by("group__name"),
    }
    return render(request, "compliance/retention.html", context)
