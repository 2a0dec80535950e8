"""Mentions: a page on the web that speaks about the organisation.

One row per canonical URL (``plein.listening.mentions.urls_canonical``), so
the same article found by two feeds, an alert mail and a colleague is one
mention; each source that saw it has a ``MentionSighting``. Mentions are
public web content, not personal data of the organisation's people.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

TITLE_MAX_LENGTH = 300
EXCERPT_MAX_LENGTH = 1000
URL_MAX_LENGTH = 2000


class Mention(models.Model):
    class Language(models.TextChoices):
        DUTCH = "nl", pgettext_lazy("language", "Dutch")
        ENGLISH = "en", pgettext_lazy("language", "English")
        UNKNOWN = "", pgettext_lazy("language", "Unknown")

    # ASCII only (non-ASCII is percent-encoded), so the unique index holds
    # at most URL_MAX_LENGTH bytes on every database.
    canonical_url = models.CharField(max_length=URL_MAX_LENGTH, unique=True)
    url = models.URLField(_("address"), max_length=URL_MAX_LENGTH)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH, blank=True)
    excerpt = models.TextField(_("excerpt"), blank=True)
    language = models.CharField(
        max_length=8, choices=Language.choices, default="", blank=True
    )
    published_at = models.DateTimeField(null=True, blank=True)
    found_at = models.DateTimeField(default=timezone.now)
    # The source that found it first; the others are in the sightings.
    source = models.ForeignKey(
        "listening_sources.Source",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        # Newest found first: ids grow with found_at, and a batch is written
        # oldest publication first (``do_take_in``).
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title or self.url


class MentionSighting(models.Model):
    """One source saw one mention (first at ``seen_at``)."""

    mention = models.ForeignKey(
        Mention, on_delete=models.CASCADE, related_name="sightings"
    )
    source = models.ForeignKey(
        "listening_sources.Source", on_delete=models.CASCADE, related_name="+"
    )
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mention", "source"], name="mentions_sighting_once"
            )
        ]
