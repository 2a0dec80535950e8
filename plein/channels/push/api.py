"""The push endpoints of the API (registered in plein/api/main.py).

A client turns push on for a device by POSTing the browser's
PushSubscription (``subscription.toJSON()``), subscribed with the key from
``GET /push-subscriptions/vapid-key``. Each person sees and deletes only
their own subscriptions; anyone else's answers 404 like a missing one.
``/push-preferences`` is which kinds of notification one has pushed, on
every device.
"""

from datetime import datetime
from typing import Annotated, Any

from django.db import transaction
from django.http import HttpResponse
from ninja import Field, Path, Router, Schema, Status
from pydantic import StringConstraints

from plein.access.push import access_push_subscription, visible_push_subscriptions
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, NoNul, Text20, Text200
from plein.channels.push.actions import (
    check_add_push_subscription,
    check_set_push_preferences,
    do_remove_push_subscription,
    get_push_choices,
    pushable_kinds,
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


class PreferenceOut(Schema):
    kind: str
    label: str
    is_enabled: bool = Field(..., description="Whether this kind is pushed")
    push_by_default: bool = Field(
        ..., description="Whether it is pushed to someone who never chose"
    )


class PreferenceListOut(Schema):
    items: list[PreferenceOut]


class PreferenceIn(Schema):
    kind: Text20
    is_enabled: bool


class PreferenceListIn(Schema):
    items: list[PreferenceIn] = Field(..., max_length=100)


def _build_preferences(user: Any) -> dict[str, Any]:
    choices = get_push_choices(user)
    return {
        "items": [
            {
                "kind": kind.code,
                "label": str(kind.label),
                "is_enabled": choices[kind.code],
                "push_by_default": kind.push_by_default,
            }
            for kind in pushable_kinds()
        ]
    }


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


@router.get(
    "/push-preferences",
    response=PreferenceListOut,
    summary="Which kinds of notification I have pushed",
)
def push_preference_list(request: ApiRequest) -> dict[str, Any]:
    return _build_preferences(request.auth)


@router.put(
    "/push-preferences",
    response=PreferenceListOut,
    summary="Choose which kinds of notification are pushed (kinds left out "
    "keep their setting)",
)
def push_preference_update(
    request: ApiRequest, payload: PreferenceListIn
) -> dict[str, Any]:
    choices = {item.kind: item.is_enabled for item in payload.items}
    with transaction.atomic(durable=True):
        check_set_push_preferences(request.auth, choices)
    return _build_preferences(request.auth)
