from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Announcement(models.Model):
    """A post that names required readers, who confirm "read" or "done"."""

    post = models.OneToOneField(
        "posts.Post", on_delete=models.CASCADE, related_name="announcement"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # "Done" instead of "read": the author asks for an action.
    requires_action = models.BooleanField(_("ask for an action"), default=False)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    # What the author chose ([{"type": "person"|"group"|"department", "id": …}]),
    # shown back to them; the readers themselves are RequiredReader rows.
    targets = models.JSONField(default=list, blank=True)
    # The notification kinds that tell readers and remind them: a post made
    # from an e-mail uses the mail app's "mail_to_read", which goes into the
    # daily summary unless a person chose instant e-mail for it.
    notification_kind = models.CharField(max_length=20, default="required_reading")
    reminder_kind = models.CharField(max_length=20, default="reading_reminder")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return str(self.post)


class RequiredReader(models.Model):
    """One person who must read an announcement, and how far they got."""

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="readers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="required_readings",
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    # Not a column: set on the rows plein.announcements.queries hands out
    # (list_pending_readings, get_required_reading).
    is_overdue: bool

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "user"], name="announcements_reader_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["user"],
                condition=models.Q(confirmed_at__isnull=True),
                name="announcements_pending",
            ),
        ]

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class ReminderPolicy(models.Model):
    """The organisation's reminder schedule: one row, edited in Django admin.

    Reminders and escalation count working days (Monday to Friday, minus
    Dutch public holidays) from the moment an announcement was made.
    """

    # Always 1: there is one policy for the whole organisation.
    singleton = models.PositiveSmallIntegerField(default=1, unique=True, editable=False)
    is_enabled = models.BooleanField(_("send reminders"), default=True)
    reminder_days = models.CharField(
        _("remind after (working days)"),
        max_length=50,
        default="2,5",
        help_text=_(
            "Working days after the announcement, separated by commas, e.g. 2, 5."
        ),
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("overdue after (working days)"),
        default=5,
        help_text=_(
            "Readers who have not confirmed after this many working days appear "
            "on the escalation list, also when the post has no due date."
        ),
    )

    class Meta:
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policy")

    def __str__(self) -> str:
        return str(_("Reminder policy"))

    @property
    def reminder_day_list(self) -> list[int]:
        """The reminder days as sorted positive integers; junk is ignored."""
        days = {int(p) for p in self.reminder_days.split(",") if p.strip().isdigit()}
        return sorted(d for d in days if d > 0)
