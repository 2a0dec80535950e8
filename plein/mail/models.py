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
