"""What insights keeps: one row per person per active day, and rollups.

``ActivityDay`` is the only table that names a person. It is kept for
INSIGHTS_ACTIVITY_DAYS (long enough for the 30-day windows and the
nightly recomputation) and then deleted. ``Rollup`` rows hold figures per
day and scope (the organisation, a reporting unit of departments, a group),
never a person's id; the dashboards read only those.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ActivityDay(models.Model):
    """That a person read, posted or reacted on one day (the org's calendar).

    ``has_read`` is set as it happens (the post page, the home feed,
    search); ``has_posted`` (a post or a comment), ``has_reacted`` and
    ``group_ids`` (the groups posted, commented or reacted in) are
    recomputed from the content by the nightly rollup.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    has_read = models.BooleanField(default=False)
    has_posted = models.BooleanField(default=False)
    has_reacted = models.BooleanField(default=False)
    group_ids = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "day"], name="insights_activity_once_a_day"
            )
        ]
        indexes = [models.Index(fields=["day"], name="insights_activity_day")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.day}"


class Scope(models.TextChoices):
    ORGANISATION = "org"
    UNIT = "unit"  # departments merged until at least INSIGHTS_MIN_GROUP
    GROUP = "group"


class Rollup(models.Model):
    """The figures of one day for one scope; no person's id anywhere.

    ``key`` is "" for the organisation, the unit key ("d12", "other") or the
    group's id. ``population`` is the number of people behind the scope
    that day; ``figures`` maps a metric's name to a number, ``samples`` a
    distribution's name to its values (minutes until a first answer), so a
    median over any period is exact. ``departments`` lists the department
    ids a unit stands for.
    """

    day = models.DateField()
    scope = models.CharField(max_length=5, choices=Scope.choices)
    key = models.CharField(max_length=20, blank=True)
    population = models.PositiveIntegerField(default=0)
    figures = models.JSONField(default=dict)
    samples = models.JSONField(default=dict, blank=True)
    departments = models.JSONField(default=list, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "day"], name="insights_rollup_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.scope}:{self.key}"


class InactiveGroup(models.Model):
    """A group in a spell without posts or comments, flagged to its admins.

    The row lives as long as the spell: the nightly check deletes it when
    the group is active again, so the next spell is flagged (and notified)
    once more. ``last_activity_at`` starts the spell.
    """

    group = models.OneToOneField(
        "groups.Group", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    last_activity_at = models.DateTimeField()
    flagged_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return str(self.group_id)
