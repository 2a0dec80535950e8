"""Term alerts: saved searches that tell people about new matching content.

A personal alert is an ``Alert`` with ``is_shared`` False plus its owner's
subscription; a shared alert (published by an organisation admin) has any
number of subscriptions. Each match is an ``AlertHit`` per subscription.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Frequency(models.TextChoices):
    INSTANT = "instant", pgettext_lazy("alert frequency", "Instantly")
    DAILY = "daily", pgettext_lazy("alert frequency", "Daily")
    WEEKLY = "weekly", pgettext_lazy("alert frequency", "Weekly")


class Channel(models.TextChoices):
    IN_APP = "in_app", pgettext_lazy("alert channel", "In Plein")
    EMAIL = "email", pgettext_lazy("alert channel", "By e-mail")


class Alert(models.Model):
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    query = models.TextField(_("query"))
    # The parsed query with handles and group slugs resolved to ids, written
    # by the actions (plein.alerts.matching.compile_query) on every save.
    compiled = models.JSONField(default=list, editable=False)
    is_shared = models.BooleanField(_("shared"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="created_alerts",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Part of the in-process index's version: any change rebuilds it.
    updated_at = models.DateTimeField(auto_now=True)

    # Not a column: the reader's own subscription (or None), set on the
    # alerts that plein.alerts.queries and the alert views hand out.
    subscription: "AlertSubscription | None"

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["is_shared", "is_active"], name="alerts_shared")
        ]

    def __str__(self) -> str:
        return self.name


class AlertSubscription(models.Model):
    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, related_name="subscriptions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="alert_subscriptions",
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default="instant"
    )
    channel = models.CharField(
        _("delivery"), max_length=10, choices=Channel.choices, default="in_app"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "user"], name="alerts_subscription_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.alert_id}"


class AlertHit(models.Model):
    """A post or comment found for one subscriber of one alert."""

    subscription = models.ForeignKey(
        AlertSubscription, on_delete=models.CASCADE, related_name="hits"
    )
    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey(
        "posts.Comment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    matched_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        # Two partial constraints because NULLs never collide in a unique
        # index: a post, and each comment, is found once per subscription.
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "post"],
                condition=Q(comment__isnull=True),
                name="alerts_hit_unique_post",
            ),
            models.UniqueConstraint(
                fields=["subscription", "comment"],
                condition=Q(comment__isnull=False),
                name="alerts_hit_unique_comment",
            ),
        ]
        indexes = [
            models.Index(
                fields=["subscription", "-id"],
                name="alerts_hit_undelivered",
                condition=Q(delivered_at__isnull=True),
            ),
            models.Index(fields=["subscription", "-id"], name="alerts_hit_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id}: {self.post_id}/{self.comment_id}"
