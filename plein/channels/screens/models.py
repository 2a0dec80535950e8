"""Office screens: what a kiosk in a canteen shows, and the token it opens with."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Screen(models.Model):
    """One screen (or a set of identical screens) and its choice of content."""

    class Language(models.TextChoices):
        # Empty: the organisation's language (settings.LANGUAGE_CODE).
        ORGANISATION = "", pgettext_lazy("screen language", "Organisation's language")
        DUTCH = "nl", pgettext_lazy("language", "Dutch")
        ENGLISH = "en", pgettext_lazy("language", "English")

    name = models.CharField(_("name"), max_length=100)
    location = models.CharField(_("location"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, blank=True
    )
    rotation_seconds = models.PositiveSmallIntegerField(
        _("seconds per slide"), default=12
    )
    shows_announcements = models.BooleanField(_("show announcements"), default=True)
    shows_welcome = models.BooleanField(_("welcome new colleagues"), default=True)
    welcome_days = models.PositiveSmallIntegerField(
        _("welcome colleagues who joined in the last (days)"), default=14
    )
    # Open groups whose posts the screen shows; the content filter checks
    # again on every refresh, so a group closed later drops off at once.
    groups = models.ManyToManyField(
        "groups.Group", verbose_name=_("groups"), blank=True, related_name="+"
    )
    # Further registered content sources ("events" and what comes later),
    # by code (plein.channels.screens.sources).
    extra_sources = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("office screen")
        verbose_name_plural = _("office screens")

    def __str__(self) -> str:
        return self.name


class ScreenToken(models.Model):
    """The secret a screen device opens its page with; only its digest is kept."""

    screen = models.ForeignKey(Screen, on_delete=models.CASCADE, related_name="tokens")
    digest = models.CharField(max_length=64, unique=True)
    # The first characters, so that admins can tell tokens apart.
    prefix = models.CharField(max_length=12)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("screen token")
        verbose_name_plural = _("screen tokens")
        indexes = [
            models.Index(
                fields=["screen"],
                condition=models.Q(revoked_at__isnull=True),
                name="screens_token_live",
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}…"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
