"""The push endpoints of the API (registered in plein/api/main.py).

A client turns push on for a device by POSTing the browser's
PushSubscription (``subscription.toJSON()``), subscribed with the key from
``GET /push-subscriptions/vapid-key``. Each person sees and deletes only
their own subscriptions; anyone else's answers 404 like a missing one.
"""

from datetime import datetime
from typing import Annotated, Any

from django.db import transaction
from django.http import HttpResponse
from ninja import Field, Path, Router, Schema, Status
from pydantic import StringConstraints

from plein.access.push import access_push_subscription, visible_push_subscriptions
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, NoNul, Text200
from plein.channels.push.actions import (
    check_add_push_subscription,
    do_remove_push_subscription,
)
from plein.channels.push.models import PushSubscription
from plein.channels.push.vapid import get_public_key

router = Router(tags=["push"])

SubscriptionId = Path(..., ge=1, le=MAX_ID)
Endpoint = Annotated[str, StringConstraints(min_length=1, max_length=2000), NoNul]
Key = Annotated[str, StringConstraints(min_length=1, max_length=200), NoNul]


class KeysIn(Schema):
    p256dh: Key
    auth: Key


class SubscriptionIn(Schema):
    endpoint: Endpoint
    keys: KeysIn
    expirationTime: int | None = Field(  # noqa: N815 - the browser's own name
        None, description="Milliseconds since 1970, as the browser gives it"
    )
    device: Text200 = Field("", description="A name for the device, shown to its owner")


class SubscriptionOut(Schema):
    id: int
    endpoint: str
    push_service: str
    device: str
    created_at: datetime
    last_pushed_at: datetime | None
    expires_at: datetime | None


class SubscriptionListOut(Schema):
    vapid_public_key: str
    items: list[SubscriptionOut]


class VapidKeyOut(Schema):
    public_key: str = Field(
        ..., description="applicationServerKey for PushManager.subscribe(), base64url"
    )


def _build(subscription: PushSubscription) -> dict[str, Any]:
    return {
        "id": subscription.pk,
        "endpoint": subscription.endpoint,
        "push_service": subscription.endpoint_host,
        "device": subscription.device,
        "created_at": subscription.created_at,
        "last_pushed_at": subscription.last_pushed_at,
        "expires_at": subscription.expires_at,
    }


@router.get(
    "/push-subscriptions",
    response=SubscriptionListOut,
    url_name="push_subscription_list",
    summary="My devices with push on, and the key to subscribe with",
)
def push_subscription_list(request: ApiRequest) -> dict[str, Any]:
    items = visible_push_subscriptions(request.auth).order_by("-created_at", "-id")
    return {
        "vapid_public_key": get_public_key(),
        "items": [_build(s) for s in items],
    }


@router.get(
    "/push-subscriptions/vapid-key",
    response=VapidKeyOut,
    summary="The server's VAPID public key (applicationServerKey)",
)
def push_vapid_key(request: ApiRequest) -> dict[str, str]:
    return {"public_key": get_public_key()}


@router.post(
    "/push-subscriptions",
    response={200: SubscriptionOut, 201: SubscriptionOut},
    summary="Turn push on for a device (the browser's PushSubscription)",
)
def push_subscription_create(request: ApiRequest, payload: SubscriptionIn) -> Status:
    with transaction.atomic(durable=True):
        subscription, created = check_add_push_subscription(
            request.auth,
            endpoint=payload.endpoint,
            p256dh=payload.keys.p256dh,
            auth=payload.keys.auth,
            expiration_time=payload.expirationTime,
            device=payload.device,
        )
    return Status(201 if created else 200, _build(subscription))


@router.get(
    "/push-subscriptions/{subscription_id}",
    response=SubscriptionOut,
    summary="One of my devices with push on",
)
def push_subscription_detail(
    request: ApiRequest, subscription_id: int = SubscriptionId
) -> dict[str, Any]:
    return _build(access_push_subscription(request.auth, subscription_id))


@router.delete(
    "/push-subscriptions/{subscription_id}",
    response={204: None},
    summary="Turn push off for a device",
)
def push_subscription_delete(
    request: ApiRequest, subscription_id: int = SubscriptionId
) -> HttpResponse:
    with transaction.atomic(durable=True):
        do_remove_push_subscription(
            access_push_subscription(request.auth, subscription_id)
        )
    return HttpResponse(status=204)
