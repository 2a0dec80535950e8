"""Pulse surveys: the survey, its rounds, and answers no one can trace back.

Three kinds of rows, kept apart on purpose (docs/surveys.md, "Privacy"):

- ``Invitation`` is the only row naming a person: who may answer a round and
  whether they did. It exists for reminders and one answer per person, and
  is deleted when the round closes. It has no timestamp, and it is written
  for the whole audience when the round opens (an answer flips a flag in
  place), so its order says nothing about who answered when.
- ``Response`` holds an answer: the round, the reporting unit (a merged
  department, never a person's own one when it is small), the scores and the
  free text. No person, no time, a random key; when the round closes the
  rows are written anew in random order.
- ``RoundUnit`` holds the figures of a closed round per reporting unit, each
  of at least ``SURVEY_MIN_GROUP`` respondents.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The reporting unit of everyone not counted in a department of their own.
OTHER_UNIT = "other"


class Recurrence(models.TextChoices):
    ONCE = "once", pgettext_lazy("survey recurrence", "Once")
    WEEKLY = "weekly", pgettext_lazy("survey recurrence", "Every week")
    MONTHLY = "monthly", pgettext_lazy("survey recurrence", "Every month")
    QUARTERLY = "quarterly", pgettext_lazy("survey recurrence", "Every quarter")


class Survey(models.Model):
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), max_length=1000, blank=True)
    # "How likely are you to recommend ... as a place to work?" (0-10).
    has_enps = models.BooleanField(_("ask the eNPS question"), default=True)
    # The free-text question; "" asks none.
    comment_prompt = models.CharField(
        _("free-text question"), max_length=200, blank=True
    )
    is_organisation_wide = models.BooleanField(_("whole organisation"), default=False)
    departments = models.ManyToManyField(
        "people.Department", verbose_name=_("departments"), blank=True, related_name="+"
    )
    groups = models.ManyToManyField(
        "groups.Group", verbose_name=_("groups"), blank=True, related_name="+"
    )
    recurrence = models.CharField(
        _("repeats"),
        max_length=10,
        choices=Recurrence.choices,
        default=Recurrence.MONTHLY,
    )
    starts_at = models.DateTimeField(_("first round opens"))
    open_days = models.PositiveSmallIntegerField(_("days open"), default=7)
    # A paused survey opens no new rounds; an open round runs to its end.
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pulse survey")
        verbose_name_plural = _("pulse surveys")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A statement answered on a scale of 1 (disagree) to 5 (agree)."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("question"), max_length=200)

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "position"], name="surveys_question_position"
            )
        ]

    def __str__(self) -> str:
        return self.text


class Round(models.Model):
    """One period of a survey, open from ``opens_at`` until ``closes_at``."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField()  # 1, 2, ... in order of opening
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    remind_at = models.DateTimeField()
    # Claimed with conditional updates by the periodic job: at most once each.
    reminded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    invited_count = models.PositiveIntegerField(default=0)
    response_count = models.PositiveIntegerField(default=0)  # set on closing
    # The reporting units fixed when the round opened, from the audience's
    # size per department: {"map": {department id: unit key}, "parents":
    # {unit key: parent unit key}, "labels": {...}, "departments": {...}}.
    units = models.JSONField(default=dict)

    class Meta:
        ordering = ["survey", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "number"], name="surveys_round_number"
            )
        ]
        indexes = [
            models.Index(
                fields=["closes_at"],
                condition=models.Q(closed_at__isnull=True),
                name="surveys_round_open",
            )
        ]

    def __str__(self) -> str:
        return self.survey.title

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Invitation(models.Model):
    """Who may answer a round, and whether they did (deleted on closing)."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    has_responded = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"], name="surveys_invitation_unique"
            )
        ]
        indexes = [
            models.Index(fields=["person", "round"], name="surveys_invitation_person")
        ]


class Response(models.Model):
    """One answer: no person, no time, a random key (see the module doc)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    unit_key = models.CharField(max_length=20)
    enps = models.PositiveSmallIntegerField(null=True, blank=True)
    # {"<question id>": 1..5}: in the row itself, so no second table's
    # insertion order reveals the order of the answers.
    scores = models.JSONField(default=dict)
    comment = models.TextField(max_length=2000, blank=True)


class RoundUnit(models.Model):
    """The figures of one reporting unit of a closed round (frozen)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="results")
    key = models.CharField(max_length=20)
    label = models.CharField(max_length=200)  # "" for the other departments
    # The departments the unit covers, by id and by name at closing.
    department_ids = models.JSONField(default=list)
    department_names = models.JSONField(default=list)
    respondents = models.PositiveIntegerField()
    # {"enps": [count of 0, ..., count of 10] | null,
    #  "questions": {"<question id>": [count of 1, ..., count of 5]}}
    stats = models.JSONField(default=dict)

    class Meta:
        ordering = ["round", "-respondents", "key"]
        constraints = [
            models.UniqueConstraint(fields=["round", "key"], name="surveys_unit_key")
        ]

    def __str__(self) -> str:
        return self.label or str(OTHER_UNIT)
