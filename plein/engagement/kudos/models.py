"""Kudos: public praise for colleagues, naming one of the organisation's values.

A kudos is a ``Post`` of kind "kudos" (registered in hooks.py), so the feed,
search, visibility, moderation and notifications treat it as any post. This
app adds what a post lacks: the value it names (``Value``, managed by the
organisation's admins), the people or the team it praises, and optionally
what it is for (a post, an answer or a wiki page).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The ``Post.kind`` of a kudos.
KUDOS = "kudos"


class Value(models.Model):
    """One of the organisation's values, in Dutch and English.

    A retired value (``is_active`` off) can no longer be chosen, but the
    kudos that named it keep showing it.
    """

    name_nl = models.CharField(_("name (Dutch)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("value")
        verbose_name_plural = _("values")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (Dutch, or English otherwise)."""
        if (get_language() or "nl").startswith("nl"):
            return self.name_nl
        return self.name_en

    @property
    def description(self) -> str:
        if (get_language() or "nl").startswith("nl"):
            return self.description_nl
        return self.description_en


class Kudos(models.Model):
    """The kudos-only state of a kudos post; the giver is the post's author."""

    post = models.OneToOneField(
        "posts.Post", primary_key=True, on_delete=models.CASCADE, related_name="kudos"
    )
    value = models.ForeignKey(Value, on_delete=models.PROTECT, related_name="kudos")
    # A team praised as a whole (a group); its name shows only to readers
    # who may see the group.
    team = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What it is for, at most one. The kudos post lives where that content
    # lives and follows it (actions.do_sync_kudos_place).
    subject_post = models.ForeignKey(
        "posts.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject_comment = models.ForeignKey(
        "posts.Comment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject_page = models.ForeignKey(
        "wiki.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The giver and the time, copied from the post: the limits per giver
    # and period count from here without a join.
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kudos")
        verbose_name_plural = _("kudos")
        indexes = [
            models.Index(fields=["giver", "created_at"], name="kudos_giver_created"),
            models.Index(fields=["created_at"], name="kudos_created"),
        ]

    def __str__(self) -> str:
        return str(self.post_id)


class KudosRecipient(models.Model):
    """One colleague a kudos praises."""

    kudos = models.ForeignKey(
        Kudos, on_delete=models.CASCADE, related_name="recipients"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kudos", "person"], name="kudos_recipient_unique"
            )
        ]
        indexes = [models.Index(fields=["person", "kudos"], name="kudos_recipient")]

    def __str__(self) -> str:
        return f"{self.kudos_id} → {self.person_id}"
