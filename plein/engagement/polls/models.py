"""Polls and quizzes: two kinds of post.

A poll is a ``Post`` of kind "poll" (its text is the question) and a quiz a
``Post`` of kind "quiz", so the feed, search, visibility, moderation and
notifications treat them as any post. This app adds the options, the votes
and the answers.

Anonymity is a property of the storage, not of the screens (see
docs/polls.md): for an anonymous poll the tables hold who voted
(``PollVoter``, one row per person, no time) and how often each option was
chosen (``PollTally``, counters created all at once with the poll and only
ever incremented), and nothing that joins the two. ``PollChoice`` (who chose
what) is written for named polls only.
"""

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

# The ``Post.kind`` codes (registered in hooks.py).
POLL = "poll"
QUIZ = "quiz"

MIN_OPTIONS = 2
MAX_OPTIONS = 10
# No department breakdown cell, and no department of its own in the
# counters, below this many (docs/polls.md).
MIN_GROUP_SIZE = 5
# The key of the counters of people in no department or in a small one.
OTHER_DEPARTMENT = 0


class ResultsShown(models.TextChoices):
    LIVE = "live", pgettext_lazy("poll results", "While the poll runs")
    AFTER_CLOSE = "closed", pgettext_lazy("poll results", "After the poll closes")


class Poll(models.Model):
    """The poll-only state of a poll post."""

    post = models.OneToOneField(
        "posts.Post", primary_key=True, on_delete=models.CASCADE, related_name="poll"
    )
    is_multiple = models.BooleanField(_("several answers allowed"), default=False)
    allows_other = models.BooleanField(_("free answer allowed"), default=False)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    results_shown = models.CharField(
        _("results shown"),
        max_length=10,
        choices=ResultsShown.choices,
        default=ResultsShown.LIVE,
    )
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    # Set once, by whoever closes it first (the author or the scheduler).
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        indexes = [
            models.Index(
                fields=["closes_at"],
                name="polls_poll_due",
                condition=models.Q(closed_at__isnull=True, closes_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return str(self.post_id)

    def is_closed(self, now: datetime | None = None) -> bool:
        """Closed by hand, or past its closing time (even before the task ran)."""
        if self.closed_at is not None:
            return True
        now = now or timezone.now()
        return self.closes_at is not None and self.closes_at <= now


class PollOption(models.Model):
    """One answer of a poll; ``is_other`` is the free answer."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(_("option"), max_length=200)
    is_other = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "position"], name="polls_option_position"
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The label; "Other" in the reader's language for the free answer."""
        if self.is_other:
            return pgettext("poll option", "Other")
        return self.label


class PollVoter(models.Model):
    """That a person voted: one vote per person, and who to remind.

    Deliberately without a time: with one, it could be lined up with the
    moment a counter changed.
    """

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="voters")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "voter"], name="polls_voter_once")
        ]
        indexes = [models.Index(fields=["voter", "poll"], name="polls_voter_person")]


class PollTally(models.Model):
    """How many chose an option, per department (``OTHER_DEPARTMENT``: the rest).

    Every counter of a poll is created with the poll and then only counted
    up (and, in a named poll, down) with ``count = count + 1``: no row is
    written when a vote arrives, so neither row ids nor their order say
    anything about who voted when.
    """

    option = models.ForeignKey(
        PollOption, on_delete=models.CASCADE, related_name="tallies"
    )
    # A department id, not a foreign key: a counter outlives a reorganisation
    # (a department that is gone shows among "other departments").
    department_key = models.PositiveIntegerField(default=OTHER_DEPARTMENT)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["option", "department_key"], name="polls_tally_unique"
            )
        ]


class PollChoice(models.Model):
    """Who chose what, in a named poll only (never in an anonymous one)."""

    option = models.ForeignKey(
        PollOption, on_delete=models.CASCADE, related_name="choices"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The counter the vote went to, taken back if the vote is changed.
    department_key = models.PositiveIntegerField(default=OTHER_DEPARTMENT)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["option", "voter"], name="polls_choice_unique"
            )
        ]


class PollFreeAnswer(models.Model):
    """A free ("other") answer. A random id and no time: nothing to order by.

    ``voter`` is set in named polls only.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="free_answers"
    )
    text = models.CharField(_("answer"), max_length=200)
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    def __str__(self) -> str:
        return self.text


class Quiz(models.Model):
    """The quiz-only state of a quiz post."""

    post = models.OneToOneField(
        "posts.Post", primary_key=True, on_delete=models.CASCADE, related_name="quiz"
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    has_leaderboard = models.BooleanField(_("leaderboard"), default=False)

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return str(self.post_id)

    @property
    def shows_leaderboard(self) -> bool:
        # An anonymous quiz keeps no scores, so it has nothing to rank.
        return self.has_leaderboard and not self.is_anonymous


class QuizQuestion(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("question"), max_length=500)
    options = models.JSONField(default=list)  # the answers' labels, in order
    correct = models.JSONField(default=list)  # indexes into ``options``
    explanation = models.CharField(_("explanation"), max_length=1000, blank=True)
    # How many answered it, and how many right: for the author, in any quiz.
    answered_count = models.PositiveIntegerField(default=0)
    correct_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "position"], name="polls_question_position"
            )
        ]

    def __str__(self) -> str:
        return self.text


class QuizAttempt(models.Model):
    """That a person took a quiz; their score and answers in a named quiz only."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    taker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    answers = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["quiz", "taker"], name="polls_attempt_once")
        ]
        indexes = [models.Index(fields=["quiz", "-score"], name="polls_attempt_rank")]
