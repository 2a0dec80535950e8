"""Posts written now and published later, and drafts.

A :class:`ScheduledPost` holds the author's input as submitted (``data``)
and the key of the registered schedulable that publishes it (``source``);
nothing about it is a post until the job publishes it, so it appears in no
feed, search, count, live stream or export of anyone else.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.posts.kinds import post_kinds


class State(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("scheduled state", "Draft")
    SCHEDULED = "scheduled", pgettext_lazy("scheduled state", "Scheduled")
    # Only ever seen inside the publishing transaction (the claim).
    PUBLISHING = "publishing", pgettext_lazy("scheduled state", "Publishing")
    PUBLISHED = "published", pgettext_lazy("scheduled state", "Published")
    FAILED = "failed", pgettext_lazy("scheduled state", "Could not be published")
    CANCELLED = "cancelled", pgettext_lazy("scheduled state", "Cancelled")


class ScheduledPost(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="scheduled_posts",
    )
    # Where it will be published; None: the author's profile (everyone).
    # A deleted group takes its planned items with it.
    group = models.ForeignKey(
        "groups.Group",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scheduled_posts",
    )
    source = models.CharField(max_length=30)  # a registered Schedulable's key
    kind = models.CharField(max_length=20)  # the post kind it will have
    parts = models.JSONField(default=list, blank=True)  # draft parts it carries
    data = models.JSONField(default=dict)  # the form's data as submitted
    title = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)  # what lists and the calendar show
    origin = models.CharField(max_length=10, default="web")  # "web" or "api"
    state = models.CharField(
        max_length=12, choices=State.choices, default=State.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(null=True, blank=True)
    post = models.ForeignKey(
        "posts.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    failure_reason = models.TextField(blank=True)
    # Unexpected errors while publishing; after a few the item fails.
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("scheduled post")
        verbose_name_plural = _("scheduled posts")
        indexes = [
            models.Index(fields=["state", "publish_at"], name="scheduled_due"),
            models.Index(fields=["author", "state"], name="scheduled_author"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="scheduled") | Q(publish_at__isnull=False),
                name="scheduled_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.text[:60] or f"#{self.pk}"

    @property
    def is_editable(self) -> bool:
        return self.state not in (State.PUBLISHED, State.PUBLISHING)

    @property
    def is_announcement(self) -> bool:
        # The announcements app's draft part (required readers).
        return "required_readers" in (self.parts or [])

    @property
    def kind_label(self) -> str:
        kind = post_kinds.get(self.kind)
        return str(kind.label) if kind is not None else self.kind

    @property
    def calendar_at(self) -> datetime | None:
        """When it shows on the calendar: published, or planned."""
        return self.published_at or self.publish_at
