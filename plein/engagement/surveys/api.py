"""The pulse survey endpoints of the API (registered in plein/api/main.py).

``GET /surveys`` lists what one may answer (open rounds one is invited to)
or run (org admins and moderators: every survey). Answering is
``POST /surveys/{id}/responses``; nothing it stores names the person.
``GET /surveys/{id}/results`` is for those who run surveys and holds the
figures of closed rounds only, merged so that every group counts at least
``SURVEY_MIN_GROUP`` respondents, exactly as on the results page.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from ninja import Path, Router, Schema, Status
from pydantic import Field

from plein.access.surveys import access_survey, can_manage_surveys
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, Id, Text200, Text500, Text2000
from plein.core.errors import NotFound
from plein.engagement.surveys import queries
from plein.engagement.surveys.actions import (
    check_create_survey,
    check_set_survey_active,
    check_submit_response,
    min_group,
)
from plein.engagement.surveys.models import Survey

router = Router(tags=["surveys"])

SurveyId = Path(..., ge=1, le=MAX_ID)


class QuestionOut(Schema):
    id: int
    text: str
    scale_min: int = 1
    scale_max: int = 5


class RoundOut(Schema):
    number: int
    opens_at: datetime
    closes_at: datetime


class SurveyOut(Schema):
    id: int
    title: str
    intro: str
    has_enps: bool
    questions: list[QuestionOut]
    comment_prompt: str = Field(description='"" when there is no free-text question')
    recurrence: str
    open_round: RoundOut | None
    may_answer: bool = Field(description="Invited to the open round, not answered")
    has_answered: bool
    can_manage: bool
    is_active: bool = Field(description="false: paused, no new rounds")


class SurveyListOut(Schema):
    items: list[SurveyOut]


class SurveyIn(Schema):
    title: Text200
    intro: Text2000 = ""
    has_enps: bool = Field(True, description="Ask the eNPS question (0 to 10)")
    questions: list[Text500] = Field(
        [], max_length=50, description="Scale questions, answered 1 to 5"
    )
    comment_prompt: Text500 = Field("", description='"": no free-text question')
    is_organisation_wide: bool = False
    department_ids: list[Id] = Field([], max_length=500)
    group_ids: list[Id] = Field([], max_length=500)
    recurrence: str = Field(
        "monthly", description="once, weekly, monthly or quarterly", max_length=20
    )
    starts_at: datetime | None = Field(
        None, description="The first round opens then; default: now"
    )
    open_days: int = Field(7, description="How long each round stays open")


class SurveyChangeIn(Schema):
    is_active: bool = Field(description="false: pause (no new rounds)")


class ResponseIn(Schema):
    enps: int | None = Field(None, description="0 to 10; required when has_enps")
    scores: dict[str, int] = Field(
        {},
        description="Question id → 1 to 5, for every question",
        max_length=50,
    )
    comment: Text2000 = ""


class EnpsOut(Schema):
    score: float = Field(description="% promoters (9-10) minus % detractors (0-6)")
    promoters_percent: float
    passives_percent: float
    detractors_percent: float


class QuestionFiguresOut(Schema):
    question_id: int
    mean: float | None
    counts: list[int] = Field(description="How many answered 1, 2, 3, 4 and 5")


class UnitOut(Schema):
    label: str = Field(description='The department; "" for the other departments')
    departments: list[str] = Field(description="The departments counted here")
    respondents: int
    enps: EnpsOut | None
    questions: list[QuestionFiguresOut]


class RoundResultsOut(Schema):
    number: int
    opens_at: datetime
    closes_at: datetime
    invited: int
    respondents: int
    is_shown: bool = Field(description="False when fewer than the minimum answered")
    total: UnitOut | None
    units: list[UnitOut]
    comments: list[str] = Field(description="Free text, shuffled, round-wide only")


class ResultsOut(Schema):
    survey_id: int
    min_group: int
    rounds: list[RoundResultsOut]


def _build_survey(user: Any, survey: Survey, row: queries.SurveyRow) -> dict[str, Any]:
    round_ = row.open_round
    return {
        "id": survey.pk,
        "title": survey.title,
        "intro": survey.intro,
        "has_enps": survey.has_enps,
        "questions": [{"id": q.pk, "text": q.text} for q in survey.questions.all()],
        "comment_prompt": survey.comment_prompt,
        "recurrence": survey.recurrence,
        "open_round": (
            {
                "number": round_.number,
                "opens_at": round_.opens_at,
                "closes_at": round_.closes_at,
            }
            if round_ is not None
            else None
        ),
        "may_answer": row.may_answer,
        "has_answered": row.has_answered,
        "can_manage": can_manage_surveys(user),
        "is_active": survey.is_active,
    }


@router.get(
    "/surveys",
    response=SurveyListOut,
    summary="The pulse surveys one may answer, or run (org admins and moderators)",
)
def survey_list(request: ApiRequest) -> dict[str, Any]:
    rows = queries.list_surveys(request.auth)
    return {"items": [_build_survey(request.auth, r.survey, r) for r in rows]}


@router.post(
    "/surveys",
    response={201: SurveyOut},
    summary="Send a pulse survey (org admins and moderators)",
)
def survey_create(request: ApiRequest, payload: SurveyIn) -> Status:
    with transaction.atomic(durable=True):
        survey = check_create_survey(request.auth, **payload.dict())
    return Status(201, survey_detail(request, survey.pk))


@router.patch(
    "/surveys/{survey_id}",
    response=SurveyOut,
    summary="Pause or resume a pulse survey (org admins and moderators)",
)
def survey_update(
    request: ApiRequest, payload: SurveyChangeIn, survey_id: int = SurveyId
) -> dict[str, Any]:
    with transaction.atomic(durable=True):
        survey = access_survey(request.auth, survey_id)
        check_set_survey_active(request.auth, survey, is_active=payload.is_active)
    return survey_detail(request, survey_id)


@router.get("/surveys/{survey_id}", response=SurveyOut, summary="One pulse survey")
def survey_detail(request: ApiRequest, survey_id: int = SurveyId) -> dict[str, Any]:
    survey = access_survey(request.auth, survey_id)
    rows = [r for r in queries.list_surveys(request.auth) if r.survey.pk == survey.pk]
    return _build_survey(request.auth, survey, rows[0])


@router.post(
    "/surveys/{survey_id}/responses",
    response={204: None},
    summary="Answer the open round of a survey, anonymously and once",
)
def survey_respond(
    request: ApiRequest, payload: ResponseIn, survey_id: int = SurveyId
) -> HttpResponse:
    survey = access_survey(request.auth, survey_id)
    round_ = queries.get_open_round(survey)
    if round_ is None:
        raise NotFound()
    with transaction.atomic(durable=True):
        check_submit_response(
            request.auth,
            round_,
            enps=payload.enps,
            scores=payload.scores,
            comment=payload.comment,
        )
    return HttpResponse(status=204)


def _build_unit(unit: queries.UnitFigures) -> dict[str, Any]:
    enps = unit.enps
    return {
        "label": unit.label,
        "departments": unit.departments,
        "respondents": unit.respondents,
        "enps": (
            {
                "score": enps.score,
                "promoters_percent": enps.promoters_percent,
                "passives_percent": enps.passives_percent,
                "detractors_percent": enps.detractors_percent,
            }
            if enps is not None
            else None
        ),
        "questions": [
            {"question_id": q.question_id, "mean": q.mean, "counts": q.counts}
            for q in unit.questions
        ],
    }


@router.get(
    "/surveys/{survey_id}/results",
    response=ResultsOut,
    summary="Results of the closed rounds, per department in groups of 5 or more "
    "(org admins and moderators)",
)
def survey_results(request: ApiRequest, survey_id: int = SurveyId) -> dict[str, Any]:
    survey = access_survey(request.auth, survey_id, for_results=True)
    questions = queries.list_questions(survey)
    rounds = []
    for round_ in queries.list_closed_rounds(survey):
        results = queries.build_round_results(round_, questions)
        rounds.append(
            {
                "number": round_.number,
                "opens_at": round_.opens_at,
                "closes_at": round_.closes_at,
                "invited": round_.invited_count,
                "respondents": round_.response_count if results.total else 0,
                "is_shown": results.total is not None,
                "total": _build_unit(results.total) if results.total else None,
                "units": [_build_unit(u) for u in results.units],
                "comments": results.comments,
            }
        )
    return {"survey_id": survey.pk, "min_group": min_group(), "rounds": rounds}
