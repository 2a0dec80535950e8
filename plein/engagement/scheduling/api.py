"""Drafts, scheduled posts and the content calendar in the API.

Registered in plein/api/main.py. Every id passes ``access_scheduled``
(missing and hidden answer the same 404) and every change a scheduling
action, which publishes through the same form and function as the web.
A plain post is described by ``body``, ``title``, ``group_id`` and
``language``; any other schedulable (``source``: "poll", "quiz", "kudos")
by ``data``, the fields of its web form (see docs/scheduled-posts.md).
"""

import zoneinfo
from datetime import datetime
from typing import Any, Literal, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from plein.access.groups import access_group
from plein.access.scheduling import access_scheduled
from plein.api.http import ApiRequest
from plein.api.schemas import (
    MAX_ID,
    BodyText,
    GroupRef,
    Id,
    PersonRef,
    Text5,
    Text20,
    Text1000,
)
from plein.api.serializers import build_group_ref, build_person_ref
from plein.core.errors import InvalidInput
from plein.engagement.scheduling import queries
from plein.engagement.scheduling.actions import (
    check_cancel_scheduled,
    check_delete_scheduled,
    check_publish_scheduled_now,
    check_save_scheduled,
)
from plein.engagement.scheduling.models import ScheduledPost, State

router = Router(tags=["scheduled posts"])

ItemId = Path(..., ge=1, le=MAX_ID)
PeriodStart = Query(..., description="From (a time without offset: one's zone).")
PeriodEnd = Query(..., description="Until, at most 92 days after ``since``.")
FormValue = str | int | bool | list[str | int]
# The composer's field names → the API's, for errors on a plain post.
POST_FIELDS = {"group": "group_id"}


class ScheduledOut(Schema):
    id: int
    source: str = Field(description='"post", "poll", "quiz" or "kudos"')
    kind: str = Field(description="The kind of post it becomes.")
    is_announcement: bool = Field(description="A post with required readers.")
    state: str = Field(
        description='"draft", "scheduled", "published", "failed" or "cancelled"'
    )
    publish_at: datetime | None
    published_at: datetime | None
    post_id: int | None
    author: PersonRef
    group: GroupRef | None = Field(description="None: the author's profile.")
    title: str
    text: str
    failure_reason: str = Field(description="Why it failed (the author only).")
    data: dict[str, list[str]] | None = Field(
        description="The form's fields as stored (the author only)."
    )
    created_at: datetime
    updated_at: datetime


class ScheduledIn(Schema):
    source: Text20 = "post"
    state: Literal["draft", "scheduled"] = "scheduled"
    publish_at: datetime | None = Field(
        None, description="Required to schedule: in the future, within a year."
    )
    body: BodyText | None = None
    title: Text1000 | None = None
    group_id: Id | None = None
    language: Text5 | None = None
    data: dict[str, FormValue] = Field(
        default_factory=dict,
        description="The web form's fields (other sources; extra fields of a post "
        "such as required_readers).",
    )


class ScheduledPatchIn(Schema):
    state: Literal["draft", "scheduled"] | None = None
    publish_at: datetime | None = None
    body: BodyText | None = None
    title: Text1000 | None = None
    group_id: Id | None = None
    language: Text5 | None = None
    data: dict[str, FormValue] | None = None


class PublishedOut(Schema):
    post_id: int
    scheduled: ScheduledOut


def _build(user: Any, item: ScheduledPost) -> dict[str, Any]:
    mine = item.author_id == user.pk
    return {
        "id": item.pk,
        "source": item.source,
        "kind": item.kind,
        "is_announcement": item.is_announcement,
        "state": item.state,
        "publish_at": item.publish_at,
        "published_at": item.published_at,
        "post_id": item.post_id,
        "author": build_person_ref(item.author),
        "group": build_group_ref(item.group),
        "title": item.title,
        "text": item.text,
        "failure_reason": item.failure_reason if mine else "",
        "data": item.data if mine else None,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


def _aware(user: Any, value: datetime | None) -> datetime | None:
    """A time without an offset is in the person's time zone."""
    if value is None or timezone.is_aware(value):
        return value
    try:
        zone = zoneinfo.ZoneInfo(user.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("Europe/Amsterdam")
    return value.replace(tzinfo=zone)


def _data(
    payload: ScheduledIn | ScheduledPatchIn, base: dict[str, Any]
) -> dict[str, Any]:
    data: dict[str, Any] = dict(base)
    if payload.data is not None:
        data.update(payload.data)
    for name in ("body", "title", "language"):
        value = getattr(payload, name)
        if value is not None:
            data[name] = value
    if payload.group_id is not None:
        data["group"] = str(payload.group_id)
    return data


def _save(
    request: ApiRequest,
    payload: ScheduledIn | ScheduledPatchIn,
    *,
    source: str,
    state: str,
    publish_at: datetime | None,
    base: dict[str, Any],
    item: ScheduledPost | None = None,
) -> ScheduledPost:
    user = request.auth
    try:
        with transaction.atomic(durable=True):
            return check_save_scheduled(
                user,
                source=source,
                data=_data(payload, base),
                schedule=state == State.SCHEDULED,
                publish_at=_aware(user, publish_at),
                item=item,
                origin="api",
            )
    except InvalidInput as error:
        if source == "post" and error.field in POST_FIELDS:
            error.field = POST_FIELDS[error.field]
        raise


@router.get(
    "/scheduled-posts",
    response=list[ScheduledOut],
    summary="One's drafts and scheduled posts",
)
def scheduled_list(
    request: ApiRequest,
    state: Literal["draft", "scheduled", "published", "failed", "cancelled"]
    | None = Query(None),
) -> list[dict[str, Any]]:
    items = queries.list_my_items(request.auth, [state] if state else None)
    return [_build(request.auth, item) for item in items.select_related("author")[:200]]


@router.post(
    "/scheduled-posts",
    response={201: ScheduledOut},
    summary="Save a draft or schedule a post",
)
def scheduled_create(request: ApiRequest, payload: ScheduledIn) -> Status:
    if payload.group_id is not None:
        # Named as the API names it: a group one cannot see is not there.
        access_group(request.auth, group_id=payload.group_id)
    item = _save(
        request,
        payload,
        source=payload.source,
        state=payload.state,
        publish_at=payload.publish_at,
        base={},
    )
    return Status(201, _build(request.auth, item))


@router.get(
    "/scheduled-posts/{item_id}",
    response=ScheduledOut,
    summary="A draft or scheduled post",
)
def scheduled_detail(request: ApiRequest, item_id: int = ItemId) -> dict[str, Any]:
    return _build(request.auth, access_scheduled(request.auth, item_id))


@router.patch(
    "/scheduled-posts/{item_id}",
    response=ScheduledOut,
    summary="Change, reschedule or turn into a draft",
)
def scheduled_update(
    request: ApiRequest, payload: ScheduledPatchIn, item_id: int = ItemId
) -> dict[str, Any]:
    item = access_scheduled(request.auth, item_id, for_write=True)
    if payload.group_id is not None:
        access_group(request.auth, group_id=payload.group_id)
    state = payload.state or (
        State.SCHEDULED if item.state == State.SCHEDULED else State.DRAFT
    )
    publish_at = payload.publish_at or item.publish_at
    saved = _save(
        request,
        payload,
        source=item.source,
        state=state,
        publish_at=publish_at,
        base=item.data,
        item=item,
    )
    return _build(request.auth, saved)


@router.delete(
    "/scheduled-posts/{item_id}",
    response={204: None},
    summary="Delete a draft or scheduled post",
)
def scheduled_delete(request: ApiRequest, item_id: int = ItemId) -> Status:
    item = access_scheduled(request.auth, item_id)
    with transaction.atomic(durable=True):
        check_delete_scheduled(request.auth, item)
    return Status(204, None)


@router.post(
    "/scheduled-posts/{item_id}/publish",
    response=PublishedOut,
    summary="Publish a draft or scheduled post now",
)
def scheduled_publish(request: ApiRequest, item_id: int = ItemId) -> dict[str, Any]:
    item = access_scheduled(request.auth, item_id, for_write=True)
    with transaction.atomic(durable=True):
        post = check_publish_scheduled_now(request.auth, item)
    item.refresh_from_db()
    return {"post_id": post.pk, "scheduled": _build(request.auth, item)}


@router.post(
    "/scheduled-posts/{item_id}/cancel",
    response=ScheduledOut,
    summary="Cancel a scheduled post",
)
def scheduled_cancel(request: ApiRequest, item_id: int = ItemId) -> dict[str, Any]:
    item = access_scheduled(request.auth, item_id, for_write=True)
    with transaction.atomic(durable=True):
        check_cancel_scheduled(request.auth, item)
    return _build(request.auth, item)


@router.get(
    "/content-calendar",
    response=list[ScheduledOut],
    summary="Planned and published posts in a period (the content calendar)",
)
def content_calendar(
    request: ApiRequest,
    since: datetime = PeriodStart,
    until: datetime = PeriodEnd,
    group_id: int | None = Query(None, ge=1, le=MAX_ID),
) -> list[dict[str, Any]]:
    user = request.auth
    since_at = cast(datetime, _aware(user, since))
    until_at = cast(datetime, _aware(user, until))
    if until_at <= since_at or (until_at - since_at).days > 92:
        raise InvalidInput(
            _("Give a period of at most 92 days, ending after it starts."),
            field="until",
        )
    group = access_group(user, group_id=group_id) if group_id else None
    items = queries.list_calendar_items(user, since_at, until_at, group=group)
    return [_build(user, item) for item in items]
