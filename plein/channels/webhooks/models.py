"""Outgoing webhooks, their deliveries and every attempt at a delivery.

A webhook belongs to one group (``group`` set) or to the whole organisation
(``group`` empty). A delivery is one event for one webhook; it keeps its
``message_id`` (the ``webhook-id`` header) across retries, so a receiver
that saw it once can drop the repeat. The payload is not stored: it is built
from the database at every attempt, after checking that the webhook's scope
may still see what the event is about.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Webhook(models.Model):
    group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    event_types = models.JSONField(default=list)
    # "whsec_" + base64: kept readable because every request is signed with it.
    secret = models.CharField(max_length=100)
    # After a rotation the old secret signs too until it expires.
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    # The current run of failed attempts: how many, and since when.
    consecutive_failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["group", "is_active"], name="webhooks_group")]

    def __str__(self) -> str:
        return self.url

    @property
    def is_org_wide(self) -> bool:
        return self.group_id is None


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("webhook delivery", "Waiting")
        SENDING = "sending", pgettext_lazy("webhook delivery", "Sending")
        SUCCEEDED = "succeeded", pgettext_lazy("webhook delivery", "Delivered")
        FAILED = "failed", pgettext_lazy("webhook delivery", "Failed")
        SKIPPED = "skipped", pgettext_lazy("webhook delivery", "Not sent")

    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries"
    )
    message_id = models.CharField(max_length=40, unique=True)
    event_type = models.CharField(max_length=60)
    # One delivery per webhook and event: "post.created:12". A repeated
    # event (a retried task, a released post) finds the row already there.
    event_key = models.CharField(max_length=100)
    # The ids of what the event is about; the payload is built from them.
    subject = models.JSONField(default=dict)
    occurred_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempt_count = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # A sender holds the delivery until then; a dead one's claim runs out.
    claimed_until = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["webhook", "event_key"], name="webhooks_delivery_once"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhooks_due"),
            models.Index(fields=["webhook", "-created_at"], name="webhooks_log"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.message_id}"


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField()
    attempted_at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    # Why it failed (time-out, refused address); never the request body.
    error = models.CharField(max_length=200, blank=True)
    # The first bytes of the answer, for debugging; the rest is not read.
    response_excerpt = models.CharField(max_length=200, blank=True)
    is_success = models.BooleanField(default=False)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "number"], name="webhooks_attempt_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}"
