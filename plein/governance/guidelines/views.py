"""The guidelines page, accepting them (with the quiz), and the admin overview.

The overview and its CSV export are for organisation admins; anyone else
gets the same 404 as for a page that does not exist.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from plein.access.people import is_org_admin
from plein.core.csv import csv_response
from plein.core.errors import NotFound
from plein.core.markdown import render_markdown
from plein.governance.guidelines import queries
from plein.governance.guidelines.actions import (
    QuizNotPassed,
    check_accept_guidelines,
    check_export_acceptances,
)
from plein.people.http import AuthedRequest

ACCEPTANCES_PER_PAGE = 100
# Characters that make a spreadsheet treat a cell as a formula.


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _page_context(
    request: AuthedRequest, *, graded: list[Any] | None = None
) -> dict[str, Any]:
    version = queries.current_version()
    questions = queries.quiz_questions() if version and version.quiz_required else []
    if graded is None:
        graded = queries.grade_quiz(questions, {})
    return {
        "version": version,
        "body_html": render_markdown(version.body).html if version else "",
        "accepted_current": queries.has_accepted_current(request.user),
        "accepted_version": queries.accepted_version(request.user),
        "may_publish": queries.has_accepted(request.user),
        "quiz": graded,
        "quiz_attempted": any(answer.chosen is not None for answer in graded),
        "next": _next_url(request),
        "is_admin": is_org_admin(request.user),
        "lang": "en" if (get_language() or "nl").startswith("en") else "nl",
    }


@login_required
@require_GET
def guidelines_page(request: AuthedRequest) -> HttpResponse:
    """The current version in the reader's language, and the way to accept it."""
    return render(request, "guidelines/guidelines.html", _page_context(request))


def _parse_answers(request: HttpRequest) -> dict[int, int | None]:
    answers: dict[int, int | None] = {}
    for question in queries.quiz_questions():
        raw = request.POST.get(f"q-{question.pk}", "")
        answers[question.pk] = int(raw) if raw.isdigit() and len(raw) < 4 else None
    return answers


@login_required
@require_POST
def guidelines_accept(request: AuthedRequest) -> HttpResponse:
    """Accept the version that was read; a failed quiz shows the explanations."""
    raw_version = request.POST.get("version", "")
    version_number = int(raw_version) if raw_version.isdigit() else None
    answers = _parse_answers(request)
    try:
        with transaction.atomic(durable=True):
            check_accept_guidelines(
                request.user, version_number=version_number, answers=answers
            )
    except QuizNotPassed as error:
        graded = queries.grade_quiz(queries.quiz_questions(), answers)
        context = _page_context(request, graded=graded)
        context["quiz_error"] = error.message
        template = "guidelines/guidelines.html"
        if request.htmx:
            template += "#acceptance"
        response = render(request, template, context)
        patch_vary_headers(response, ["HX-Request"])
        return response
    messages.success(request, _("Thank you: you have accepted the guidelines."))
    target = _next_url(request) or reverse("guidelines:page")
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


@login_required
@require_GET
def acceptance_list(request: AuthedRequest) -> HttpResponse:
    """Who accepted which version; organisation admins only."""
    if not is_org_admin(request.user):
        raise NotFound()
    paginator = Paginator(queries.acceptances_for(request.user), ACCEPTANCES_PER_PAGE)
    context = {
        "summary": queries.acceptance_summary(request.user),
        "page": paginator.get_page(request.GET.get("page")),
    }
    return render(request, "guidelines/acceptances.html", context)


@login_required
@require_GET
def acceptance_export(request: AuthedRequest) -> HttpResponse:
    """The acceptances as CSV, times in UTC; the export itself is audited."""
    with transaction.atomic(durable=True):
        rows = check_export_acceptances(request.user)
    return csv_response(rows, "guidelines-acceptances.csv")
