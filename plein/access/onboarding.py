"""Who sees and changes onboarding plans and templates.

A plan is about one new colleague and stays between the people in it: the
new colleague, their manager and their buddy, and HR. Plein has no separate
HR role: organisation admins and moderators act as HR, as they do for
surveys and the insights dashboards. Anyone else gets the same 404 as for
a plan that does not exist, so nobody learns who is being onboarded.

Who ticks what: the new colleague ticks "met X", the manager ticks their
checklist, and HR may tick either on their behalf. Joining a group, reading
a page and the welcome post are ticked by Plein when they happen.
"""

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from plein.access.people import is_active_person, is_moderator, is_outsider
from plein.core.errors import NotFound

if TYPE_CHECKING:
    from plein.careers.onboarding.models import (
        OnboardingPlan,
        OnboardingTask,
        OnboardingTemplate,
    )


def can_manage_onboarding(user: Any) -> bool:
    """HR: organisation admins and moderators (is_moderator covers both)."""
    return is_moderator(user)


def _plan_filter(user: Any, prefix: str = "") -> Q:
    """The plans one is in: one's own, as the manager, as the buddy."""
    return (
        Q(**{f"{prefix}person_id": user.pk})
        | Q(**{f"{prefix}manager_id": user.pk})
        | Q(**{f"{prefix}buddy_id": user.pk})
    )


def visible_plans(
    user: Any, qs: "QuerySet[OnboardingPlan] | None" = None
) -> "QuerySet[OnboardingPlan]":
    """The plans ``user`` may see: all for HR, else those they are in."""
    from plein.careers.onboarding.models import OnboardingPlan

    qs = OnboardingPlan.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    if can_manage_onboarding(user):
        return qs
    # Guests and alumni are nobody's manager or buddy here, and a plan of
    # an alumnus's working days is HR's to keep, not theirs to read.
    if is_outsider(user):
        return qs.none()
    return qs.filter(_plan_filter(user))


def can_view_plan(user: Any, plan: "OnboardingPlan") -> bool:
    """The rule of :func:`visible_plans` for one plan."""
    if not is_active_person(user):
        return False
    if can_manage_onboarding(user):
        return True
    if is_outsider(user):
        return False
    return user.pk in (plan.person_id, plan.manager_id, plan.buddy_id)


def access_plan(user: Any, plan_id: int | str) -> "OnboardingPlan":
    """Fetch a plan the user may see, or raise NotFound (missing or not theirs)."""
    from plein.careers.onboarding.models import OnboardingPlan

    try:
        plan = OnboardingPlan.objects.select_related(
            "person", "manager", "buddy", "template"
        ).get(pk=int(plan_id))
    except (OnboardingPlan.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    if not can_view_plan(user, plan):
        raise NotFound()
    return plan


def can_edit_plan(user: Any, plan: "OnboardingPlan") -> bool:
    """Choose the buddy and manager, drop a task: HR only."""
    return can_manage_onboarding(user)


def can_see_plan_list(user: Any) -> bool:
    """The list of plans: HR, and managers and buddies of someone."""
    if can_manage_onboarding(user):
        return True
    if not is_active_person(user) or is_outsider(user):
        return False
    return visible_plans(user).exclude(person_id=user.pk).exists()


def can_tick_task(user: Any, task: "OnboardingTask") -> bool:
    """Tick a task by hand: "met X" by the new colleague, a checklist item
    by the manager; HR for either. What Plein observes is never ticked by
    hand (it would tick itself again, or not be true)."""
    from plein.careers.onboarding.models import OnboardingTask

    plan = task.plan
    if not can_view_plan(user, plan):
        return False
    if task.kind == OnboardingTask.Kind.MEET_PERSON:
        return user.pk == plan.person_id or can_manage_onboarding(user)
    if task.kind == OnboardingTask.Kind.MANAGER_CHECK:
        return user.pk == plan.manager_id or can_manage_onboarding(user)
    return False


def can_publish_welcome(user: Any, plan: "OnboardingPlan") -> bool:
    """The welcome post is written by the manager, the buddy or HR."""
    if not can_view_plan(user, plan):
        return False
    if user.pk == plan.person_id:
        return False
    if user.pk in (plan.manager_id, plan.buddy_id):
        return True
    return can_manage_onboarding(user)


def access_task(user: Any, task_id: int | str) -> "OnboardingTask":
    """Fetch a task of a plan the user may see, or raise NotFound."""
    from plein.careers.onboarding.models import OnboardingTask

    try:
        task = OnboardingTask.objects.select_related(
            "plan", "plan__person", "group", "page"
        ).get(pk=int(task_id))
    except (OnboardingTask.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    if not can_view_plan(user, task.plan):
        raise NotFound()
    return task


def visible_tasks(
    user: Any, qs: "QuerySet[OnboardingTask] | None" = None
) -> "QuerySet[OnboardingTask]":
    """Tasks of the plans the user may see (notifications point at them)."""
    from plein.careers.onboarding.models import OnboardingTask

    qs = OnboardingTask.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    if can_manage_onboarding(user):
        return qs
    if is_outsider(user):
        return qs.none()
    return qs.filter(_plan_filter(user, "plan__"))


def visible_templates(
    user: Any, qs: "QuerySet[OnboardingTemplate] | None" = None
) -> "QuerySet[OnboardingTemplate]":
    """Templates are HR's: nobody else sees them."""
    from plein.careers.onboarding.models import OnboardingTemplate

    qs = OnboardingTemplate.objects.all() if qs is None else qs
    if not can_manage_onboarding(user):
        return qs.none()
    return qs


def access_template(user: Any, template_id: int | str) -> "OnboardingTemplate":
    """Fetch a template for HR, or raise NotFound."""
    from plein.careers.onboarding.models import OnboardingTemplate

    try:
        return visible_templates(user).get(pk=int(template_id))
    except (OnboardingTemplate.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
