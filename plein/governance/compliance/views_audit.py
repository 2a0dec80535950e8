"""The audit log page and its CSV export (compliance officers and org admins)."""

import csv
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from plein.access.compliance import can_read_audit_log
from plein.core.csv import csv_row
from plein.core.errors import NotFound
from plein.governance.compliance.audit import audit_entries, check_export_audit_log
from plein.governance.compliance.audit_display import build_audit_rows
from plein.governance.compliance.forms_audit import AuditFilterForm
from plein.people.http import AuthedRequest

AUDIT_PAGE_SIZE = 100


class _Echo:
    def write(self, value: str) -> str:
        return value


def _query(form: AuditFilterForm) -> str:
    if not form.is_valid():
        return ""
    return urlencode(
        {k: v for k, v in form.data.items() if k in form.fields and v}, doseq=False
    )


@login_required
@require_GET
def audit_log(request: AuthedRequest) -> HttpResponse:
    if not can_read_audit_log(request.user):
        raise NotFound()
    form = AuditFilterForm(request.GET or None)
    entries = audit_entries(request.user, form.filters())
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = _query(form)
    # Names and labels for the page's ids and codes, looked up at once.
    rows = build_audit_rows(request.user, page.object_list)
    return render(
        request,
        "compliance/audit_log.html",
        {"form": form, "page": page, "rows": rows, "query": query},
    )


@login_required
@require_GET
def audit_export(request: AuthedRequest) -> StreamingHttpResponse:
    """The filtered log as CSV, times in UTC; the export is audited first."""
    if not can_read_audit_log(request.user):
        raise NotFound()
    form = AuditFilterForm(request.GET or None)
    with transaction.atomic():
        rows = check_export_audit_log(request.user, form.filters())
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(csv_row(row)) for row in rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
