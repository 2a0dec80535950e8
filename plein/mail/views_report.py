"""The e-mail reduction report, as a page with an SVG chart and as CSV.

Only org admins and moderators (the communications role) may see it;
anyone else gets the same 404 as for a missing page.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from plein.access.mail import can_view_mail_report
from plein.core.errors import NotFound
from plein.mail.models import SentMail
from plein.mail.report import build_chart, build_csv, build_report
from plein.people.http import AuthedRequest


def _access_report(request: AuthedRequest) -> None:
    if not can_view_mail_report(request.user):
        raise NotFound()


@login_required
@require_GET
def report_show(request: AuthedRequest) -> HttpResponse:
    _access_report(request)
    report = build_report()
    kind_rows = [
        (kind.value, kind.label, report.total.plein_mails[kind.value])
        for kind in SentMail.Kind
    ]
    return render(
        request,
        "mail/report.html",
        {"report": report, "chart": build_chart(report), "kind_rows": kind_rows},
    )


@login_required
@require_GET
def report_csv(request: AuthedRequest) -> HttpResponse:
    _access_report(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="email-reduction.csv"'
    # A byte-order mark lets spreadsheet programs read the names correctly.
    response.write("\ufeff" + build_csv(build_report()))
    return response
