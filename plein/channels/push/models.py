"""Web Push: the devices people turned push on for, and what they want pushed.

A ``PushSubscription`` is what a browser's ``PushManager.subscribe()`` gave
(the push service's endpoint and the keys the payload is encrypted to); a
``PushPreference`` is a person's choice for one kind of notification (no
row: the kind's ``push_by_default``). ``PushDelivery`` claims one
notification for one device, so a retried task never pushes it twice.
``VapidKey`` holds the server's key pair when VAPID_PRIVATE_KEY is unset.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class PushSubscription(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
    )
    # The push service's URL for this browser: a capability, known only to
    # the browser, the push service and Plein. Never shown to anyone else.
    endpoint = models.URLField(max_length=2000, unique=True)
    # The browser's P-256 public key (65 bytes) and auth secret (16 bytes),
    # base64url without padding, as PushSubscription.toJSON() gives them.
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=30)
    # What the person sees in the list of their devices ("Firefox on Android").
    device = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_pushed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user"], name="push_subscription_user")]

    def __str__(self) -> str:
        return self.device or self.endpoint_host

    @property
    def endpoint_host(self) -> str:
        """The push service, the one part of the endpoint safe to show."""
        from urllib.parse import urlsplit

        return urlsplit(self.endpoint).hostname or ""


class PushPreference(models.Model):
    """A person's push choice for one kind (no row: the kind's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="push_preferences",
    )
    kind = models.CharField(max_length=20)  # a registered NotificationKind code
    is_enabled = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="push_preference_unique"
            )
        ]


class PushDelivery(models.Model):
    """One notification claimed for one device (the unique pair is the claim)."""

    notification = models.ForeignKey(
        "notifications.Notification", on_delete=models.CASCADE, related_name="+"
    )
    subscription = models.ForeignKey(
        PushSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    # The run that claimed it: a bulk insert that ignores conflicts says no
    # more than that, so each run looks for its own rows afterwards.
    claim = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "subscription"], name="push_delivery_unique"
            )
        ]
        indexes = [
            models.Index(fields=["claim"], name="push_delivery_claim"),
            models.Index(fields=["created_at"], name="push_delivery_created"),
        ]


class VapidKey(models.Model):
    """The server's VAPID key pair, generated once (one row, pk 1)."""

    # The raw 32-byte P-256 private key, base64url: as secret as SECRET_KEY.
    private_key = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"VAPID key of {self.created_at:%Y-%m-%d}"
