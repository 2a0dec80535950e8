"""The polls and quizzes endpoints of the API (registered in plein/api/main.py).

A poll or a quiz is a post (``id`` is the post's id). Every id passes
through ``plein.access`` (missing and invisible answer the same 404) and
every write through a polls action. Results are in the answer only when
the reader may see them now; the right answers of a quiz only after one
took it.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from plein.access.groups import access_group
from plein.access.polls import access_poll, access_quiz, visible_polls
from plein.api.http import ApiRequest
from plein.api.schemas import (
    MAX_ID,
    BodyText,
    GroupRef,
    Id,
    Limit,
    PersonRef,
    Text5,
    Text200,
    Text500,
    Text1000,
)
from plein.api.serializers import build_group_ref, build_person_ref
from plein.engagement.polls.actions import (
    QuizResult,
    check_close_poll,
    check_create_poll,
    check_create_quiz,
    check_take_quiz,
    check_vote,
)
from plein.engagement.polls.models import Poll, ResultsShown
from plein.engagement.polls.queries import (
    PollState,
    QuizState,
    get_poll_state,
    get_poll_states,
    get_quiz_state,
)

router = Router(tags=["polls"])

PostId = Path(..., ge=1, le=MAX_ID)


class OptionOut(Schema):
    id: int
    label: str
    is_other: bool = Field(description="The free answer (“Other”).")


class OptionResultOut(Schema):
    option_id: int
    count: int
    percent: int
    voters: list[PersonRef] = Field(
        description="Who chose it (named polls only; at most 50)."
    )


class DepartmentColumnOut(Schema):
    name: str
    counts: list[int] = Field(description="Votes per option, in the options' order.")


class PollOut(Schema):
    id: int = Field(description="The id of the poll's post.")
    author: PersonRef
    group: GroupRef | None
    question: str
    created_at: datetime
    options: list[OptionOut]
    is_multiple: bool
    allows_other: bool
    is_anonymous: bool
    results_shown: str = Field(description='"live" or "closed" (after closing)')
    closes_at: datetime | None
    is_closed: bool
    voter_count: int
    has_voted: bool
    my_option_ids: list[int] = Field(description="Named polls only.")
    can_vote: bool
    can_close: bool
    results_visible: bool
    results: list[OptionResultOut] | None = Field(
        description="Only when the results are visible to the reader now."
    )
    free_answers: list[str] | None
    departments: list[DepartmentColumnOut] | None = Field(
        description="Once closed: departments where every option has at least 5 "
        "votes; the rest merged into “Other departments”."
    )


class PollListOut(Schema):
    items: list[PollOut]
    next_cursor: int | None


class PollIn(Schema):
    question: BodyText
    options: list[Text200] = Field(min_length=2, max_length=10)
    title: Text1000 = ""
    group_id: Id | None = None
    is_multiple: bool = False
    allows_other: bool = False
    is_anonymous: bool = False
    results_shown: str = Field(
        ResultsShown.LIVE, description='"live" or "closed" (after closing)'
    )
    closes_at: datetime | None = None
    language: Text5 | None = None
    justification: Text500 = ""


class VoteIn(Schema):
    option_ids: list[Id] = Field(default_factory=list, max_length=10)
    other: Text200 = Field("", description="A free answer (polls with “Other”).")


class QuizQuestionIn(Schema):
    text: Text500
    options: list[Text200] = Field(min_length=2, max_length=10)
    correct: list[int] = Field(
        min_length=1, max_length=10, description="Indexes of the right options."
    )
    explanation: Text1000 = ""


class QuizIn(Schema):
    intro: BodyText
    questions: list[QuizQuestionIn] = Field(min_length=1, max_length=20)
    title: Text1000 = ""
    group_id: Id | None = None
    is_anonymous: bool = False
    has_leaderboard: bool = False
    language: Text5 | None = None
    justification: Text500 = ""


class QuizQuestionOut(Schema):
    text: str
    options: list[str]
    is_multiple: bool = Field(description="More than one option is right.")


class QuestionResultOut(Schema):
    text: str
    chosen: list[int]
    correct: list[int]
    is_correct: bool
    explanation: str


class QuizResultOut(Schema):
    score: int
    total: int
    questions: list[QuestionResultOut]


class LeaderOut(Schema):
    person: PersonRef
    score: int


class QuizOut(Schema):
    id: int = Field(description="The id of the quiz's post.")
    author: PersonRef
    group: GroupRef | None
    intro: str
    created_at: datetime
    is_anonymous: bool
    has_leaderboard: bool
    questions: list[QuizQuestionOut]
    taker_count: int
    has_taken: bool
    can_take: bool
    my_result: QuizResultOut | None = Field(
        description="One's own score and the right answers (named quizzes)."
    )
    leaderboard: list[LeaderOut]


class AnswersIn(Schema):
    answers: list[list[int]] = Field(
        max_length=20,
        description="Per question, in order, the indexes of the chosen options.",
    )


def _build_poll(state: PollState) -> dict[str, Any]:
    poll = state.poll
    post = poll.post
    return {
        "id": post.pk,
        "author": build_person_ref(post.author),
        "group": build_group_ref(post.group),
        "question": post.body,
        "created_at": post.created_at,
        "options": [
            {"id": o.pk, "label": o.text, "is_other": o.is_other} for o in state.options
        ],
        "is_multiple": poll.is_multiple,
        "allows_other": poll.allows_other,
        "is_anonymous": poll.is_anonymous,
        "results_shown": poll.results_shown,
        "closes_at": poll.closes_at,
        "is_closed": state.is_closed,
        "voter_count": state.voter_count,
        "has_voted": state.has_voted,
        "my_option_ids": sorted(state.my_option_ids),
        "can_vote": state.can_vote,
        "can_close": state.can_close,
        "results_visible": state.results_visible,
        "results": [
            {
                "option_id": r.option.pk,
                "count": r.count,
                "percent": r.percent,
                "voters": [build_person_ref(p) for p in r.voters],
            }
            for r in state.results
        ]
        if state.results_visible
        else None,
        "free_answers": state.free_answers if state.results_visible else None,
        "departments": [{"name": c.name, "counts": c.counts} for c in state.breakdown]
        if state.results_visible and state.is_closed
        else None,
    }


def _build_result(result: QuizResult) -> dict[str, Any]:
    return {
        "score": result.score,
        "total": result.total,
        "questions": [
            {
                "text": item.question.text,
                "chosen": item.chosen,
                "correct": item.question.correct,
                "is_correct": item.is_correct,
                "explanation": item.question.explanation,
            }
            for item in result.questions
        ],
    }


def _build_quiz(state: QuizState) -> dict[str, Any]:
    quiz = state.quiz
    post = quiz.post
    return {
        "id": post.pk,
        "author": build_person_ref(post.author),
        "group": build_group_ref(post.group),
        "intro": post.body,
        "created_at": post.created_at,
        "is_anonymous": quiz.is_anonymous,
        "has_leaderboard": quiz.shows_leaderboard,
        "questions": [
            {"text": q.text, "options": q.options, "is_multiple": len(q.correct) > 1}
            for q in state.questions
        ],
        "taker_count": state.taker_count,
        "has_taken": state.has_taken,
        "can_take": state.can_take,
        "my_result": _build_result(state.result) if state.result else None,
        "leaderboard": [
            {"person": build_person_ref(a.taker), "score": a.score or 0}
            for a in state.leaderboard
        ],
    }


@router.get(
    "/polls", response=PollListOut, summary="Polls the reader may see, newest first"
)
def poll_list(
    request: ApiRequest,
    before: int | None = Query(None, ge=1, le=MAX_ID, description="A cursor"),
    limit: Limit = 20,
) -> dict[str, Any]:
    qs = visible_polls(request.auth).select_related("post__author", "post__group")
    if before:
        qs = qs.filter(pk__lt=before)
    polls = list(qs.order_by("-pk")[: limit + 1])
    more = len(polls) > limit
    polls = polls[:limit]
    states = get_poll_states(request.auth, polls)
    return {
        "items": [_build_poll(states[p.pk]) for p in polls],
        "next_cursor": polls[-1].pk if more else None,
    }


@router.post("/polls", response={201: PollOut}, summary="Publish a poll")
def poll_create(request: ApiRequest, payload: PollIn) -> Status:
    with transaction.atomic(durable=True):
        group = (
            access_group(request.auth, group_id=payload.group_id)
            if payload.group_id
            else None
        )
        post = check_create_poll(
            request.auth,
            question=payload.question,
            options=payload.options,
            title=payload.title,
            group=group,
            is_multiple=payload.is_multiple,
            allows_other=payload.allows_other,
            is_anonymous=payload.is_anonymous,
            results_shown=payload.results_shown,
            closes_at=payload.closes_at,
            language=payload.language,
            justification=payload.justification,
            source="api",
        )
    poll = Poll.objects.select_related("post__author", "post__group").get(pk=post.pk)
    return Status(201, _build_poll(get_poll_state(request.auth, poll)))


@router.get(
    "/polls/{post_id}",
    response=PollOut,
    summary="A poll, with its results when visible",
)
def poll_detail(request: ApiRequest, post_id: int = PostId) -> dict[str, Any]:
    poll = access_poll(request.auth, post_id)
    return _build_poll(get_poll_state(request.auth, poll))


@router.post(
    "/polls/{post_id}/votes",
    response=PollOut,
    summary="Vote (again, in a named poll: the new vote replaces the old)",
)
def poll_vote(
    request: ApiRequest, payload: VoteIn, post_id: int = PostId
) -> dict[str, Any]:
    poll = access_poll(request.auth, post_id)
    with transaction.atomic(durable=True):
        check_vote(
            request.auth, poll, option_ids=payload.option_ids, other=payload.other
        )
    poll.refresh_from_db()
    return _build_poll(get_poll_state(request.auth, poll))


@router.post(
    "/polls/{post_id}/close",
    response=PollOut,
    summary="Close a poll now (its author or a group admin)",
)
def poll_close(request: ApiRequest, post_id: int = PostId) -> dict[str, Any]:
    poll = access_poll(request.auth, post_id)
    with transaction.atomic(durable=True):
        check_close_poll(request.auth, poll)
    poll.refresh_from_db()
    return _build_poll(get_poll_state(request.auth, poll))


@router.post("/quizzes", response={201: QuizOut}, summary="Publish a quiz")
def quiz_create(request: ApiRequest, payload: QuizIn) -> Status:
    with transaction.atomic(durable=True):
        group = (
            access_group(request.auth, group_id=payload.group_id)
            if payload.group_id
            else None
        )
        post = check_create_quiz(
            request.auth,
            intro=payload.intro,
            questions=[q.model_dump() for q in payload.questions],
            title=payload.title,
            group=group,
            is_anonymous=payload.is_anonymous,
            has_leaderboard=payload.has_leaderboard,
            language=payload.language,
            justification=payload.justification,
            source="api",
        )
    quiz = access_quiz(request.auth, post.pk)
    return Status(201, _build_quiz(get_quiz_state(request.auth, quiz)))


@router.get(
    "/quizzes/{quiz_id}",
    response=QuizOut,
    summary="A quiz: its questions (the right answers only in one's own result)",
)
def quiz_detail(request: ApiRequest, quiz_id: int = PostId) -> dict[str, Any]:
    quiz = access_quiz(request.auth, quiz_id)
    return _build_quiz(get_quiz_state(request.auth, quiz))


@router.post(
    "/quizzes/{quiz_id}/answers",
    response={201: QuizResultOut},
    summary="Submit one's answers once: the score, right answers and explanations",
)
def quiz_answer(
    request: ApiRequest, payload: AnswersIn, quiz_id: int = PostId
) -> Status:
    quiz = access_quiz(request.auth, quiz_id)
    with transaction.atomic(durable=True):
        result = check_take_quiz(request.auth, quiz, payload.answers)
    return Status(201, _build_result(result))
