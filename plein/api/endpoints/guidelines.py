"""The social-media guidelines: read the current version and accept it.

Posting and commenting answer 403 ``guidelines_not_accepted`` (with ``url``)
until the caller has accepted the current material version.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from ninja import Router, Schema
from pydantic import Field

from plein.api.http import ApiRequest
from plein.core.markdown import render_markdown
from plein.governance.guidelines import queries
from plein.governance.guidelines.actions import check_accept_guidelines

router = Router(tags=["guidelines"])


class QuizQuestionOut(Schema):
    id: int
    text: str
    choices: list[str]


class GuidelinesVersionOut(Schema):
    number: int
    title: str
    body: str
    body_html: str
    is_material: bool
    quiz_required: bool
    published_at: datetime


class GuidelinesOut(Schema):
    version: GuidelinesVersionOut | None
    accepted: bool = Field(description="The caller accepted exactly this version.")
    may_publish: bool = Field(
        description="The caller may post and comment as far as the guidelines "
        "are concerned (accepted the newest material version, or none is required)."
    )
    quiz: list[QuizQuestionOut] = Field(
        description="Questions to answer when the version requires the quiz."
    )


class QuizAnswerIn(Schema):
    question_id: int = Field(ge=1, le=2**31 - 1)
    choice: int = Field(ge=1, le=100, description="1-based, as listed in choices.")


class AcceptIn(Schema):
    version: int | None = Field(
        None,
        ge=1,
        le=2**31 - 1,
        description="The version that was read; a newer one answers 409.",
    )
    answers: list[QuizAnswerIn] = Field(default_factory=list, max_length=200)


def _build(user: Any) -> dict[str, Any]:
    version = queries.current_version()
    questions = queries.quiz_questions() if version and version.quiz_required else []
    return {
        "version": {
            "number": version.number,
            "title": version.title,
            "body": version.body,
            "body_html": render_markdown(version.body).html,
            "is_material": version.is_material,
            "quiz_required": version.quiz_required,
            "published_at": version.published_at,
        }
        if version
        else None,
        "accepted": queries.has_accepted_current(user),
        "may_publish": queries.has_accepted(user),
        "quiz": [{"id": q.pk, "text": q.text, "choices": q.choices} for q in questions],
    }


@router.get("", response=GuidelinesOut, summary="The current guidelines")
def guidelines_current(request: ApiRequest) -> dict:
    return _build(request.user)


@router.post("/accept", response=GuidelinesOut, summary="Accept the guidelines")
def guidelines_accept(request: ApiRequest, payload: AcceptIn) -> dict:
    """Accept the current version; with the quiz, every answer must be right.

    Wrong or missing answers: 400 ``quiz_not_passed`` with ``wrong``, the ids
    of the questions to try again.
    """
    with transaction.atomic(durable=True):
        check_accept_guidelines(
            request.user,
            version_number=payload.version,
            answers={a.question_id: a.choice for a in payload.answers},
        )
    return _build(request.user)
