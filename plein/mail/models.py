"""What the mail gateway received and what it made of each message."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InboundMessage(models.Model):
    """One message handed to the gateway, keyed by its Message-ID.

    The unique ``message_id`` makes delivery idempotent: the same mail twice
    (a retrying mail server, two recipients of one message) is handled once.
    The row also feeds the e-mail reduction report.
    """

    class Outcome(models.TextChoices):
        POSTED = "posted", pgettext_lazy("mail outcome", "Became a post")
        COMMENTED = "commented", pgettext_lazy("mail outcome", "Became a comment")
        GROUP_POST = "group_post", pgettext_lazy("mail outcome", "Became a group post")
        REJECTED = "rejected", pgettext_lazy("mail outcome", "Rejected")
        IGNORED = "ignored", pgettext_lazy("mail outcome", "Delivered as mail")
        # Sent to an address a feature claimed (plein.mail.gateway.extensions).
        HANDLED = "handled", pgettext_lazy("mail outcome", "Taken in by a feature")

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    sender_address = models.CharField(_("sender address"), max_length=254)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sender_department = models.ForeignKey(
        "people.Department",
        verbose_name=_("sender's department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    # For threading replies that carry no References (docs/mail.md, rule 3):
    # the subject without RE:/AW:/FW:, lower case, and Outlook's conversation.
    topic = models.CharField(_("topic"), max_length=200, blank=True, db_index=True)
    conversation = models.CharField(
        _("conversation"), max_length=44, blank=True, db_index=True
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    internal_recipient_count = models.PositiveIntegerField(
        _("internal recipients"), default=0
    )
    # Colleagues who got the post instead of a copy: counted by the in-path
    # filter (a gateway that gets a copy removes no delivery).
    removed_deliveries = models.PositiveIntegerField(_("deliveries removed"), default=0)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    post = models.ForeignKey(
        "posts.Post",
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.ForeignKey(
        "posts.Comment",
        verbose_name=_("comment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("inbound e-mail")
        verbose_name_plural = _("inbound e-mails")
        indexes = [
            models.Index(fields=["outcome", "received_at"], name="mail_inbound_outcome")
        ]

    def __str__(self) -> str:
        return self.message_id


class Reinjection(models.Model):
    """One recipient the in-path filter handed back to the mail server.

    Postfix hands a message to the filter again when it did not hear the
    filter's answer; the filter then skips the recipients it already
    re-injected, so nobody gets the mail twice. ``key`` is a SHA-256 of the
    Message-ID and the address: no address is stored. Rows older than a
    week are removed (``plein.mail.tasks.prune_reinjections``).
    """

    key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("re-injected recipient")
        verbose_name_plural = _("re-injected recipients")

    def __str__(self) -> str:
        return self.key


class SentMail(models.Model):
    """One e-mail Plein sent because a mail became a post or was refused.

    What the reduction report subtracts from the deliveries it saved
    (docs/mail.md, "An honest figure"). It names no recipient: only the
    kind, the time and the post (and so the converted mail) it was about.
    """

    class Kind(models.TextChoices):
        NOTIFICATION = "notification", pgettext_lazy("plein mail", "Notification")
        DIGEST = "digest", pgettext_lazy("plein mail", "Daily or weekly summary")
        REMINDER = "reminder", pgettext_lazy("plein mail", "Reminder")
        CONFIRMATION = (
            "confirmation",
            pgettext_lazy("plein mail", "Confirmation to the sender"),
        )

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    post = models.ForeignKey(
        "posts.Post",
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    inbound = models.ForeignKey(
        InboundMessage,
        verbose_name=_("inbound e-mail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("e-mail sent by Plein")
        verbose_name_plural = _("e-mails sent by Plein")
        indexes = [models.Index(fields=["sent_at"], name="mail_sentmail_sent_at")]

    def __str__(self) -> str:
        return f"{self.kind} {self.sent_at:%Y-%m-%d}"
