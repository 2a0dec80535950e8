"""The events endpoints of the API (registered in plein/api/main.py).

An event is a post of kind "event"; its id is the post's id. Every id
passes through ``plein.access`` (missing and invisible answer the same 404)
and every write through an events action. ``GET /calendar/{id}.ics`` is
the event as an iCalendar file.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from plein.access.events import access_event
from plein.access.groups import can_view_group_content
from plein.api.http import ApiRequest
from plein.api.lookups import access_group_param
from plein.api.schemas import (
    MAX_ID,
    BodyText,
    GroupRef,
    Id,
    PersonRef,
    Text5,
    Text10,
    Text200,
    Text500,
    Text1000,
)
from plein.api.serializers import build_group_ref, build_person_ref
from plein.core.errors import InvalidInput, NotFound
from plein.engagement.events import queries
from plein.engagement.events.actions import (
    build_details,
    check_cancel_event,
    check_create_event,
    check_rsvp,
    check_update_event,
    current_details,
)
from plein.engagement.events.hooks import ICS_CONTENT_TYPE
from plein.engagement.events.models import Event, Rsvp

router = Router(tags=["events"])

PostId = Path(..., ge=1, le=MAX_ID)
MONTH_QUERY = Query(None, description="YYYY-MM; default: upcoming.")
GROUP_QUERY = Query(None, ge=1, le=MAX_ID)


class OccurrenceOut(Schema):
    starts_at: datetime
    ends_at: datetime


class CountsOut(Schema):
    going: int
    maybe: int
    no: int
    waiting: int


class EventOut(Schema):
    id: int = Field(description="The id of the event's post.")
    title: str
    body: str
    body_html: str
    author: PersonRef
    group: GroupRef | None
    starts_at: datetime = Field(description="The first occurrence's start.")
    ends_at: datetime
    time_zone: str
    location: str
    online_url: str
    capacity: int | None
    rrule: str = Field(description='RFC 5545 RRULE, "" for a single event.')
    cancelled_at: datetime | None = Field(description="Null unless called off.")
    occurrences: list[OccurrenceOut]
    counts: CountsOut
    my_answer: str | None = Field(description="yes, maybe, no, or null.")
    is_waiting: bool = Field(description="My yes is on the waiting list.")
    url: str
    ics_url: str


class EventListOut(Schema):
    items: list[EventOut]


class AttendeesOut(Schema):
    going: list[PersonRef]
    maybe: list[PersonRef]
    waiting: list[PersonRef]


class EventDetailOut(EventOut):
    attendees: AttendeesOut


class EventIn(Schema):
    title: Text1000
    body: BodyText = ""
    starts_at: datetime = Field(description="With a time zone offset.")
    ends_at: datetime
    location: Text200 = ""
    online_url: Text1000 = ""
    capacity: int | None = Field(None, ge=1, le=100_000)
    repeat: Text10 = Field("", description='"", "WEEKLY" or "MONTHLY".')
    repeat_count: int | None = Field(None, description="2 to 104 occurrences.")
    group_id: Id | None = None
    language: Text5 | None = None
    justification: Text500 = ""


class EventChangeIn(Schema):
    """Only the fields given change; the title and text are the post's."""

    starts_at: datetime | None = Field(None, description="With a time zone offset.")
    ends_at: datetime | None = None
    location: Text200 | None = None
    online_url: Text1000 | None = None
    capacity: int | None = Field(None, ge=1, le=100_000)
    no_capacity: bool = Field(False, description="true: remove the limit.")
    repeat: Text10 | None = Field(None, description='"", "WEEKLY" or "MONTHLY".')
    repeat_count: int | None = Field(None, description="2 to 104 occurrences.")


class RsvpIn(Schema):
    answer: Text5 = Field(description="yes, maybe or no.")


class RsvpOut(Schema):
    event_id: int
    answer: str
    is_waiting: bool
    counts: CountsOut


def _build_event(
    event: Event,
    counts: queries.Counts,
    mine: Rsvp | None,
    occurrences: list[Any],
) -> dict[str, Any]:
    post = event.post
    return {
        "id": post.pk,
        "title": post.title,
        "body": post.body,
        "body_html": post.body_html,
        "author": build_person_ref(post.author),
        "group": build_group_ref(post.group),
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "time_zone": event.time_zone,
        "location": event.location,
        "online_url": event.online_url,
        "capacity": event.capacity,
        "rrule": event.rrule,
        "cancelled_at": event.cancelled_at,
        "occurrences": [
            {"starts_at": o.starts_at, "ends_at": o.ends_at} for o in occurrences
        ],
        "counts": counts.__dict__,
        "my_answer": mine.answer if mine else None,
        "is_waiting": bool(mine and mine.is_waiting),
        "url": reverse("events:detail", args=[post.pk]),
        "ics_url": reverse("api:event_ics", kwargs={"post_id": post.pk}),
    }


def _build_detail(user: Any, event: Event) -> dict[str, Any]:
    page = queries.get_event_page(user, event)
    data = _build_event(event, page.counts, page.my_rsvp, page.occurrences)
    data["attendees"] = {
        "going": [build_person_ref(p) for p in page.going],
        "maybe": [build_person_ref(p) for p in page.maybe],
        "waiting": [build_person_ref(p) for p in page.waiting],
    }
    return data


@router.get(
    "/events",
    response=EventListOut,
    summary="Events one may see: upcoming, or those of one month",
)
def event_list(
    request: ApiRequest,
    month: Text10 | None = MONTH_QUERY,
    group_id: int | None = GROUP_QUERY,
) -> dict[str, Any]:
    user = request.auth
    group = access_group_param(user, group_id)
    if group is not None and not can_view_group_content(user, group):
        raise NotFound(field="group_id")
    if month is None:
        occurrences = queries.list_upcoming(user, group=group)
    else:
        first = queries.parse_month(month)
        if first is None:
            raise InvalidInput("Give the month as YYYY-MM.", field="month")
        since, until = queries.build_month_range(first)
        occurrences = queries.list_occurrences(user, since, until, group=group)
    by_event: dict[int, list[Any]] = {}
    events: dict[int, Event] = {}
    for occurrence in occurrences:
        by_event.setdefault(occurrence.event.pk, []).append(occurrence)
        events[occurrence.event.pk] = occurrence.event
    counts = queries.count_answers(list(events))
    mine = {
        r.event_id: r
        for r in Rsvp.objects.filter(event_id__in=list(events), user_id=user.pk)
    }
    return {
        "items": [
            _build_event(
                event,
                counts.get(pk, queries.Counts()),
                mine.get(pk),
                by_event[pk],
            )
            for pk, event in events.items()
        ]
    }


@router.post(
    "/events",
    response={201: EventDetailOut},
    summary="Plan an event (announced as a post, in a group or not)",
)
def event_create(request: ApiRequest, payload: EventIn) -> Status:
    user = request.auth
    data = payload.dict()
    with transaction.atomic(durable=True):
        group = access_group_param(user, payload.group_id)
        post = check_create_event(
            user,
            build_details(data),
            title=payload.title,
            body=payload.body,
            group=group,
            language=payload.language,
            justification=payload.justification,
            source="api",
        )
    return Status(201, _build_detail(user, access_event(user, post.pk)))


@router.get(
    "/events/{post_id}",
    response=EventDetailOut,
    summary="An event with its answers and who comes",
)
def event_detail(request: ApiRequest, post_id: int = PostId) -> dict[str, Any]:
    user = request.auth
    return _build_detail(user, access_event(user, post_id))


@router.patch(
    "/events/{post_id}",
    response=EventDetailOut,
    summary="Change when and where (organiser or group admin)",
)
def event_update(
    request: ApiRequest, payload: EventChangeIn, post_id: int = PostId
) -> dict[str, Any]:
    user = request.auth
    given = payload.dict(exclude_unset=True)
    no_capacity = given.pop("no_capacity", False)
    with transaction.atomic(durable=True):
        event = access_event(user, post_id)
        data = {
            **current_details(event),
            "starts_at": event.starts_at,
            "ends_at": event.ends_at,
        }
        data.update({key: value for key, value in given.items() if value is not None})
        if no_capacity:
            data["capacity"] = None
        check_update_event(user, event, build_details(data))
    return _build_detail(user, access_event(user, post_id))


@router.post(
    "/events/{post_id}/cancel",
    response=EventDetailOut,
    summary="Call the event off (organiser or group admin)",
)
def event_cancel(request: ApiRequest, post_id: int = PostId) -> dict[str, Any]:
    user = request.auth
    with transaction.atomic(durable=True):
        event = access_event(user, post_id)
        check_cancel_event(user, event)
    return _build_detail(user, access_event(user, post_id))


@router.post(
    "/events/{post_id}/rsvp",
    response=RsvpOut,
    summary="Answer yes, maybe or no (a yes beyond capacity waits)",
)
def event_rsvp(
    request: ApiRequest, payload: RsvpIn, post_id: int = PostId
) -> dict[str, Any]:
    user = request.auth
    with transaction.atomic(durable=True):
        event = access_event(user, post_id)
        rsvp = check_rsvp(user, event, payload.answer)
    counts = queries.count_answers([event.pk]).get(event.pk, queries.Counts())
    return {
        "event_id": event.pk,
        "answer": rsvp.answer,
        "is_waiting": rsvp.is_waiting,
        "counts": counts.__dict__,
    }


@router.get(
    "/calendar/{post_id}.ics",
    url_name="event_ics",
    response={200: None},
    summary="The event as an iCalendar file",
    openapi_extra={
        "responses": {
            # The same key as response={200: ...}: a string "200" would be a
            # second, duplicate key in the JSON document.
            200: {
                "description": "text/calendar (RFC 5545)",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
def event_ics(request: ApiRequest, post_id: int = PostId) -> HttpResponse:
    event = access_event(request.auth, post_id)
    response = HttpResponse(
        queries.build_event_ics(event), content_type=ICS_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response
