"""Reports and moderation: report content, read the queue, record decisions.

Reporting content one cannot see answers 404, as for a missing post. The
queue and decisions answer 404 to people who moderate nothing. No answer
names the people who reported something.
"""

from datetime import datetime
from typing import Annotated, Any, Literal

from django.db import transaction
from ninja import Query, Router, Schema, Status
from pydantic import Field, StringConstraints

from plein.access.moderation import can_use_moderation_queue
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, GroupRef, Id, NoNul, PersonRef
from plein.api.serializers import build_group_ref, build_person_ref
from plein.core.errors import NotFound
from plein.governance.moderation import queries
from plein.governance.moderation.actions import (
    NOTE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    check_create_report,
    check_decide,
)
from plein.governance.moderation.models import Decision, Report

router = Router(tags=["moderation"])

# The values of ``Reason`` and ``Action``, spelled out for the type checker;
# test_api_moderation checks that they stay equal to the models' choices.
ReasonParam = Literal["leak", "personal_data", "harassment", "spam", "other"]
ActionParam = Literal["keep", "hide", "delete", "warn"]
NoteText = Annotated[str, StringConstraints(max_length=NOTE_MAX_LENGTH), NoNul]
ReasonText = Annotated[str, StringConstraints(max_length=REASON_MAX_LENGTH), NoNul]


class ReportIn(Schema):
    post_id: Id | None = None
    comment_id: Id | None = None
    reason: ReasonParam
    note: NoteText = ""


class ReportOut(Schema):
    id: int
    post_id: int
    comment_id: int | None
    reason: str
    status: Literal["received", "resolved"]
    created_at: datetime
    resolved_at: datetime | None


class ReportListOut(Schema):
    items: list[ReportOut]


class ReasonCount(Schema):
    reason: str
    count: int


class QueueItemOut(Schema):
    post_id: int
    comment_id: int | None
    author: PersonRef | None
    group: GroupRef | None
    excerpt: str
    withheld_reason: str
    report_count: int
    reasons: list[ReasonCount]
    notes: list[str]
    last_reported_at: datetime | None
    warning_count: int


class DecisionIn(Schema):
    post_id: Id | None = None
    comment_id: Id | None = None
    action: ActionParam
    reason: ReasonText


class DecisionOut(Schema):
    id: int
    post_id: int
    comment_id: int | None
    action: str
    reason: str
    moderator: PersonRef | None
    author: PersonRef | None
    created_at: datetime
    closed_reports: int


class QueueOut(Schema):
    status: Literal["open", "decided"]
    items: list[QueueItemOut] = Field(default_factory=list)
    decisions: list[DecisionOut] = Field(default_factory=list)
    next_cursor: int | None = Field(None, description="Pass as before (decided)")


def _build_report(report: Report) -> dict[str, Any]:
    return {
        "id": report.pk,
        "post_id": report.post_id,
        "comment_id": report.comment_id,
        "reason": report.reason,
        "status": "resolved" if report.resolved_at else "received",
        "created_at": report.created_at,
        "resolved_at": report.resolved_at,
    }


def _build_item(item: queries.QueueItem) -> dict[str, Any]:
    target = item.target
    excerpt = item.comment.body if item.comment is not None else (item.post.title or "")
    if item.comment is None:
        excerpt = f"{excerpt} {item.post.body}".strip()
    return {
        "post_id": item.post.pk,
        "comment_id": item.comment.pk if item.comment is not None else None,
        "author": build_person_ref(target.author),
        "group": build_group_ref(item.post.group),
        "excerpt": excerpt[:400],
        "withheld_reason": target.withheld_reason,
        "report_count": item.report_count,
        "reasons": [
            {"reason": code, "count": count}
            for code, _label, count in item.reason_counts
        ],
        "notes": item.notes,
        "last_reported_at": item.last_reported_at,
        "warning_count": item.warning_count,
    }


def _build_decision(decision: Decision, closed: int | None = None) -> dict[str, Any]:
    return {
        "id": decision.pk,
        "post_id": decision.post_id,
        "comment_id": decision.comment_id,
        "action": decision.action,
        "reason": decision.reason,
        "moderator": build_person_ref(decision.moderator),
        "author": build_person_ref(decision.author),
        "created_at": decision.created_at,
        "closed_reports": decision.reports.count() if closed is None else closed,
    }


@router.post(
    "/reports",
    response={201: ReportOut},
    summary="Report a post or a comment (give exactly one of post_id, comment_id)",
)
def report_create(request: ApiRequest, payload: ReportIn) -> Status:
    user = request.auth
    with transaction.atomic(durable=True):
        report = check_create_report(
            user,
            post_id=payload.post_id,
            comment_id=payload.comment_id,
            reason=payload.reason,
            note=payload.note,
        )
    return Status(201, _build_report(report))


@router.get(
    "/reports",
    response=ReportListOut,
    summary="My own reports: received, or resolved by a moderator",
)
def report_list(request: ApiRequest) -> dict:
    user = request.auth
    return {"items": [_build_report(r) for r in queries.list_my_reports(user)]}


@router.get(
    "/moderation/queue",
    response=QueueOut,
    summary="Reported content awaiting a decision (open), or the decisions taken",
)
def moderation_queue(
    request: ApiRequest,
    status: Literal["open", "decided"] = "open",
    before: int | None = Query(None, ge=1, le=MAX_ID),
    limit: int = Query(50, ge=1, le=100),
) -> dict:
    user = request.auth
    if not can_use_moderation_queue(user):
        raise NotFound()
    if status == "open":
        return {
            "status": status,
            "items": [_build_item(i) for i in queries.list_open_queue(user)],
        }
    rows = queries.list_decisions(user, before=before, limit=limit + 1)
    decisions = rows[:limit]
    return {
        "status": status,
        "decisions": [_build_decision(d) for d in decisions],
        "next_cursor": decisions[-1].pk if len(rows) > limit and decisions else None,
    }


@router.post(
    "/moderation/decisions",
    response={201: DecisionOut},
    summary="Decide on a reported post or comment: keep, hide, delete or warn",
)
def moderation_decide(request: ApiRequest, payload: DecisionIn) -> Status:
    user = request.auth
    if not can_use_moderation_queue(user):
        raise NotFound()
    with transaction.atomic(durable=True):
        decision = check_decide(
            user,
            post_id=payload.post_id,
            comment_id=payload.comment_id,
            action=payload.action,
            reason=payload.reason,
        )
    return Status(201, _build_decision(decision))
