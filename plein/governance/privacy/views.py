"""The privacy page: who sees what, and "download my data"."""

import posixpath
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from plein.access.privacy import access_data_export
from plein.core.errors import InvalidInput, NotFound
from plein.core.export_files import export_response, open_export
from plein.core.forms import add_action_error
from plein.governance.privacy.actions import (
    check_request_export,
    check_set_privacy_settings,
    do_record_download,
)
from plein.governance.privacy.forms import PrivacySettingsForm
from plein.governance.privacy.models import DataExport
from plein.people.http import AuthedRequest
from plein.people.models import User
from plein.people.views.common import render_page_or_partial

TEMPLATE = "privacy/privacy.html"


def latest_export(person: User) -> DataExport | None:
    return (
        DataExport.objects.filter(person=person).order_by("-created_at", "-id").first()
    )


def _export_context(person: User) -> dict[str, Any]:
    return {
        "export": latest_export(person),
        "export_days": settings.PRIVACY_EXPORT_DAYS,
    }


def _context(person: User, form: PrivacySettingsForm) -> dict[str, Any]:
    return {"form": form, "tab": "privacy", **_export_context(person)}


@login_required
@require_http_methods(["GET", "POST"])
def privacy_settings(request: AuthedRequest) -> HttpResponse:
    person = request.user
    if request.method == "POST":
        form = PrivacySettingsForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic(durable=True):
                    check_set_privacy_settings(person, person, **form.cleaned_data)
            except InvalidInput as exc:
                person.refresh_from_db()
                add_action_error(form, exc)
            else:
                messages.success(request, _("Your privacy settings have been saved."))
                return redirect("privacy:settings")
    else:
        form = PrivacySettingsForm(initial=PrivacySettingsForm.initial_for(person))
    return render_page_or_partial(request, TEMPLATE, "settings", _context(person, form))


@login_required
@require_POST
def export_request(request: AuthedRequest) -> HttpResponse:
    with transaction.atomic(durable=True):
        check_request_export(request.user)
    if not request.htmx:
        messages.success(
            request,
            _("Your data is being collected. This page shows when it is ready."),
        )
        return redirect("privacy:settings")
    return render_page_or_partial(
        request, TEMPLATE, "export", _export_context(request.user)
    )


@login_required
@require_GET
def export_status(request: AuthedRequest) -> HttpResponse:
    """The export fragment; it polls itself while the export is being built."""
    response = render(request, f"{TEMPLATE}#export", _export_context(request.user))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def export_download(request: AuthedRequest, export_id: int) -> FileResponse:
    """The zip, as an attachment, to its owner only (anyone else: 404)."""
    data_export = access_data_export(request.user, export_id)
    if not data_export.is_ready:
        raise NotFound()
    # From the exports storage, whichever machine built it; a zip that is
    # gone answers like an export that does not exist.
    zip_file = open_export(data_export.file)
    try:
        with transaction.atomic(durable=True):
            do_record_download(request.user, data_export)
    except BaseException:
        zip_file.close()
        raise
    response = export_response(zip_file, filename=posixpath.basename(data_export.file))
    patch_vary_headers(response, ["Cookie"])
    return response
