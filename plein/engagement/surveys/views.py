"""Pulse survey pages: answering, running and reading results.

Answering is for the people invited to an open round; everything else is
for the people who run surveys (``plein.access.surveys``). Results show
closed rounds only: figures of a round still open would change with each
answer, and two looks a minute apart would show what one person answered.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.access.surveys import (
    access_manage_survey,
    access_survey,
    can_manage_surveys,
)
from plein.core import charts
from plein.core.csv import csv_response
from plein.core.errors import InvalidInput, NotFound
from plein.core.forms import add_action_error
from plein.engagement.surveys import queries
from plein.engagement.surveys.actions import (
    SCALE_RANGE,
    check_create_survey,
    check_set_survey_active,
    check_submit_response,
    min_group,
)
from plein.engagement.surveys.forms import SurveyForm
from plein.engagement.surveys.models import Survey
from plein.people.http import AuthedRequest

FIELD_ALIASES = {"department_ids": "departments", "group_ids": "groups"}


@login_required
@require_GET
def survey_list(request: AuthedRequest) -> HttpResponse:
    rows = queries.list_surveys(request.user)
    return render(
        request,
        "surveys/survey_list.html",
        {
            "to_answer": [r for r in rows if r.may_answer or r.has_answered],
            "rows": rows,
            "can_manage": can_manage_surveys(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request: AuthedRequest) -> HttpResponse:
    if not can_manage_surveys(request.user):
        raise NotFound()
    form = SurveyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic(durable=True):
                survey = check_create_survey(request.user, **form.action_values())
        except InvalidInput as error:
            add_action_error(form, error, FIELD_ALIASES)
        else:
            messages.success(request, _("The survey has been created."))
            return redirect("surveys:detail", survey_id=survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form})


def _detail_context(
    request: AuthedRequest, survey: Survey, **extra: Any
) -> dict[str, Any]:
    round_ = queries.get_open_round(survey)
    can_manage = can_manage_surveys(request.user)
    values = extra.pop("values", {})
    questions = queries.list_questions(survey)
    context = {
        "survey": survey,
        "round": round_,
        "state": queries.get_answer_state(request.user, round_),
        "question_rows": [
            {"question": q, "field": f"q{q.pk}", "chosen": values.get(f"q{q.pk}")}
            for q in questions
        ],
        "enps_values": range(11),
        "scale_values": SCALE_RANGE,
        "can_manage": can_manage,
        "values": values,
        **extra,
    }
    if can_manage:
        context["rounds"] = list(survey.rounds.order_by("-number"))
        context["answered_so_far"] = (
            queries.count_open_responses(round_) if round_ is not None else 0
        )
    return context


@login_required
@require_GET
def survey_detail(request: AuthedRequest, survey_id: int) -> HttpResponse:
    survey = access_survey(request.user, survey_id)
    return render(
        request, "surveys/survey_detail.html", _detail_context(request, survey)
    )


@login_required
@require_POST
def survey_respond(request: AuthedRequest, survey_id: int) -> HttpResponse:
    """Answer the open round; errors keep what was chosen and typed."""
    survey = access_survey(request.user, survey_id)
    round_ = queries.get_open_round(survey)
    if round_ is None:
        raise NotFound()
    questions = queries.list_questions(survey)
    scores = {str(q.pk): request.POST.get(f"q{q.pk}", "") for q in questions}
    values = {
        "enps": request.POST.get("enps", ""),
        "comment": request.POST.get("comment", ""),
    }
    values.update({f"q{key}": value for key, value in scores.items()})
    try:
        with transaction.atomic(durable=True):
            check_submit_response(
                request.user,
                round_,
                enps=values["enps"] or None,
                scores=scores,
                comment=values["comment"],
            )
    except InvalidInput as error:
        context = _detail_context(
            request, survey, error=error.message, error_field=error.field, values=values
        )
        template = "surveys/survey_detail.html"
        if request.htmx:
            template += "#answer"
        response = render(
            request, template, context, status=400 if not request.htmx else 200
        )
        patch_vary_headers(response, ["HX-Request"])
        return response
    if request.htmx:
        response = render(
            request,
            "surveys/survey_detail.html#answer",
            _detail_context(request, survey),
        )
        patch_vary_headers(response, ["HX-Request"])
        return response
    messages.success(
        request, _("Thank you: your answer has been recorded anonymously.")
    )
    return redirect("surveys:detail", survey_id=survey.pk)


@login_required
@require_POST
def survey_set_active(request: AuthedRequest, survey_id: int) -> HttpResponse:
    with transaction.atomic(durable=True):
        survey = access_manage_survey(request.user, survey_id)
        check_set_survey_active(
            request.user, survey, is_active=request.POST.get("is_active") == "1"
        )
    messages.success(
        request,
        _("The survey runs again.") if survey.is_active else _("The survey is paused."),
    )
    return redirect("surveys:detail", survey_id=survey.pk)


def _unit_label(unit: queries.UnitFigures) -> str:
    return unit.label or _("Other departments")


@login_required
@require_GET
def survey_results(request: AuthedRequest, survey_id: int) -> HttpResponse:
    survey = access_survey(request.user, survey_id, for_results=True)
    questions = queries.list_questions(survey)
    rounds = queries.list_closed_rounds(survey)
    wanted = request.GET.get("round", "")
    chosen = next((r for r in rounds if str(r.number) == wanted), None)
    chosen = chosen or (rounds[-1] if rounds else None)
    results = (
        queries.build_round_results(chosen, questions) if chosen is not None else None
    )
    totals, series = queries.build_trend(survey)
    context: dict[str, Any] = {
        "survey": survey,
        "rounds": rounds,
        "chosen": chosen,
        "results": results,
        "totals": totals,
        "series": series,
        "questions": questions,
        "min_group": min_group(),
    }
    if results is not None and results.total is not None and survey.has_enps:
        context["enps_chart"] = charts.bar_chart(
            [(_unit_label(u), u.enps.score) for u in results.units if u.enps],
            low=-100,
            high=100,
            title=_("eNPS per department"),
        )
    if len(totals) > 0 and survey.has_enps:
        labels = [str(p.round.number) for p in totals]
        numbers = [p.round.number for p in totals]
        lines = [(_("Everyone"), [p.enps.score if p.enps else None for p in totals])]
        for item in series:
            by_round = {
                p.round.number: p.enps.score if p.enps else None for p in item.points
            }
            name = " + ".join(label or _("Other departments") for label in item.labels)
            lines.append((name, [by_round.get(n) for n in numbers]))
        context["trend_chart"] = charts.line_chart(
            labels, lines, low=-100, high=100, title=_("eNPS over time")
        )
        context["trend_legend"] = [
            (name, charts.legend_colour(i)) for i, (name, _v) in enumerate(lines)
        ]
    return render(request, "surveys/survey_results.html", context)


@login_required
@require_GET
def survey_results_csv(request: AuthedRequest, survey_id: int) -> HttpResponse:
    """The figures of every closed round, per unit and in total, as CSV."""
    survey = access_survey(request.user, survey_id, for_results=True)
    return csv_response(
        queries.build_results_csv(survey), f"survey-{survey.pk}-results.csv"
    )
