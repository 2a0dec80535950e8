"""The webhooks endpoints of the API (registered in plein/api/main.py).

The same rules as the pages: organisation webhooks for organisation admins,
a group's for those who administer it; any other webhook answers 404 like
a missing one. The signing secret is answered once, on creation and on
rotation.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from ninja import Path, Router, Schema, Status
from pydantic import Field

from plein.access.webhooks import access_webhook
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, Text80, Text500
from plein.channels.webhooks import queries
from plein.channels.webhooks.actions import (
    check_create_webhook,
    check_send_test_event,
    check_update_webhook,
    do_delete_webhook,
    do_rotate_secret,
)
from plein.channels.webhooks.models import Delivery, Webhook

router = Router(tags=["webhooks"])

WebhookId = Path(..., ge=1, le=MAX_ID)
RECENT_DELIVERIES = 20


class WebhookOut(Schema):
    id: int
    url: str
    description: str
    events: list[str]
    group_id: int | None
    is_active: bool
    disabled_at: datetime | None
    created_at: datetime


class WebhookCreatedOut(WebhookOut):
    secret: str = Field(description="Shown once: keep it to verify signatures")


class AttemptOut(Schema):
    number: int
    attempted_at: datetime
    status_code: int | None
    duration_ms: int
    error: str


class DeliveryOut(Schema):
    id: int
    message_id: str
    event_type: str
    status: str
    created_at: datetime
    next_attempt_at: datetime | None
    attempts: list[AttemptOut]


class WebhookDetailOut(WebhookOut):
    deliveries: list[DeliveryOut]


class WebhookListOut(Schema):
    items: list[WebhookOut]


class WebhookIn(Schema):
    url: Text500
    events: list[Text80] = Field(max_length=20)
    description: Text500 = ""
    group_id: int | None = Field(None, ge=1, le=MAX_ID)


class WebhookPatchIn(Schema):
    is_active: bool | None = Field(None, description="Turn the webhook on or off")
    description: Text500 | None = None
    events: list[Text80] | None = Field(None, max_length=20)


class SecretOut(Schema):
    id: int
    secret: str = Field(description="Shown once: keep it to verify signatures")
    previous_secret_expires_at: datetime | None = Field(
        description="Until then requests are signed with the old secret too"
    )


class TestEventOut(Schema):
    delivery_id: int
    message_id: str = Field(description="The webhook-id header of the request")


def _build_webhook(webhook: Webhook) -> dict[str, Any]:
    return {
        "id": webhook.pk,
        "url": webhook.url,
        "description": webhook.description,
        "events": webhook.event_types,
        "group_id": webhook.group_id,
        "is_active": webhook.is_active,
        "disabled_at": webhook.disabled_at,
        "created_at": webhook.created_at,
    }


def _build_delivery(delivery: Delivery) -> dict[str, Any]:
    return {
        "id": delivery.pk,
        "message_id": delivery.message_id,
        "event_type": delivery.event_type,
        "status": delivery.status,
        "created_at": delivery.created_at,
        "next_attempt_at": delivery.next_attempt_at,
        "attempts": [
            {
                "number": a.number,
                "attempted_at": a.attempted_at,
                "status_code": a.status_code,
                "duration_ms": a.duration_ms,
                "error": a.error,
            }
            for a in delivery.attempts.all()
        ],
    }


@router.get("/webhooks", response=WebhookListOut, summary="The webhooks I manage")
def webhook_list(request: ApiRequest) -> dict[str, Any]:
    return {"items": [_build_webhook(w) for w in queries.list_webhooks(request.auth)]}


@router.post(
    "/webhooks",
    response={201: WebhookCreatedOut},
    summary="Add a webhook for the organisation or a group",
)
def webhook_create(request: ApiRequest, payload: WebhookIn) -> Status:
    with transaction.atomic(durable=True):
        webhook = check_create_webhook(
            request.auth,
            url=payload.url,
            description=payload.description,
            event_types=list(payload.events),
            group_id=payload.group_id,
        )
    return Status(201, {**_build_webhook(webhook), "secret": webhook.secret})


@router.get(
    "/webhooks/{webhook_id}",
    response=WebhookDetailOut,
    summary="One webhook with its recent deliveries",
)
def webhook_detail(request: ApiRequest, webhook_id: int = WebhookId) -> dict[str, Any]:
    webhook = access_webhook(request.auth, webhook_id)
    deliveries = queries.list_deliveries(webhook, limit=RECENT_DELIVERIES)
    return {
        **_build_webhook(webhook),
        "deliveries": [_build_delivery(d) for d in deliveries],
    }


@router.delete(
    "/webhooks/{webhook_id}", response={204: None}, summary="Delete a webhook"
)
def webhook_delete(request: ApiRequest, webhook_id: int = WebhookId) -> HttpResponse:
    with transaction.atomic(durable=True):
        do_delete_webhook(access_webhook(request.auth, webhook_id), actor=request.auth)
    return HttpResponse(status=204)


@router.patch(
    "/webhooks/{webhook_id}",
    response=WebhookOut,
    summary="Turn a webhook on or off, or change its description or events",
)
def webhook_update(
    request: ApiRequest, payload: WebhookPatchIn, webhook_id: int = WebhookId
) -> dict[str, Any]:
    with transaction.atomic(durable=True):
        webhook = check_update_webhook(
            request.auth,
            access_webhook(request.auth, webhook_id),
            description=payload.description,
            event_types=list(payload.events) if payload.events is not None else None,
            is_active=payload.is_active,
        )
    return _build_webhook(webhook)


@router.post(
    "/webhooks/{webhook_id}/rotate-secret",
    response=SecretOut,
    summary="A new signing secret (answered this once); the old one signs "
    "for another 24 hours",
)
def webhook_rotate_secret(
    request: ApiRequest, webhook_id: int = WebhookId
) -> dict[str, Any]:
    with transaction.atomic(durable=True):
        webhook = access_webhook(request.auth, webhook_id)
        secret = do_rotate_secret(webhook, actor=request.auth)
    return {
        "id": webhook.pk,
        "secret": secret,
        "previous_secret_expires_at": webhook.previous_secret_expires_at,
    }


@router.post(
    "/webhooks/{webhook_id}/test",
    response={202: TestEventOut},
    summary="Send a webhook.test event to the webhook",
)
def webhook_test(request: ApiRequest, webhook_id: int = WebhookId) -> Status:
    webhook = access_webhook(request.auth, webhook_id)
    with transaction.atomic(durable=True):
        delivery = check_send_test_event(webhook)
    return Status(202, {"delivery_id": delivery.pk, "message_id": delivery.message_id})
