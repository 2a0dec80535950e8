"""Required reading: naming readers, confirming, receipts, one's own list.

Post ids pass ``access_post`` (or ``access_receipts``), so missing and
invisible posts answer the same 404; writes go through the actions.
"""

from datetime import datetime

from django.db import transaction
from ninja import Path, Router, Schema
from pydantic import Field

from plein.access.announcements import access_receipts
from plein.access.posts import access_post
from plein.announcements.actions import check_confirm_reading, check_require_readers
from plein.announcements.queries import build_receipts, list_pending_readings
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, PersonRef, PostOut, RequiredReadersIn
from plein.api.serializers import build_person_ref, build_post

router = Router(tags=["announcements"])

PostId = Path(..., ge=1, le=MAX_ID)


class AnnouncementOut(Schema):
    post_id: int
    requires_action: bool
    due_at: datetime | None
    created_at: datetime
    reader_count: int


class ReadingOut(Schema):
    post_id: int
    requires_action: bool
    due_at: datetime | None
    opened_at: datetime | None
    confirmed_at: datetime | None


class ReceiptPersonOut(Schema):
    person: PersonRef
    department: str
    state: str = Field(description="confirmed, opened, neither or hidden")
    opened_at: datetime | None
    confirmed_at: datetime | None


class DepartmentReceiptOut(Schema):
    department: str
    total: int
    confirmed: int
    opened: int
    neither: int
    hidden: int


class ReceiptsOut(Schema):
    post_id: int
    requires_action: bool
    due_at: datetime | None
    total: int
    confirmed: int
    opened: int
    neither: int
    departments: list[DepartmentReceiptOut]
    people: list[ReceiptPersonOut]


class RequiredReadingOut(Schema):
    post: PostOut
    requires_action: bool
    due_at: datetime | None
    opened_at: datetime | None
    is_overdue: bool


@router.post(
    "/posts/{post_id}/required-readers",
    response=AnnouncementOut,
    summary="Name required readers of one's post (people, groups, departments)",
)
def required_readers_add(
    request: ApiRequest, payload: RequiredReadersIn, post_id: int = PostId
) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        post = access_post(user, post_id)
        announcement = check_require_readers(
            user,
            post,
            people=payload.people,
            group_ids=payload.group_ids,
            department_ids=payload.department_ids,
            requires_action=payload.requires_action,
            due_at=payload.due_at,
        )
    return {
        "post_id": post.pk,
        "requires_action": announcement.requires_action,
        "due_at": announcement.due_at,
        "created_at": announcement.created_at,
        "reader_count": announcement.readers.count(),
    }


@router.post(
    "/posts/{post_id}/confirm",
    response=ReadingOut,
    summary="Confirm reading (or doing) a post one is asked to read",
)
def reading_confirm(request: ApiRequest, post_id: int = PostId) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        post = access_post(user, post_id)
        reader = check_confirm_reading(user, post)
    return {
        "post_id": post.pk,
        "requires_action": reader.announcement.requires_action,
        "due_at": reader.announcement.due_at,
        "opened_at": reader.opened_at,
        "confirmed_at": reader.confirmed_at,
    }


@router.get(
    "/posts/{post_id}/receipts",
    response=ReceiptsOut,
    summary="Read receipts (author and group admins; hidden states stay hidden)",
)
def receipts_detail(request: ApiRequest, post_id: int = PostId) -> dict:
    user = request.auth
    post = access_receipts(user, post_id)
    receipts = build_receipts(user, post)
    announcement = receipts.announcement
    return {
        "post_id": post.pk,
        "requires_action": bool(announcement and announcement.requires_action),
        "due_at": announcement.due_at if announcement else None,
        "total": receipts.total,
        "confirmed": receipts.confirmed,
        "opened": receipts.opened,
        "neither": receipts.neither,
        "departments": [
            {
                "department": d.name,
                "total": d.total,
                "confirmed": d.confirmed,
                "opened": d.opened,
                "neither": d.neither,
                "hidden": d.hidden,
            }
            for d in receipts.departments
        ],
        "people": [
            {
                "person": build_person_ref(row.person),
                "department": row.department,
                "state": row.state,
                "opened_at": row.opened_at,
                "confirmed_at": row.confirmed_at,
            }
            for row in receipts.rows
        ],
    }


@router.get(
    "/me/required-reading",
    response=list[RequiredReadingOut],
    summary="Posts the caller still has to read, newest first",
)
def required_reading_list(request: ApiRequest) -> list[dict]:
    user = request.auth
    return [
        {
            "post": build_post(reading.announcement.post),
            "requires_action": reading.announcement.requires_action,
            "due_at": reading.announcement.due_at,
            "opened_at": reading.opened_at,
            "is_overdue": reading.is_overdue,
        }
        for reading in list_pending_readings(user)
    ]
