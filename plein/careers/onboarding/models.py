"""Onboarding: a plan for a new colleague's first weeks, made from a template.

HR (organisation admins and moderators) keeps templates: the default one
and one per department. A template lists the groups to join, the wiki pages
to read (each within a number of days), the people to meet, the manager's
checklist and the text of a welcome post. When a person is created a plan
is made from the template of their department (or the default): one task
per item. Plein ticks what it can observe (joining a group, reading a page,
publishing the welcome post); the new colleague ticks "met X", the manager
ticks their checklist.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OnboardingTemplate(models.Model):
    name = models.CharField(_("name"), max_length=120)
    # None: the default template, for departments without one of their own.
    department = models.ForeignKey(
        "people.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    groups = models.ManyToManyField(
        "groups.Group", verbose_name=_("groups to join"), blank=True, related_name="+"
    )
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("people to meet"),
        blank=True,
        related_name="+",
    )
    meet_manager = models.BooleanField(_("meet the manager"), default=True)
    meet_buddy = models.BooleanField(_("meet the buddy"), default=True)
    # One item a line.
    manager_checklist = models.TextField(_("checklist for the manager"), blank=True)
    # "{name}" becomes an @mention of the new colleague.
    welcome_text = models.TextField(_("welcome post"), blank=True)
    welcome_group = models.ForeignKey(
        "groups.Group",
        verbose_name=_("group for the welcome post"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_days = models.PositiveSmallIntegerField(
        _("days for the other tasks"), default=14
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["department__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["department"], name="onboarding_one_template_per_department"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def checklist_items(self) -> list[str]:
        return [
            line.strip()[:300]
            for line in self.manager_checklist.splitlines()
            if line.strip()
        ]


class TemplatePage(models.Model):
    """A wiki page of a template, to be read within ``due_days`` of the start."""

    template = models.ForeignKey(
        OnboardingTemplate, on_delete=models.CASCADE, related_name="pages"
    )
    page = models.ForeignKey("wiki.Page", on_delete=models.CASCADE, related_name="+")
    due_days = models.PositiveSmallIntegerField(_("read within (days)"), default=7)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "page"], name="onboarding_page_once_per_template"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template_id}: page {self.page_id}"


class OnboardingPlan(models.Model):
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="onboarding"
    )
    template = models.ForeignKey(
        OnboardingTemplate, null=True, on_delete=models.SET_NULL, related_name="plans"
    )
    buddy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_on = models.DateField(default=timezone.localdate)
    completed_at = models.DateTimeField(null=True, blank=True)
    # None: made automatically when the person was created.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["manager"], name="onboarding_plan_manager")]

    def __str__(self) -> str:
        return self.person.full_name


class OnboardingTask(models.Model):
    class Kind(models.TextChoices):
        WELCOME_POST = "welcome_post", pgettext_lazy("onboarding task", "Welcome")
        JOIN_GROUP = "join_group", pgettext_lazy("onboarding task", "Join a group")
        READ_PAGE = "read_page", pgettext_lazy("onboarding task", "Read")
        MEET_PERSON = "meet_person", pgettext_lazy("onboarding task", "Meet")
        MANAGER_CHECK = (
            "manager_check",
            pgettext_lazy("onboarding task", "Manager's checklist"),
        )

    plan = models.ForeignKey(
        OnboardingPlan, on_delete=models.CASCADE, related_name="tasks"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    # The target, by kind: a group, a wiki page, a person, the welcome post.
    group = models.ForeignKey(
        "groups.Group", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    page = models.ForeignKey(
        "wiki.Page", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    post = models.ForeignKey(
        "posts.Post", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The manager's checklist item (HR's words).
    text = models.CharField(max_length=300, blank=True)
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Claimed by the daily reminder run: an overdue task is reminded once.
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        indexes = [
            models.Index(fields=["due_on", "done_at"], name="onboarding_task_due"),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.MANAGER_CHECK:
            return self.text
        return str(self.get_kind_display())

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
