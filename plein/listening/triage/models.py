"""Triage: what communications does with a mention found outside.

A mention's ``Triage`` row holds its state (new, assigned, needs response,
responded, ignored) and who it is assigned to; a mention without a row is
new. Every change is kept as a ``TriageChange``. Communications write
``MentionNote`` rows on a mention, and a mention remembers the posts it was
discussed in (``MentionDiscussion``). Who did what is personal data
(``personal_data.py``); the mentions themselves are public web content.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

NOTE_MAX_LENGTH = 2000


class TriageState(models.TextChoices):
    NEW = "new", pgettext_lazy("triage state", "New")
    ASSIGNED = "assigned", pgettext_lazy("triage state", "Assigned")
    NEEDS_RESPONSE = "needs_response", pgettext_lazy("triage state", "Needs response")
    RESPONDED = "responded", pgettext_lazy("triage state", "Responded")
    IGNORED = "ignored", pgettext_lazy("triage state", "Ignored")


class Triage(models.Model):
    """The triage state of one mention (absent: new)."""

    mention = models.OneToOneField(
        "mentions.Mention",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="triage",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=TriageState.choices, default="new"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["state", "-mention"], name="triage_by_state"),
            models.Index(fields=["assignee", "-mention"], name="triage_by_assignee"),
        ]

    def __str__(self) -> str:
        return str(self.mention)


class TriageChange(models.Model):
    """One change of a mention's state or assignee: from, to, by, at."""

    mention = models.ForeignKey(
        "mentions.Mention", on_delete=models.CASCADE, related_name="triage_changes"
    )
    from_state = models.CharField(max_length=20, choices=TriageState.choices)
    to_state = models.CharField(max_length=20, choices=TriageState.choices)
    from_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.mention_id}: {self.from_state} → {self.to_state}"


class MentionNote(models.Model):
    """A note by communications on a mention; its author's personal data."""

    mention = models.ForeignKey(
        "mentions.Mention", on_delete=models.CASCADE, related_name="triage_notes"
    )
    # None once the author was erased (the note stays, nameless).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]


class MentionDiscussion(models.Model):
    """A mention was discussed internally in this post ("Discuss internally")."""

    mention = models.ForeignKey(
        "mentions.Mention", on_delete=models.CASCADE, related_name="discussions"
    )
    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="+")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mention", "post"], name="triage_discussed_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mention_id} → {self.post_id}"
