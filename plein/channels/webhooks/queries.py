"""Reads for the webhook pages and the API, scoped by ``plein.access``."""

from typing import Any

from django.db.models import Prefetch, QuerySet

from plein.access.webhooks import visible_webhooks
from plein.channels.webhooks.models import Delivery, DeliveryAttempt, Webhook
from plein.groups.models import Group

DELIVERY_LOG_LENGTH = 50


def list_webhooks(user: Any, *, group: Group | None = None) -> QuerySet[Webhook]:
    """The webhooks the user manages, newest first; of one group if given."""
    qs = visible_webhooks(user).select_related("group", "created_by")
    if group is not None:
        qs = qs.filter(group=group)
    return qs.order_by("group__name", "-created_at", "-pk")


def list_deliveries(
    webhook: Webhook, *, limit: int = DELIVERY_LOG_LENGTH
) -> list[Delivery]:
    """The webhook's latest deliveries with their attempts (the log)."""
    return list(
        Delivery.objects.filter(webhook=webhook)
        .prefetch_related(
            Prefetch("attempts", queryset=DeliveryAttempt.objects.order_by("number"))
        )
        .order_by("-created_at", "-pk")[:limit]
    )
