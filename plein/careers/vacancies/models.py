"""Internal vacancies: a post of kind "vacancy" with what a post lacks.

A vacancy is a ``Post`` of kind "vacancy", so it is announced in the feed
(or a group), discussed in its comments, matched by term alerts and found
by search exactly like any post, and seen by exactly those who may see the
post. This row adds the department, place, hours, salary scale,
requirements, closing date, contact, who may see it outside the
organisation (``is_external``: a public page; ``for_alumni``: alumni), and
how it ended (for HR's time-to-fill and hires figures).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The ``Post.kind`` of a vacancy.
VACANCY = "vacancy"


def taking_applications_filter(prefix: str = "") -> Q:
    """``Vacancy.takes_applications`` as a Q (``prefix`` for a relation)."""
    return Q(**{f"{prefix}status": Vacancy.Status.OPEN}) & (
        Q(**{f"{prefix}closes_on__isnull": True})
        | Q(**{f"{prefix}closes_on__gte": timezone.localdate()})
    )


class Vacancy(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("vacancy status", "Open")
        FILLED = "filled", pgettext_lazy("vacancy status", "Filled")
        CLOSED = "closed", pgettext_lazy("vacancy status", "Closed")

    class HiredFrom(models.TextChoices):
        """Where the person who filled it came from (HR's figures)."""

        NONE = "", pgettext_lazy("hired from", "Not filled")
        INTERNAL = "internal", pgettext_lazy("hired from", "Internal move")
        REFERRAL = "referral", pgettext_lazy("hired from", "Referral")
        EXTERNAL = "external", pgettext_lazy("hired from", "Other external")

    post = models.OneToOneField(
        "posts.Post", primary_key=True, on_delete=models.CASCADE, related_name="vacancy"
    )
    department = models.ForeignKey(
        "people.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vacancies",
    )
    location = models.CharField(_("place"), max_length=200, blank=True)
    hours_min = models.PositiveSmallIntegerField(
        _("hours a week, from"), null=True, blank=True
    )
    hours_max = models.PositiveSmallIntegerField(
        _("hours a week, to"), null=True, blank=True
    )
    salary_scale = models.CharField(_("salary scale"), max_length=100, blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    closes_on = models.DateField(_("closing date"), null=True, blank=True)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Also shown outside: a public page (schema.org JobPosting) and a share
    # text for outside networks.
    is_external = models.BooleanField(_("also external"), default=False)
    # Shown to alumni too (plein.careers.alumni).
    for_alumni = models.BooleanField(_("open to alumni"), default=False)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    hired_from = models.CharField(
        max_length=10, choices=HiredFrom.choices, default=HiredFrom.NONE, blank=True
    )
    # The text in the post's other language (Dutch or English), shown to
    # readers whose language is that one. Empty: no translation.
    other_title = models.CharField(_("title (translation)"), max_length=200, blank=True)
    other_description = models.TextField(_("description (translation)"), blank=True)

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        indexes = [
            models.Index(fields=["status", "-created_at"], name="vacancies_open"),
            models.Index(fields=["department", "status"], name="vacancies_dept"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_min__isnull=True)
                | models.Q(hours_max__isnull=True)
                | models.Q(hours_max__gte=models.F("hours_min")),
                name="vacancies_hours_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.post_id)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def takes_applications(self) -> bool:
        """Open, and its closing date (if any) not past: HR may close it later."""
        if not self.is_open:
            return False
        return self.closes_on is None or self.closes_on >= timezone.localdate()

    @property
    def other_language(self) -> str:
        """The language of the translation: the one the post is not in."""
        return "en" if self.post.language == "nl" else "nl"

    @property
    def has_translation(self) -> bool:
        return bool(self.other_title or self.other_description)


class HiringManager(models.Model):
    """A person an organisation admin named to publish vacancies.

    For one department (their vacancies there, and the applications to
    them) or, without a department, for any department.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        "people.Department",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "department"],
                name="vacancies_hiring_manager_unique",
            ),
            # NULL department ("any"): once per person, on every database.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(department__isnull=True),
                name="vacancies_hiring_manager_any",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.department_id}"


class VacancyFollow(models.Model):
    """Someone who wants to hear of new vacancies in a department."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        "people.Department", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "department"], name="vacancies_follow_unique"
            )
        ]
        indexes = [models.Index(fields=["department"], name="vacancies_follow_dept")]


def build_share_token() -> str:
    # Random, not derived from the person: the public page must not reveal
    # who shared the link.
    return secrets.token_urlsafe(12)


class ShareLink(models.Model):
    """One person's link to an external vacancy, for outside networks.

    The token travels as ``?ref=`` on the public page's address; visits and
    applications that arrive with it are credited to ``person``.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.CASCADE, related_name="share_links"
    )
    token = models.CharField(max_length=32, unique=True, default=build_share_token)
    created_at = models.DateTimeField(default=timezone.now)
    visit_count = models.PositiveIntegerField(default=0)
    last_visit_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "vacancy"], name="vacancies_share_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.vacancy_id}"


class Stage(models.TextChoices):
    """Where an application stands; the order of the first five matters."""

    SUBMITTED = "submitted", pgettext_lazy("application stage", "Submitted")
    IN_REVIEW = "in_review", pgettext_lazy("application stage", "In review")
    INTERVIEW = "interview", pgettext_lazy("application stage", "Interview")
    OFFER = "offer", pgettext_lazy("application stage", "Offer")
    HIRED = "hired", pgettext_lazy("application stage", "Hired")
    REJECTED = "rejected", pgettext_lazy("application stage", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("application stage", "Withdrawn")


# The stages that move forward, in order: reaching the one the applicant
# chose shows the application to their manager.
PROGRESS = [Stage.SUBMITTED, Stage.IN_REVIEW, Stage.INTERVIEW, Stage.OFFER, Stage.HIRED]
FINAL = {Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN}


class ManagerSees(models.TextChoices):
    """From which stage the applicant's own manager may see the application."""

    SUBMITTED = "submitted", pgettext_lazy("manager sees", "From the start")
    INTERVIEW = "interview", pgettext_lazy("manager sees", "From the interview")
    OFFER = "offer", pgettext_lazy("manager sees", "From an offer")


def cv_path(instance: "Application", filename: str) -> str:
    # An unguessable folder: files are served only through the CV view.
    return f"vacancies/cv/{timezone.now():%Y/%m}/{secrets.token_hex(8)}/{filename}"


class Application(models.Model):
    """An employee's internal application to a vacancy (personal data)."""

    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.CASCADE, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    motivation = models.TextField(_("motivation"))
    cv_text = models.TextField(_("CV"), blank=True)
    cv_file = models.FileField(upload_to=cv_path, max_length=300, blank=True)
    cv_name = models.CharField(max_length=150, blank=True)
    cv_content_type = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        max_length=10, choices=Stage.choices, default=Stage.SUBMITTED
    )
    manager_sees_from = models.CharField(
        _("my manager sees it"),
        max_length=10,
        choices=ManagerSees.choices,
        default=ManagerSees.SUBMITTED,
    )
    # Set once the chosen stage is reached; from then on the applicant's
    # manager sees the application (and keeps seeing it).
    shown_to_manager_at = models.DateTimeField(null=True, blank=True)
    # The share link the applicant arrived through (referral credit).
    share_link = models.ForeignKey(
        ShareLink,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    created_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "applicant"], name="vacancies_application_unique"
            )
        ]
        indexes = [
            models.Index(fields=["applicant", "-created_at"], name="vacancies_app_mine")
        ]

    def __str__(self) -> str:
        return f"{self.applicant_id} → {self.vacancy_id}: {self.status}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL

    @property
    def is_shown_to_manager(self) -> bool:
        return self.shown_to_manager_at is not None
