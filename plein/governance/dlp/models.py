"""Leak prevention: the rules, the organisation's terms, and every hit."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.governance.dlp.detectors import RuleCode


class Action(models.TextChoices):
    """What a rule does when it finds something."""

    WARN = "warn", pgettext_lazy("dlp action", "Warn (publish with a reason)")
    HOLD = "hold", pgettext_lazy("dlp action", "Hold for review")
    BLOCK = "block", pgettext_lazy("dlp action", "Block")


class Code(models.TextChoices):
    BSN = RuleCode.BSN, pgettext_lazy("dlp rule", "Citizen service number (BSN)")
    IBAN = RuleCode.IBAN, pgettext_lazy("dlp rule", "Bank account number (IBAN)")
    CARD = RuleCode.CARD, pgettext_lazy("dlp rule", "Payment card number")
    TERM = (
        RuleCode.TERM,
        pgettext_lazy("dlp rule", "Client names and confidential terms"),
    )
    MARKER = RuleCode.MARKER, pgettext_lazy("dlp rule", "Confidentiality markers")
    GUESTS = RuleCode.GUESTS, pgettext_lazy("dlp rule", "Group with external guests")


# What each rule does until an admin changes it.
DEFAULT_ACTIONS = {
    Code.BSN: Action.BLOCK,
    Code.CARD: Action.BLOCK,
    Code.IBAN: Action.HOLD,
    Code.TERM: Action.WARN,
    Code.MARKER: Action.WARN,
    Code.GUESTS: Action.WARN,
}


class DlpRule(models.Model):
    """One detector's switch and action; a missing row means the default."""

    code = models.CharField(_("rule"), max_length=20, choices=Code.choices, unique=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["code"]
        verbose_name = _("leak prevention rule")
        verbose_name_plural = _("leak prevention rules")

    def __str__(self) -> str:
        return str(self.get_code_display())


class DlpTerm(models.Model):
    """A client name or confidential term the organisation maintains."""

    class Kind(models.TextChoices):
        CLIENT = "client", pgettext_lazy("dlp term", "Client name")
        CONFIDENTIAL = "confidential", pgettext_lazy("dlp term", "Confidential term")

    term = models.CharField(_("term"), max_length=100, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.CONFIDENTIAL
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["term"]
        verbose_name = _("confidential term")
        verbose_name_plural = _("confidential terms")

    def __str__(self) -> str:
        return self.term


class HitAction(models.TextChoices):
    """What happened to the text a finding was in."""

    BLOCKED = "blocked", pgettext_lazy("dlp hit", "Blocked")
    WARNED = "warned", pgettext_lazy("dlp hit", "Warned, not published")
    WARNED_PUBLISHED = (
        "warned-published",
        pgettext_lazy("dlp hit", "Warned, published with a reason"),
    )
    HELD = "held", pgettext_lazy("dlp hit", "Held for review")
    RELEASED = "released", pgettext_lazy("dlp hit", "Released after review")
    REJECTED = "rejected", pgettext_lazy("dlp hit", "Rejected after review")


class DlpHitQuerySet(models.QuerySet["DlpHit"]):
    def for_object(self, obj: models.Model) -> "DlpHitQuerySet":
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )


class DlpHit(models.Model):
    """One finding in one attempt to publish, and what became of it."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    place = models.CharField(_("place"), max_length=20)  # post, comment, mail
    rule = models.CharField(_("rule"), max_length=20, choices=Code.choices)
    action = models.CharField(_("outcome"), max_length=20, choices=HitAction.choices)
    match = models.CharField(_("match (masked)"), max_length=200)
    line = models.PositiveIntegerField(_("line"), null=True, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    objects = DlpHitQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("leak prevention hit")
        verbose_name_plural = _("leak prevention hits")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="dlp_hit_object"),
            models.Index(fields=["action", "-id"], name="dlp_hit_action"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.match}"
