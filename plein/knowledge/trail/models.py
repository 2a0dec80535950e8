from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TrailOptIn(models.Model):
    """A person who chose to share their search trail; no row, no trail.

    Opting out deletes this row and every ``TrailTerm`` of the person.
    """

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="trail_opt_in",
    )
    opted_in_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("search trail opt-in")
        verbose_name_plural = _("search trail opt-ins")

    def __str__(self) -> str:
        return str(self.person_id)


class TrailTerm(models.Model):
    """One stemmed search term of an opted-in person, never the query itself.

    ``weight`` is the decayed number of searches as of ``last_seen_at``: each
    search first decays it (half-life ``SEARCH_TRAIL_HALF_LIFE_DAYS``), then
    adds one. ``surface`` is the last lower-cased word form that produced the
    stem, used only as a readable label once several people share the stem.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    stem = models.CharField(max_length=64)
    surface = models.CharField(max_length=64)
    weight = models.FloatField(default=1.0)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("search trail term")
        verbose_name_plural = _("search trail terms")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "stem"], name="trail_term_person_stem"
            )
        ]
        indexes = [
            models.Index(fields=["stem", "last_seen_at"], name="trail_term_stem_seen"),
            models.Index(fields=["last_seen_at"], name="trail_term_seen"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.stem}"
