"""Questions and answers: ask, answer, vote, accept, invite and suggestions.

A question is a post of kind "question"; its answers are the post's
top-level comments. Every id passes through ``plein.access`` (missing and
invisible answer the same 404) and every write through a qna action.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from plein.access.qna import access_answer, access_question
from plein.api.http import ApiRequest
from plein.api.lookups import access_group_param
from plein.api.schemas import (
    MAX_ID,
    BodyText,
    GroupRef,
    Id,
    LongQuery,
    PersonRef,
    ShortQuery,
    Text5,
    Text70,
    Text500,
    Text1000,
)
from plein.api.serializers import build_comment, build_group_ref, build_person_ref
from plein.core.errors import InvalidInput, NotFound
from plein.knowledge.qna import queries
from plein.knowledge.qna.actions import (
    check_accept_answer,
    check_answer,
    check_ask_question,
    check_invite_to_answer,
    check_vote,
)
from plein.knowledge.qna.models import Question
from plein.people.models import User
from plein.posts.models import Comment, Post

router = Router(tags=["questions"])

PostId = Path(..., ge=1, le=MAX_ID)
AnswerId = Path(..., ge=1, le=MAX_ID)
TAG_QUERY = Query(None, description="A tag (hashtag name, without #).")
TEXT_QUERY = Query(..., description="The question being typed.")


class QuestionOut(Schema):
    id: int = Field(description="The id of the question's post.")
    author: PersonRef
    group: GroupRef | None
    title: str
    body: str
    body_html: str
    language: str
    tags: list[str]
    created_at: datetime
    edited_at: datetime | None
    is_answered: bool
    answer_count: int
    accepted_answer_id: int | None
    url: str


class ReplyOut(Schema):
    id: int
    author: PersonRef
    body: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None


class AnswerOut(ReplyOut):
    vote_count: int
    has_my_vote: bool
    is_accepted: bool
    is_withheld: bool = Field(
        description="Held back from readers; only its author sees it."
    )
    replies: list[ReplyOut]


class QuestionDetailOut(QuestionOut):
    can_accept: bool
    answers: list[AnswerOut] = Field(
        description="Accepted first, then by votes, then oldest first."
    )


class QuestionListOut(Schema):
    items: list[QuestionOut]
    next_cursor: int | None


class AskIn(Schema):
    title: Text1000
    body: BodyText
    tags: list[Text70] = Field(default_factory=list, max_length=50)
    group_id: Id | None = None
    language: Text5 | None = None
    justification: Text500 = ""


class AnswerIn(Schema):
    body: BodyText
    justification: Text500 = ""


class AcceptIn(Schema):
    answer_id: Id


class VoteOut(Schema):
    answer_id: int
    vote_count: int
    has_my_vote: bool


class InviteIn(Schema):
    people: list[Id] = Field(max_length=100, description="Ids of colleagues.")


class InviteOut(Schema):
    invited: int = Field(description="How many were told now (once per person).")


class RelatedQuestionOut(Schema):
    id: int
    title: str
    is_answered: bool
    answer_count: int
    group_name: str | None
    url: str


class RelatedPageOut(Schema):
    id: int
    title: str
    url: str


class RelatedOut(Schema):
    questions: list[RelatedQuestionOut]
    pages: list[RelatedPageOut]


def _build_question(
    question: Question, *, is_answered: bool, answer_count: int
) -> dict[str, Any]:
    post = question.post
    return {
        "id": post.pk,
        "author": build_person_ref(post.author),
        "group": build_group_ref(post.group),
        "title": post.title,
        "body": post.body,
        "body_html": post.body_html,
        "language": post.language,
        "tags": question.tag_list,
        "created_at": post.created_at,
        "edited_at": post.edited_at,
        "is_answered": bool(is_answered),
        "answer_count": answer_count,
        "accepted_answer_id": question.accepted_answer_id if is_answered else None,
        "url": reverse("qna:detail", args=[post.pk]),
    }


def _build_reply(comment: Comment) -> dict[str, Any]:
    data = build_comment(comment)
    return {k: data[k] for k in ReplyOut.model_fields}


def _build_detail(user: User, post: Post) -> dict[str, Any]:
    page = queries.get_question_page(user, post)
    question = page.question
    question.post = page.post
    data = _build_question(
        question,
        is_answered=page.accepted_id is not None,
        answer_count=page.answer_count,
    )
    data["accepted_answer_id"] = page.accepted_id
    data["can_accept"] = page.can_accept
    data["answers"] = [
        {
            **_build_reply(answer),
            "vote_count": answer.vote_count,
            "has_my_vote": answer.has_my_vote,
            "is_accepted": answer.is_accepted,
            "is_withheld": answer.withheld_at is not None,
            "replies": [_build_reply(r) for r in answer.thread_replies],
        }
        for answer in page.answers
    ]
    return data


@router.get("", response=QuestionListOut, summary="Questions, newest first")
def question_list(
    request: ApiRequest,
    unanswered: bool = Query(
        False, description="Only questions without an accepted answer."
    ),
    answered: bool = Query(
        False, description="Only questions with an accepted answer."
    ),
    tag: ShortQuery | None = TAG_QUERY,
    group_id: int | None = Query(None, ge=1, le=MAX_ID),
    before: int | None = Query(None, ge=1, le=MAX_ID, description="next_cursor"),
    limit: int = Query(20, ge=1, le=100),
) -> dict:
    user = request.auth
    if unanswered and answered:
        raise InvalidInput("Choose unanswered or answered, not both.", field="answered")
    group = access_group_param(user, group_id)
    tab = "unanswered" if unanswered else "answered" if answered else "newest"
    rows, next_cursor = queries.list_questions(
        user, tab=tab, tag=tag, group=group, before=before, limit=limit
    )
    items = [
        _build_question(q, is_answered=q.is_answered, answer_count=q.answer_count)
        for q in rows
    ]
    return {"items": items, "next_cursor": next_cursor}


@router.post(
    "", response={201: QuestionDetailOut}, summary="Ask a question (in a group or not)"
)
def question_ask(request: ApiRequest, payload: AskIn) -> Status:
    user = request.auth
    with transaction.atomic(durable=True):
        group = access_group_param(user, payload.group_id)
        post = check_ask_question(
            user,
            title=payload.title,
            body=payload.body,
            group=group,
            tags=payload.tags,
            language=payload.language,
            justification=payload.justification,
        )
    return Status(201, _build_detail(user, post))


@router.get(
    "/related",
    response=RelatedOut,
    summary="Questions and wiki pages related to a text (before asking)",
)
def question_related(
    request: ApiRequest,
    text: LongQuery = TEXT_QUERY,
    limit: int = Query(5, ge=1, le=100),
) -> dict:
    user = request.auth
    related = queries.suggest_related(user, text, limit=limit)
    return {
        "questions": [
            {
                "id": q.post_id,
                "title": q.title,
                "is_answered": q.is_answered,
                "answer_count": q.answer_count,
                "group_name": q.group_name,
                "url": q.url,
            }
            for q in related.questions
        ],
        "pages": [
            {"id": p.page_id, "title": p.title, "url": p.url} for p in related.pages
        ],
    }


@router.get(
    "/{post_id}", response=QuestionDetailOut, summary="A question with its answers"
)
def question_detail(request: ApiRequest, post_id: int = PostId) -> dict:
    user = request.auth
    return _build_detail(user, access_question(user, post_id))


@router.post(
    "/{post_id}/answers", response={201: AnswerOut}, summary="Answer a question"
)
def answer_create(
    request: ApiRequest, payload: AnswerIn, post_id: int = PostId
) -> Status:
    user = request.auth
    with transaction.atomic(durable=True):
        post = access_question(user, post_id)
        answer = check_answer(
            user, post, body=payload.body, justification=payload.justification
        )
    return Status(
        201,
        {
            **_build_reply(answer),
            "vote_count": 0,
            "has_my_vote": False,
            "is_accepted": False,
            "is_withheld": answer.withheld_at is not None,
            "replies": [],
        },
    )


def _vote(request: ApiRequest, answer_id: int, *, up: bool) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        answer = access_answer(user, answer_id)
        count = check_vote(user, answer, up=up)
    return {"answer_id": answer.pk, "vote_count": count, "has_my_vote": up}


@router.post(
    "/answers/{answer_id}/vote",
    response=VoteOut,
    summary="Vote for an answer (once; not one's own)",
)
def answer_vote(request: ApiRequest, answer_id: int = AnswerId) -> dict:
    return _vote(request, answer_id, up=True)


@router.delete(
    "/answers/{answer_id}/vote", response=VoteOut, summary="Withdraw one's vote"
)
def answer_unvote(request: ApiRequest, answer_id: int = AnswerId) -> dict:
    return _vote(request, answer_id, up=False)


@router.post(
    "/{post_id}/accept",
    response=QuestionDetailOut,
    summary="Accept an answer (the asker or a group admin)",
)
def answer_accept(
    request: ApiRequest, payload: AcceptIn, post_id: int = PostId
) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        post = access_question(user, post_id)
        try:
            answer = access_answer(user, payload.answer_id)
        except NotFound:
            raise InvalidInput(
                _("Choose a published answer to this question."), field="answer_id"
            ) from None
        check_accept_answer(user, post, answer)
    return _build_detail(user, post)


@router.delete(
    "/{post_id}/accept",
    response=QuestionDetailOut,
    summary="Withdraw the acceptance (the asker or a group admin)",
)
def answer_unaccept(request: ApiRequest, post_id: int = PostId) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        post = access_question(user, post_id)
        check_accept_answer(user, post, None)
    return _build_detail(user, post)


@router.post(
    "/{post_id}/invite",
    response=InviteOut,
    summary="Ask colleagues to answer (only those who can see it are told)",
)
def question_invite(
    request: ApiRequest, payload: InviteIn, post_id: int = PostId
) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        post = access_question(user, post_id)
        invited = check_invite_to_answer(user, post, payload.people)
    return {"invited": invited}
