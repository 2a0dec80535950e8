"""Notifications and the per-kind choices people make about them.

A kind is a code registered in ``plein.notifications.kinds``; the rows do
not list the kinds (features add their own), so ``do_notify`` and the
preference actions check the code against the registry.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.safestring import SafeString


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20)  # a registered NotificationKind code
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey(
        "posts.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # What on the post (a comment, an answer) or, without a post, what else
    # (a group, a wiki page) the notification is about. The post stays a
    # real foreign key so the visibility rule is one join; a target's rule is
    # registered by its app (kinds.register_notification_target).
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    # Notifications with the same group key show as one item ("Anna and 6
    # others reacted to your post"): the kind, post and target for a
    # groupable kind, the notification's own key otherwise.
    group_key = models.CharField(max_length=100)
    # None follows the person's preference for this kind; True or False
    # overrides it (an alert set to deliver by e-mail, say).
    wants_email = models.BooleanField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Makes delivery idempotent: a retried task cannot notify twice.
    key = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    # Not columns: set on the items of the notifications page, by
    # plein.notifications.queries.list_notifications (whether any row of the
    # item's group is unread) and plein.notifications.views (what it shows).
    is_group_unread: bool
    sentence: SafeString
    url: str

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="notifications_unique_key"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notifications_recipient"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notifications_unread",
            ),
            models.Index(fields=["recipient", "group_key"], name="notifications_group"),
        ]


class Preference(models.Model):
    """A person's choice for one kind of notification.

    No row means the kind's defaults (``NotificationKind.default_enabled``
    and ``email_by_default``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(max_length=20)  # a registered NotificationKind code
    is_enabled = models.BooleanField(default=True)
    # None: the kind's default (NotificationKind.email_by_default).
    email_enabled = models.BooleanField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="notifications_preference_unique"
            )
        ]
