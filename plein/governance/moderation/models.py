"""Reports on posts and comments, and the decisions moderators take on them.

A target is a post, or a comment on a post: both rows always name the post
(``post``), and ``comment`` is set when a comment is meant. That keeps the
group of the content one join away, which scopes the queue for group admins.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Reason(models.TextChoices):
    LEAK = "leak", pgettext_lazy("report reason", "Leak of confidential data")
    PERSONAL_DATA = "personal_data", pgettext_lazy("report reason", "Personal data")
    HARASSMENT = "harassment", pgettext_lazy("report reason", "Harassment or insult")
    SPAM = "spam", pgettext_lazy("report reason", "Spam")
    OTHER = "other", pgettext_lazy("report reason", "Off-topic or other")


class Action(models.TextChoices):
    KEEP = "keep", pgettext_lazy("moderation action", "Keep")
    HIDE = "hide", pgettext_lazy("moderation action", "Hide")
    DELETE = "delete", pgettext_lazy("moderation action", "Delete")
    WARN = "warn", pgettext_lazy("moderation action", "Warn the author")


class Decision(models.Model):
    """What a moderator did about a post or comment, and why."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The author of the content, kept so warnings can be listed per person.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="moderation_decisions",
    )
    post = models.ForeignKey(
        "posts.Post", on_delete=models.CASCADE, related_name="moderation_decisions"
    )
    comment = models.ForeignKey(
        "posts.Comment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="moderation_decisions",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.comment_id or self.post_id}"

    @property
    def is_warning(self) -> bool:
        return self.action == Action.WARN


class Report(models.Model):
    """One person's report of a post or comment they can see."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey(
        "posts.Post", on_delete=models.CASCADE, related_name="reports"
    )
    comment = models.ForeignKey(
        "posts.Comment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            # One open report per person per post, and per comment.
            models.UniqueConstraint(
                fields=["reporter", "post"],
                condition=models.Q(comment__isnull=True, resolved_at__isnull=True),
                name="moderation_report_open_post_unique",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=models.Q(comment__isnull=False, resolved_at__isnull=True),
                name="moderation_report_open_comment_unique",
            ),
        ]
        indexes = [
            models.Index(
                fields=["post", "comment"],
                condition=models.Q(resolved_at__isnull=True),
                name="moderation_report_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} #{self.comment_id or self.post_id}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None
