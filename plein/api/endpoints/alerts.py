"""Term alerts: personal and shared alerts, subscriptions and recent hits.

Another person's personal alert answers 404 like a missing one; a shared
alert is readable by everyone and changed by organisation admins only.
"""

from datetime import datetime
from typing import Annotated, Any, Literal

from django.db import transaction
from django.http import HttpResponse
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field, StringConstraints

from plein.access.alerts import access_alert, can_edit_alert
from plein.alerts import queries
from plein.alerts.actions import (
    check_create_alert,
    check_subscribe,
    check_unsubscribe,
    check_update_alert,
    do_delete_alert,
)
from plein.alerts.matching import MAX_QUERY_LENGTH
from plein.api.http import ApiRequest
from plein.api.schemas import (
    MAX_ID,
    GroupRef,
    NoNul,
    PersonRef,
    Text200,
    Text2100,
)
from plein.api.serializers import build_group_ref, build_person_ref
from plein.core.markdown import plain_text

router = Router(tags=["alerts"])

AlertId = Path(..., ge=1, le=MAX_ID)
FrequencyParam = Literal["instant", "daily", "weekly"]
ChannelParam = Literal["in_app", "email"]
QueryText = Annotated[str, StringConstraints(max_length=MAX_QUERY_LENGTH + 100), NoNul]


class SubscriptionOut(Schema):
    frequency: str
    channel: str
    created_at: datetime


class AlertOut(Schema):
    id: int
    name: str
    description: str
    query: str
    is_shared: bool
    is_active: bool
    can_edit: bool
    created_at: datetime
    subscription: SubscriptionOut | None


class AlertListOut(Schema):
    items: list[AlertOut]


class AlertCreateIn(Schema):
    name: Text200
    query: QueryText
    description: Text2100 = ""
    is_shared: bool = False
    frequency: FrequencyParam = "instant"
    channel: ChannelParam = "in_app"


class AlertUpdateIn(Schema):
    name: Text200 | None = None
    query: QueryText | None = None
    description: Text2100 | None = None
    is_active: bool | None = None
    frequency: FrequencyParam | None = None
    channel: ChannelParam | None = None


class SubscriptionIn(Schema):
    frequency: FrequencyParam = "instant"
    channel: ChannelParam = "in_app"


class AlertHitOut(Schema):
    id: int
    post_id: int
    comment_id: int | None
    title: str
    author: PersonRef | None
    group: GroupRef | None
    matched_at: datetime
    delivered_at: datetime | None
    url: str


class AlertHitListOut(Schema):
    items: list[AlertHitOut]
    next_cursor: int | None = Field(None, description="Pass as before")


def _build_alert(user: Any, alert: Any, subscription: Any) -> dict[str, Any]:
    return {
        "id": alert.pk,
        "name": alert.name,
        "description": alert.description,
        "query": alert.query,
        "is_shared": alert.is_shared,
        "is_active": alert.is_active,
        "can_edit": can_edit_alert(user, alert),
        "created_at": alert.created_at,
        "subscription": (
            {
                "frequency": subscription.frequency,
                "channel": subscription.channel,
                "created_at": subscription.created_at,
            }
            if subscription is not None
            else None
        ),
    }


def _build_hit(hit: Any) -> dict[str, Any]:
    url = f"/posts/{hit.post_id}/"
    if hit.comment_id is not None:
        url += f"#comment-{hit.comment_id}"
    author = hit.comment.author if hit.comment_id is not None else hit.post.author
    return {
        "id": hit.pk,
        "post_id": hit.post_id,
        "comment_id": hit.comment_id,
        "title": hit.post.title or plain_text(hit.post.body, limit=80),
        "author": build_person_ref(author),
        "group": build_group_ref(hit.post.group),
        "matched_at": hit.matched_at,
        "delivered_at": hit.delivered_at,
        "url": url,
    }


@router.get("", response=AlertListOut, summary="My alerts and the shared alerts")
def alert_list(request: ApiRequest) -> dict:
    user = request.auth
    return {
        "items": [
            _build_alert(user, a, a.subscription) for a in queries.list_alerts(user)
        ]
    }


@router.post(
    "",
    response={201: AlertOut},
    summary="Create a personal alert (or, for admins, a shared one)",
)
def alert_create(request: ApiRequest, payload: AlertCreateIn) -> Status:
    user = request.auth
    with transaction.atomic(durable=True):
        alert = check_create_alert(
            user,
            name=payload.name,
            query=payload.query,
            description=payload.description,
            is_shared=payload.is_shared,
            frequency=payload.frequency,
            channel=payload.channel,
        )
    subscription = queries.get_subscription(user, alert)
    return Status(201, _build_alert(user, alert, subscription))


@router.get("/{alert_id}", response=AlertOut, summary="One alert")
def alert_detail(request: ApiRequest, alert_id: int = AlertId) -> dict:
    user = request.auth
    alert = access_alert(user, alert_id)
    return _build_alert(user, alert, queries.get_subscription(user, alert))


@router.patch("/{alert_id}", response=AlertOut, summary="Change an alert")
def alert_update(
    request: ApiRequest, payload: AlertUpdateIn, alert_id: int = AlertId
) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        alert = access_alert(user, alert_id, for_edit=True)
        check_update_alert(user, alert, **payload.model_dump(exclude_unset=True))
    return _build_alert(user, alert, queries.get_subscription(user, alert))


@router.delete("/{alert_id}", response={204: None}, summary="Delete an alert")
def alert_delete(request: ApiRequest, alert_id: int = AlertId) -> HttpResponse:
    user = request.auth
    with transaction.atomic(durable=True):
        do_delete_alert(access_alert(user, alert_id, for_edit=True))
    return HttpResponse(status=204)


@router.post(
    "/{alert_id}/subscription",
    response=SubscriptionOut,
    summary="Subscribe to an alert, or change frequency and channel",
)
def alert_subscribe(
    request: ApiRequest, payload: SubscriptionIn, alert_id: int = AlertId
) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        alert = access_alert(user, alert_id)
        subscription = check_subscribe(
            user, alert, frequency=payload.frequency, channel=payload.channel
        )
    return {
        "frequency": subscription.frequency,
        "channel": subscription.channel,
        "created_at": subscription.created_at,
    }


@router.delete(
    "/{alert_id}/subscription",
    response={204: None},
    summary="Unsubscribe from a shared alert",
)
def alert_unsubscribe(request: ApiRequest, alert_id: int = AlertId) -> HttpResponse:
    user = request.auth
    with transaction.atomic(durable=True):
        check_unsubscribe(user, access_alert(user, alert_id))
    return HttpResponse(status=204)


@router.get(
    "/{alert_id}/hits",
    response=AlertHitListOut,
    summary="What the alert found for me that I may still see, newest first",
)
def alert_hits(
    request: ApiRequest,
    alert_id: int = AlertId,
    before: int | None = Query(None, ge=1, le=MAX_ID),
    limit: int = Query(30, ge=1, le=100),
) -> dict:
    user = request.auth
    alert = access_alert(user, alert_id)
    rows = queries.list_recent_hits(user, alert, before=before, limit=limit + 1)
    items = rows[:limit]
    next_cursor = items[-1].pk if len(rows) > limit and items else None
    return {"items": [_build_hit(h) for h in items], "next_cursor": next_cursor}
