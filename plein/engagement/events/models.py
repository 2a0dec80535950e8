"""Events: a post of kind "event" with a time, a place and its answers.

An event is a ``Post`` of kind "event", so it is announced in the feed or
its group, discussed in its comments, and seen by exactly those who may see
the post (``plein.access.events``). This app adds what a post lacks: when
and where, the capacity, the recurrence rule, the answers (RSVP) with the
waiting list, and the invitations sent as iCalendar requests.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The ``Post.kind`` of an event (registered in hooks.py).
EVENT = "event"
# The organisation's zone: events are entered and shown in it, and the
# .ics files name it so calendar clients keep the wall time across DST.
DEFAULT_TIME_ZONE = "Europe/Amsterdam"


class Repeat(models.TextChoices):
    NEVER = "", pgettext_lazy("event repeat", "Does not repeat")
    WEEKLY = "WEEKLY", pgettext_lazy("event repeat", "Every week")
    MONTHLY = "MONTHLY", pgettext_lazy("event repeat", "Every month")


class Event(models.Model):
    """The event-only state of an event post."""

    post = models.OneToOneField(
        "posts.Post", primary_key=True, on_delete=models.CASCADE, related_name="event"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(max_length=64, default=DEFAULT_TIME_ZONE)
    location = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    # None: no limit. Beyond it a "yes" waits for a place.
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    # The RFC 5545 RRULE value ("FREQ=WEEKLY;COUNT=8"), empty for a single
    # event. Stored as written in the .ics files and expanded from there.
    rrule = models.CharField(max_length=200, blank=True)
    # The last moment any occurrence ends (ends_at for a single event): what
    # the calendar and the feed filter on without expanding every rule.
    last_ends_at = models.DateTimeField()
    # RFC 5546: raised when what a calendar client stored changes.
    sequence = models.PositiveIntegerField(default=0)
    # Called off by its organiser: it stays readable (with its conversation),
    # takes no answers, and calendars are told (METHOD:CANCEL).
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["last_ends_at", "starts_at"], name="events_upcoming")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="events_event_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return str(self.post_id)

    @property
    def uid(self) -> str:
        """The iCalendar UID: stable, so clients update instead of duplicating."""
        return f"event-{self.post_id}@{settings.MAIL_DOMAIN}"

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Rsvp(models.Model):
    """One person's answer to an event (for every occurrence of a series)."""

    class Answer(models.TextChoices):
        YES = "yes", pgettext_lazy("rsvp", "Going")
        MAYBE = "maybe", pgettext_lazy("rsvp", "Maybe")
        NO = "no", pgettext_lazy("rsvp", "Not going")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    answer = models.CharField(max_length=5, choices=Answer.choices)
    # A "yes" beyond the capacity: waits, first come first served, and gets
    # a place (and a notification) when someone going cancels.
    is_waiting = models.BooleanField(default=False)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="events_rsvp_unique")
        ]
        indexes = [
            models.Index(
                fields=["event", "answer", "is_waiting", "answered_at"],
                name="events_rsvp_queue",
            ),
            models.Index(fields=["user", "event"], name="events_rsvp_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.event_id}: {self.answer}"

    @property
    def is_going(self) -> bool:
        return self.answer == self.Answer.YES and not self.is_waiting


class Invitation(models.Model):
    """A person invited to an event; their calendar request is sent once."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Claimed with a conditional update before the mail goes out.
    sent_at = models.DateTimeField(null=True, blank=True)
    # The event's ``sequence`` the invitee's calendar last received: a change
    # or a cancellation raises the event's, and the difference is sent.
    sent_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], name="events_invitation_unique"
            )
        ]
        indexes = [models.Index(fields=["user", "event"], name="events_invite_user")]

    def __str__(self) -> str:
        return f"{self.user_id} ← {self.event_id}"
