"""Referrals, candidates and their consent, candidate passports, talent pools.

A colleague refers someone from outside (a ``Candidate``) for a vacancy or
in general (``Referral``). The candidate is not a user of Plein: what is
held about them lives in ``Candidate`` and ``Consent`` only, is shown to HR
(and to colleagues HR names in a ``CandidateShare``) and follows the Dutch
recruitment code (NVP Sollicitatiecode): kept for the procedure and four
weeks after it, or up to a year with the candidate's consent, erased at
once on request. ``erase_after`` on the candidate is the one date the
retention run reads; the actions keep it up to date.

When a candidate is erased, the ``Referral`` stays as a tombstone without
personal data (``candidate`` is null): the referrer still sees that it was
declined or expired, and HR's conversion figures still count it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Language(models.TextChoices):
    NL = "nl", "Nederlands"
    EN = "en", "English"


def cv_path(instance: "Candidate", filename: str) -> str:
    # No name of the candidate in the path: the file name is kept apart.
    return f"referrals/cv/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Candidate(models.Model):
    """Someone from outside, as referred; erased as a whole, never edited away.

    Before the candidate consents, only the referral notice is kept and
    shown (to HR): the name, contact and language (to send the consent
    mail). ``why`` and the CV are empty until then: the referrer adds them
    once the candidate agreed.
    """

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), max_length=254)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.NL
    )
    why = models.TextField(_("why this candidate"), blank=True)
    # The candidate's own words, when they applied through a colleague's
    # share link on the public vacancy page.
    motivation = models.TextField(_("motivation"), blank=True)
    cv = models.FileField(upload_to=cv_path, max_length=300, blank=True)
    cv_name = models.CharField(max_length=150, blank=True)
    cv_type = models.CharField(max_length=100, blank=True)
    cv_size = models.PositiveIntegerField(default=0)
    # HR's words: the summary shown on the candidate passport, the skills
    # that talent pools match against vacancies, and notes for HR alone.
    summary = models.TextField(_("summary"), blank=True)
    skills = models.CharField(_("skills"), max_length=500, blank=True)
    notes = models.TextField(_("notes for HR"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # When the procedure this candidate was referred for ended (the
    # referral's outcome, or the vacancy closing): the four weeks count
    # from here.
    procedure_ended_at = models.DateTimeField(null=True, blank=True)
    # The moment everything here goes (see actions.build_erase_after).
    erase_after = models.DateTimeField()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        indexes = [models.Index(fields=["erase_after"], name="referrals_cand_erase")]

    def __str__(self) -> str:
        # Never the name: this string may end up in logs and admin lists.
        return f"candidate {self.pk}"


class Consent(models.Model):
    """What the candidate agreed to, and the key to their consent page."""

    class Scope(models.TextChoices):
        PENDING = "", pgettext_lazy("consent scope", "Not answered yet")
        PROCEDURE = (
            "procedure",
            pgettext_lazy(
                "consent scope", "This procedure only (deleted 4 weeks after it ends)"
            ),
        )
        YEAR = (
            "year",
            pgettext_lazy(
                "consent scope",
                "Keep for up to 1 year (talent pools, named colleagues)",
            ),
        )

    candidate = models.OneToOneField(
        Candidate, primary_key=True, on_delete=models.CASCADE, related_name="consent"
    )
    scope = models.CharField(
        max_length=10, choices=Scope.choices, default=Scope.PENDING, blank=True
    )
    # The SHA-256 of the secret in the consent link; the link itself is
    # signed and expires (actions.parse_consent_token).
    token_hash = models.CharField(max_length=64, unique=True)
    # Claimed before the consent mail is sent, so it goes once.
    mail_sent_at = models.DateTimeField(null=True, blank=True)
    given_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    renewal_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("candidate consent")
        verbose_name_plural = _("candidate consents")
        indexes = [
            models.Index(fields=["scope", "expires_at"], name="referrals_consent_exp")
        ]

    def __str__(self) -> str:
        return f"consent {self.candidate_id} ({self.scope or 'pending'})"

    @property
    def is_given(self) -> bool:
        return self.scope != self.Scope.PENDING

    @property
    def is_year(self) -> bool:
        return self.scope == self.Scope.YEAR


class Referral(models.Model):
    """A colleague's referral; outlives the candidate's data as a tombstone."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", pgettext_lazy("referral status", "Awaiting consent")
        CONSENTED = "consented", pgettext_lazy("referral status", "Consent given")
        DECLINED = "declined", pgettext_lazy("referral status", "Declined")
        IN_PROCEDURE = "procedure", pgettext_lazy("referral status", "In procedure")
        HIRED = "hired", pgettext_lazy("referral status", "Hired")
        NOT_HIRED = "not_hired", pgettext_lazy("referral status", "Not hired")
        WITHDRAWN = "withdrawn", pgettext_lazy("referral status", "Withdrawn")
        EXPIRED = "expired", pgettext_lazy("referral status", "Expired")

    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    candidate = models.OneToOneField(
        Candidate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referral",
    )
    vacancy = models.ForeignKey(
        "vacancies.Vacancy",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.AWAITING
    )
    # The candidate's choice on their consent page: may the referrer follow
    # the procedure's status? Without it the referrer sees only that consent
    # was given (and, as for everyone, declined or expired).
    referrer_sees_status = models.BooleanField(default=False)
    # The candidate applied themselves, on the public vacancy page, through
    # the referrer's share link (consent given in the same step).
    through_share_link = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)
    # When the candidate's data went (declined, expired, erased on request).
    erased_at = models.DateTimeField(null=True, blank=True)
    # A reward for a hire, paid outside Plein; recorded by HR.
    reward_description = models.CharField(max_length=200, blank=True)
    reward_amount = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True
    )
    reward_recorded_at = models.DateTimeField(null=True, blank=True)
    reward_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["referrer", "-created_at"], name="referrals_mine"),
            models.Index(fields=["status", "-created_at"], name="referrals_status"),
        ]

    def __str__(self) -> str:
        return f"referral {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in (
            self.Status.AWAITING,
            self.Status.CONSENTED,
            self.Status.IN_PROCEDURE,
        )


# The outcomes HR sets; the others follow from the candidate's answers.
HR_STATUSES = (
    Referral.Status.IN_PROCEDURE,
    Referral.Status.HIRED,
    Referral.Status.NOT_HIRED,
)
# The statuses in which a vacancy's managers see the referral: from the
# candidate's consent (never the notice alone).
HANDLED_STATUSES = (Referral.Status.CONSENTED, *HR_STATUSES)
# Statuses in which the procedure is over.
ENDED_STATUSES = (
    Referral.Status.HIRED,
    Referral.Status.NOT_HIRED,
    Referral.Status.DECLINED,
    Referral.Status.WITHDRAWN,
    Referral.Status.EXPIRED,
)


class CandidateShare(models.Model):
    """A candidate passport: a consenting candidate offered to one colleague."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="shares"
    )
    shared_with = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The consent's expiry: the share ends with it (and goes when the
    # candidate is erased).
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("candidate passport share")
        verbose_name_plural = _("candidate passport shares")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "shared_with"], name="referrals_share_once"
            )
        ]

    def __str__(self) -> str:
        return f"share {self.candidate_id} → {self.shared_with_id}"


class TalentPool(models.Model):
    """A pool such as "IT security" or "graduates 2027", managed by HR."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("open for new members"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("talent pool")
        verbose_name_plural = _("talent pools")

    def __str__(self) -> str:
        return self.name


class PoolCandidate(models.Model):
    """A candidate (with a year's consent) in a pool; goes with the candidate."""

    pool = models.ForeignKey(
        TalentPool, on_delete=models.CASCADE, related_name="candidates"
    )
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="pools"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pool", "candidate"], name="referrals_pool_cand_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pool_id}: candidate {self.candidate_id}"


class PoolMember(models.Model):
    """An employee who opted in to a pool for internal mobility."""

    pool = models.ForeignKey(
        TalentPool, on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pool", "person"], name="referrals_pool_member_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pool_id}: person {self.person_id}"
