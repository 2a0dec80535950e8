"""Recognition: a ledger of points for useful sharing, and "this helped me".

Every point is one ``Point`` row with a unique ``source_key`` naming what
earned it ("qna.accepted:<answer id>", "helped:post:<id>:<giver id>", ...),
so an event handled twice or replayed writes nothing new. A withdrawn
reason (an answer no longer accepted, a vote or mark taken back) deletes
its row.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TargetKind(models.TextChoices):
    POST = "post", pgettext_lazy("recognition target", "post")
    COMMENT = "comment", pgettext_lazy("recognition target", "comment")
    PAGE = "page", pgettext_lazy("recognition target", "wiki page")
    REFERRAL = "referral", pgettext_lazy("recognition target", "referral")


class Point(models.Model):
    class Kind(models.TextChoices):
        ACCEPTED_ANSWER = "accepted_answer", _("Accepted answers")
        ANSWER_VOTE = "answer_vote", _("Votes on answers")
        HELPED = "helped", _("“This helped me”")
        PAGE_READ = "page_read", _("Readers of your wiki pages")
        PAGE_VERIFIED = "page_verified", _("Verifications of your wiki pages")
        # Written by plein.engagement.kudos for each colleague a kudos names.
        KUDOS = "kudos", _("Kudos from colleagues")
        # Written by plein.careers.referrals when HR records a hire's reward.
        REFERRAL = "referral", _("Referrals that led to a hire")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    source_key = models.CharField(max_length=120, unique=True)
    # Who gave it: the voter, the reader, whoever accepted or marked. Every
    # point has one; null only once that person's account is gone.
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What earned it, for "what earned them" on one's own page.
    target_kind = models.CharField(max_length=10, choices=TargetKind.choices)
    target_id = models.PositiveBigIntegerField()
    # The points counted: the kind's value, less what the per-giver cap
    # took when the row was written (0 when the giver's budget was spent).
    value = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("recognition point")
        verbose_name_plural = _("recognition points")
        indexes = [
            models.Index(fields=["person", "created_at"], name="recog_point_person"),
            models.Index(fields=["created_at"], name="recog_point_created"),
            models.Index(
                fields=["giver", "person", "created_at"], name="recog_point_giver"
            ),
            models.Index(
                fields=["target_kind", "target_id"], name="recog_point_target"
            ),
        ]

    def __str__(self) -> str:
        return self.source_key


class HelpedMark(models.Model):
    """A colleague's "this helped me" on a post, a comment or a wiki page."""

    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    target_kind = models.CharField(max_length=10, choices=TargetKind.choices)
    target_id = models.PositiveBigIntegerField()
    # The author when the mark was given.
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("“this helped me” mark")
        verbose_name_plural = _("“this helped me” marks")
        constraints = [
            models.UniqueConstraint(
                fields=["target_kind", "target_id", "giver"],
                name="recog_helped_once_per_person",
            )
        ]
        indexes = [
            models.Index(fields=["receiver", "created_at"], name="recog_helped_recv"),
        ]

    def __str__(self) -> str:
        return f"{self.giver_id} → {self.target_kind}:{self.target_id}"


class RecognitionSettings(models.Model):
    """The organisation's recognition policy: one row (pk 1), edited by admins."""

    leaderboard_enabled = models.BooleanField(
        _("show a leaderboard"),
        default=False,
        help_text=_(
            "Everyone sees the top contributors of the last 90 days. Off: "
            "nobody sees anyone else's points."
        ),
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("recognition settings")
        verbose_name_plural = _("recognition settings")

    def __str__(self) -> str:
        return "recognition settings"
