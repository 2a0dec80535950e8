"""What onboarding holds about a person (see ``plein.core.personal_data``).

One's own plan and its tasks (who one was to meet, what one did when), the
plans one was the manager or buddy in, and the templates that name one as
someone to meet. Exported in "download my data"; erased with the person
(their plan goes; elsewhere their name is taken off); completed plans are
purged ``ONBOARDING_RETENTION_DAYS`` (default 365) after completion,
unless a legal hold names the person.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from plein.careers.onboarding.models import (
    OnboardingPlan,
    OnboardingTask,
    OnboardingTemplate,
)
from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    Holds,
    PersonalDataProvider,
    PurgedIds,
    RetentionScope,
    RetentionStep,
    register_personal_data,
)

DEFAULT_RETENTION_DAYS = 365


def retention_days() -> int:
    return int(getattr(settings, "ONBOARDING_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def _task_row(task: OnboardingTask) -> dict[str, Any]:
    return {
        "id": task.pk,
        "kind": task.kind,
        "group_id": task.group_id,
        "page_id": task.page_id,
        "person_id": task.person_id,
        "post_id": task.post_id,
        "text": task.text,
        "due_on": task.due_on,
        "done_at": task.done_at,
        "done_by_id": task.done_by_id,
    }


def build_onboarding(person: Any) -> dict[str, Any]:
    """One's own plan with its tasks; the plans one was manager or buddy in
    (ids and dates only: they are about someone else)."""
    own = OnboardingPlan.objects.filter(person=person).prefetch_related("tasks").first()
    helped = OnboardingPlan.objects.filter(
        Q(manager=person) | Q(buddy=person)
    ).order_by("pk")
    return {
        "my_plan": {
            "id": own.pk,
            "started_on": own.started_on,
            "completed_at": own.completed_at,
            "manager_id": own.manager_id,
            "buddy_id": own.buddy_id,
            "tasks": [_task_row(t) for t in own.tasks.all()],
        }
        if own is not None
        else None,
        "plans_i_helped_with": [
            {
                "id": plan.pk,
                "as": "manager" if plan.manager_id == person.pk else "buddy",
                "started_on": plan.started_on,
            }
            for plan in helped
        ],
        "tasks_i_ticked": list(
            OnboardingTask.objects.filter(done_by=person)
            .exclude(plan__person=person)
            .values_list("pk", flat=True)
            .order_by("pk")
        ),
        "templates_naming_me": list(
            OnboardingTemplate.objects.filter(people=person)
            .values_list("pk", flat=True)
            .order_by("pk")
        ),
    }


def erase_onboarding(person: Any, context: ErasureContext) -> None:
    """Their plan goes; they are taken off others' plans and the templates."""
    OnboardingPlan.objects.filter(person=person).delete()
    OnboardingPlan.objects.filter(manager=person).update(manager=None)
    OnboardingPlan.objects.filter(buddy=person).update(buddy=None)
    OnboardingPlan.objects.filter(created_by=person).update(created_by=None)
    # "Meet X" names them: the task goes with them.
    OnboardingTask.objects.filter(person=person).delete()
    OnboardingTask.objects.filter(done_by=person).update(done_by=None)
    OnboardingTemplate.objects.filter(created_by=person).update(created_by=None)
    for template in OnboardingTemplate.objects.filter(people=person):
        template.people.remove(person)


def _held_people(holds: Holds) -> list[int]:
    return sorted({s.person_id for s in holds.scopes if s.person_id is not None})


def purgeable_plans(scope: RetentionScope) -> QuerySet[OnboardingPlan]:
    """Plans completed more than the retention term ago, not on hold."""
    cutoff = scope.terms.now - timedelta(days=retention_days())
    return OnboardingPlan.objects.filter(completed_at__lt=cutoff).exclude(
        person_id__in=_held_people(scope.holds)
    )


def purge_plans(ids: list[int]) -> PurgedIds:
    OnboardingPlan.objects.filter(pk__in=ids).delete()
    return {"onboarding_plan_ids": list(ids)}


def hold_plans(holds: Holds) -> dict[Any, QuerySet[Any]]:
    return {
        OnboardingPlan: OnboardingPlan.objects.filter(person_id__in=_held_people(holds))
    }


register_personal_data(
    PersonalDataProvider(
        app_label="onboarding",
        order=345,
        models={
            OnboardingPlan: "one's onboarding plan, and whose manager or buddy one was",
            OnboardingTask: "one's onboarding tasks, whom one was to meet and "
            "who ticked what",
            OnboardingTemplate: "the colleagues a template names to meet, and "
            "who wrote it",
        },
        export=(
            ExportSection(
                "onboarding",
                345,
                "your onboarding plan and its tasks, and the plans you were "
                "the manager or buddy in",
                build_onboarding,
            ),
        ),
        erase=erase_onboarding,
        retention=(RetentionStep("onboarding_plans", purgeable_plans, purge_plans),),
        legal_hold=hold_plans,
    )
)
