"""Mentions: a page on the web that speaks about the organisation.

One row per canonical URL (``plein.listening.mentions.urls_canonical``), so
the same article found by two feeds, an alert mail and a colleague is one
mention; each source that saw it has a ``MentionSighting``. Mentions are
public web content, not personal data of the organisation's people.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

TITLE_MAX_LENGTH = 300
EXCERPT_MAX_LENGTH = 1000
URL_MAX_LENGTH = 2000


class Sentiment(models.TextChoices):
    POSITIVE = "positive", pgettext_lazy("sentiment", "Positive")
    NEUTRAL = "neutral", pgettext_lazy("sentiment", "Neutral")
    NEGATIVE = "negative", pgettext_lazy("sentiment", "Negative")


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
    # Sentiment (``sentiment.score`` on title and excerpt, at intake). A
    # person may correct it: ``sentiment`` is then theirs, and what was
    # computed stays in ``sentiment_computed`` with its deciding words.
    sentiment = models.CharField(
        _("sentiment"), max_length=10, choices=Sentiment.choices, blank=True
    )
    sentiment_computed = models.CharField(
        max_length=10, choices=Sentiment.choices, blank=True
    )
    sentiment_score = models.FloatField(null=True, blank=True)
    sentiment_words = models.CharField(max_length=300, blank=True)
    sentiment_corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sentiment_corrected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Newest found first: ids grow with found_at, and a batch is written
        # oldest publication first (``do_take_in``).
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["sentiment", "-id"], name="mentions_by_sentiment")
        ]

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


class MentionSubmission(models.Model):
    """A colleague sent this link in: by mail to the listening address, on
    the submit page or through the API ("all the eyes and ears").

    Who sent what is personal data (``personal_data.py``: exported, and
    removed on erasure); the mention itself stays.
    """

    class Via(models.TextChoices):
        MAIL = "mail", pgettext_lazy("submitted via", "E-mail")
        FORM = "form", pgettext_lazy("submitted via", "Form")
        API = "api", pgettext_lazy("submitted via", "API")

    mention = models.ForeignKey(
        Mention, on_delete=models.CASCADE, related_name="submissions"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    via = models.CharField(max_length=10, choices=Via.choices)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            # The first time counts; sending the same link again adds nothing.
            models.UniqueConstraint(
                fields=["mention", "person"], name="mentions_submitted_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.mention_id}"
