"""Where mentions come from: a source, its conditional-request state and its
health.

A source is a feed, a sender of alert mails (Google Alerts and the like,
forwarded to the listening address: ``sender_address``), or "Colleagues",
the one source of the links colleagues send in (``plein.listening.sources.
mailin`` and the submit form). Only feeds are polled. The poll
keeps what the server said last (``etag``, ``last_modified``) to ask again
conditionally, and what happened (``last_success_at``, ``last_error``,
``consecutive_errors``) for the admins' health overview. ``next_poll_at`` is
both the schedule and the claim: a worker takes a source by moving it
forward with a conditional update (``plein.listening.sources.polling``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# What a poll's ``last_error`` code means, for the health overview. The
# code is what is stored ("http", "timeout"), with a detail after a colon
# where there is one ("http:404"); the text is translated when shown.
ERROR_MESSAGES = {
    "refused": _("Refused: the address is not public or not http(s)."),
    "unreachable": _("Could not connect (%(detail)s)."),
    "timeout": _("No complete answer within the time limit."),
    "too_large": _("The answer was larger than the size limit."),
    "http": _("The server answered with HTTP status %(detail)s."),
    "redirects": _("Too many redirects."),
    "empty": _("The answer was empty."),
    "not_a_feed": _("This is not a feed (an HTML page?)."),
    "parse_timeout": _("Reading the feed took too long."),
    "parse_crashed": _("Reading the feed took too much memory or failed."),
    "parse_failed": _("The feed could not be read (%(detail)s)."),
    "bad_encoding": _("The answer's compression is unknown or broken."),
}


class Source(models.Model):
    class Kind(models.TextChoices):
        FEED = "feed", pgettext_lazy("listening source kind", "Feed")
        # Alert e-mails sent to the listening address from ``sender_address``,
        # and the one source of links colleagues send in (docs/listening.md).
        ALERT_MAIL = "alert_mail", pgettext_lazy("listening source kind", "Alert mail")
        SUBMITTED = (
            "submitted",
            pgettext_lazy("listening source kind", "Submitted by colleagues"),
        )

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("feed address"), max_length=2000, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FEED)
    # ALERT_MAIL: the From address its alerts come from, in lower case.
    sender_address = models.EmailField(_("sender address"), max_length=254, blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # What the server said last, sent back as If-None-Match and
    # If-Modified-Since.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    # Health, and the schedule. A due source has next_poll_at <= now; a new
    # one is due at once.
    last_polled_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(default=timezone.now)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    consecutive_errors = models.PositiveIntegerField(default=0)
    items_seen = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["is_active", "next_poll_at"], name="listening_due")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=models.Q(kind="feed"),
                name="listening_feed_url_unique",
            ),
            models.UniqueConstraint(
                fields=["sender_address"],
                condition=models.Q(kind="alert_mail"),
                name="listening_alert_sender_unique",
            ),
            # One "Colleagues" source takes every submitted link.
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(kind="submitted"),
                name="listening_one_submitted_source",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def last_error_text(self) -> str:
        """The last error, in the reader's language ("" when there is none)."""
        if not self.last_error:
            return ""
        code, _sep, detail = self.last_error.partition(":")
        message = ERROR_MESSAGES.get(code)
        if message is None:
            return self.last_error
        return str(message) % {"detail": detail or "?"}

    @property
    def is_failing(self) -> bool:
        return self.consecutive_errors > 0
