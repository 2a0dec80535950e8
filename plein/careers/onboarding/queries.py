"""Reads for the onboarding pages and the API, already scoped by plein.access.

What a task points at is named for the reader through the same rules as
anywhere else: a group they may not see, a page they may not read or a
post withheld from them shows as a plain "not visible to you".
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.groups import can_join_group, can_view_group
from plein.access.membership import is_member
from plein.access.onboarding import (
    can_edit_plan,
    can_publish_welcome,
    can_tick_task,
    visible_plans,
)
from plein.access.people import can_view_person
from plein.access.posts import can_view_post
from plein.access.wiki import can_view_page
from plein.careers.onboarding.models import OnboardingPlan, OnboardingTask

Kind = OnboardingTask.Kind
NOT_VISIBLE = "—"


@dataclass
class TaskView:
    task: OnboardingTask
    label: str
    url: str = ""
    can_tick: bool = False
    can_join: bool = False  # a "join" button (open group, not yet a member)
    is_overdue: bool = False

    @property
    def pk(self) -> int:
        return self.task.pk


@dataclass
class PlanView:
    plan: OnboardingPlan
    tasks: list[TaskView] = field(default_factory=list)
    can_edit: bool = False
    can_welcome: bool = False

    @property
    def done(self) -> int:
        return sum(1 for t in self.tasks if t.task.is_done)

    @property
    def percent(self) -> int:
        return round(100 * self.done / len(self.tasks)) if self.tasks else 100

    @property
    def overdue(self) -> int:
        return sum(1 for t in self.tasks if t.is_overdue)

    def of_kind(self, *kinds: str) -> list[TaskView]:
        return [t for t in self.tasks if t.task.kind in kinds]

    @property
    def welcome(self) -> TaskView | None:
        found = self.of_kind(Kind.WELCOME_POST)
        return found[0] if found else None


def _label(reader: Any, task: OnboardingTask) -> tuple[str, str]:
    """(what the task is about, a link) as ``reader`` may see it."""
    if task.kind == Kind.JOIN_GROUP:
        group = task.group
        if group is None or not can_view_group(reader, group):
            return _("a group that is not visible to you"), ""
        return group.name, group.url
    if task.kind == Kind.READ_PAGE:
        page = task.page
        if page is None or not can_view_page(reader, page):
            return _("a page that is not visible to you"), ""
        return page.title, reverse("wiki:page", args=[page.pk])
    if task.kind == Kind.MEET_PERSON:
        person = task.person
        if person is None or not can_view_person(reader, person):
            return _("a colleague who is no longer here"), ""
        return person.full_name, reverse("people:profile", args=[person.handle])
    if task.kind == Kind.WELCOME_POST:
        post = task.post
        if post is not None and can_view_post(reader, post):
            return pgettext("onboarding task", "Welcome post"), reverse(
                "posts:detail", args=[post.pk]
            )
        return pgettext("onboarding task", "Welcome post"), ""
    return task.text, ""


def build_plan_view(reader: Any, plan: OnboardingPlan) -> PlanView:
    """A plan (already through ``access_plan``) with its tasks, for ``reader``."""
    today = timezone.localdate()
    tasks = plan.tasks.select_related(
        "plan", "group", "page", "page__group", "person", "post", "post__group"
    ).order_by("order", "pk")
    views = []
    for task in tasks:
        label, url = _label(reader, task)
        can_join = (
            task.kind == Kind.JOIN_GROUP
            and not task.is_done
            and reader.pk == plan.person_id
            and task.group is not None
            and can_join_group(reader, task.group)
            and not is_member(reader, task.group.pk)
        )
        views.append(
            TaskView(
                task=task,
                label=label,
                url=url,
                can_tick=can_tick_task(reader, task),
                can_join=can_join,
                is_overdue=not task.is_done and task.due_on < today,
            )
        )
    return PlanView(
        plan=plan,
        tasks=views,
        can_edit=can_edit_plan(reader, plan),
        can_welcome=can_publish_welcome(reader, plan),
    )


def get_my_plan(user: Any) -> OnboardingPlan | None:
    """The signed-in person's own plan, or None."""
    return (
        visible_plans(user)
        .select_related("person", "manager", "buddy", "template")
        .filter(person_id=user.pk)
        .first()
    )


@dataclass
class PlanRow:
    plan: OnboardingPlan
    total: int
    done: int
    overdue: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def list_plans(
    user: Any, *, status: str = "", limit: int = 200, offset: int = 0
) -> list[PlanRow]:
    """The plans the user may see except their own, newest start first.

    ``status``: "open", "completed" or "" for both. One query: the counts
    are annotated.
    """
    today = timezone.localdate()
    qs = (
        visible_plans(user)
        .exclude(person_id=user.pk)
        .select_related("person", "manager", "buddy", "person__department")
        .annotate(
            total=Count("tasks"),
            done=Count("tasks", filter=Q(tasks__done_at__isnull=False)),
            late=Count(
                "tasks",
                filter=Q(tasks__done_at__isnull=True, tasks__due_on__lt=today),
            ),
        )
        .order_by("-started_on", "-pk")
    )
    if status == "open":
        qs = qs.filter(completed_at__isnull=True)
    elif status == "completed":
        qs = qs.filter(completed_at__isnull=False)
    return [
        PlanRow(plan=p, total=p.total, done=p.done, overdue=p.late)
        for p in qs[offset : offset + limit]
    ]


@dataclass(frozen=True)
class HomeSummary:
    total: int
    done: int
    next_due: date | None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def get_home_summary(user: Any) -> HomeSummary | None:
    """The "Your first weeks" card on the home page: one query, or None
    when the reader has no open plan."""
    if not getattr(user, "is_authenticated", False):
        return None
    counts = OnboardingTask.objects.filter(
        plan__person_id=user.pk, plan__completed_at__isnull=True
    ).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(done_at__isnull=False)),
        next_due=Min("due_on", filter=Q(done_at__isnull=True)),
    )
    if not counts["total"]:
        return None
    return HomeSummary(counts["total"], counts["done"], counts["next_due"])
