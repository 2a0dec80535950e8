"""The onboarding endpoints of the API (registered in plein/api/main.py).

``/onboarding/me``: one's own plan. ``/onboarding/tasks/{id}/tick``: tick
"met X" (the new colleague) or a checklist item (the manager).
``/onboarding/plans``: the plans one may see (HR: all; managers and
buddies: theirs), one plan, starting one and choosing its buddy or manager
(HR). Every id passes through ``plein.access``; a plan one may not see
answers the same 404 as one that does not exist.
"""

from datetime import date, datetime
from typing import Any, Literal

from django.db import transaction
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from plein.access.onboarding import (
    access_plan,
    access_task,
    access_template,
    can_manage_onboarding,
    can_see_plan_list,
)
from plein.access.people import access_person
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, Id, PersonRef
from plein.api.serializers import build_person_ref
from plein.careers.onboarding import queries
from plein.careers.onboarding.actions import (
    check_start_plan,
    check_tick_task,
    check_update_plan,
    do_sync_page_reads,
)
from plein.careers.onboarding.models import OnboardingPlan
from plein.core.errors import InvalidInput, NotFound

router = Router(tags=["onboarding"])

PlanId = Path(..., ge=1, le=MAX_ID)
TaskId = Path(..., ge=1, le=MAX_ID)


class TaskOut(Schema):
    id: int
    kind: str = Field(
        description="welcome_post, join_group, read_page, meet_person or manager_check."
    )
    label: str = Field(description="What it is about, as the caller may see it.")
    url: str = Field(description="Where to do it; empty when not visible.")
    group_id: int | None
    page_id: int | None
    person_id: int | None
    post_id: int | None
    due_on: date
    done_at: datetime | None
    is_overdue: bool
    can_tick: bool = Field(description="The caller may tick it by hand.")


class PlanOut(Schema):
    id: int
    person: PersonRef
    manager: PersonRef | None
    buddy: PersonRef | None
    template_id: int | None
    started_on: date
    completed_at: datetime | None
    percent_done: int
    overdue: int
    tasks: list[TaskOut]


class PlanRowOut(Schema):
    id: int
    person: PersonRef
    started_on: date
    completed_at: datetime | None
    total: int
    done: int
    percent_done: int
    overdue: int


class PlanListOut(Schema):
    items: list[PlanRowOut]


class TickIn(Schema):
    done: bool = True


class PlanIn(Schema):
    person_id: Id
    template_id: Id | None = Field(None, description="None: their department's.")
    buddy_id: Id | None = None
    started_on: date | None = None


class PlanPatch(Schema):
    buddy_id: Id | None = Field(None, description="null: no buddy.")
    manager_id: Id | None = Field(None, description="null: no manager.")


def _build_plan(reader: Any, plan: OnboardingPlan) -> dict[str, Any]:
    view = queries.build_plan_view(reader, plan)
    return {
        "id": plan.pk,
        "person": build_person_ref(plan.person),
        "manager": build_person_ref(plan.manager),
        "buddy": build_person_ref(plan.buddy),
        "template_id": plan.template_id,
        "started_on": plan.started_on,
        "completed_at": plan.completed_at,
        "percent_done": view.percent,
        "overdue": view.overdue,
        "tasks": [
            {
                "id": item.pk,
                "kind": item.task.kind,
                "label": item.label,
                "url": item.url,
                # Ids only of what the caller may see (the label says so).
                "group_id": item.task.group_id if item.url else None,
                "page_id": item.task.page_id if item.url else None,
                "person_id": item.task.person_id if item.url else None,
                "post_id": item.task.post_id if item.url else None,
                "due_on": item.task.due_on,
                "done_at": item.task.done_at,
                "is_overdue": item.is_overdue,
                "can_tick": item.can_tick,
            }
            for item in view.tasks
        ],
    }


@router.get("/onboarding/me", response=PlanOut, summary="My onboarding plan")
def onboarding_mine(request: ApiRequest) -> dict[str, Any]:
    user = request.auth
    plan = queries.get_my_plan(user)
    if plan is None:
        raise NotFound()
    if plan.completed_at is None:
        with transaction.atomic(durable=True):
            do_sync_page_reads(user)
        plan.refresh_from_db(fields=["completed_at"])
    return _build_plan(user, plan)


@router.post(
    "/onboarding/tasks/{task_id}/tick",
    response=TaskOut,
    summary="Tick (or untick) a task: met someone, a checklist item",
)
def onboarding_tick(
    request: ApiRequest, payload: TickIn, task_id: int = TaskId
) -> dict[str, Any]:
    user = request.auth
    with transaction.atomic(durable=True):
        task = access_task(user, task_id)
        check_tick_task(user, task, done=payload.done)
    plan = access_plan(user, task.plan_id)
    built = _build_plan(user, plan)
    return next(t for t in built["tasks"] if t["id"] == task.pk)


@router.get(
    "/onboarding/plans",
    response=PlanListOut,
    summary="Onboarding plans (HR: all; managers and buddies: theirs)",
)
def onboarding_plans(
    request: ApiRequest,
    status: Literal["open", "completed", "all"] = Query("open"),
    limit: int = Query(50, ge=1, le=100),
    offset: int = Query(0, ge=0, le=100000),
) -> dict[str, Any]:
    user = request.auth
    if not can_see_plan_list(user):
        raise NotFound()
    rows = queries.list_plans(
        user, status="" if status == "all" else status, limit=limit, offset=offset
    )
    return {
        "items": [
            {
                "id": row.plan.pk,
                "person": build_person_ref(row.plan.person),
                "started_on": row.plan.started_on,
                "completed_at": row.plan.completed_at,
                "total": row.total,
                "done": row.done,
                "percent_done": row.percent,
                "overdue": row.overdue,
            }
            for row in rows
        ]
    }


@router.get("/onboarding/plans/{plan_id}", response=PlanOut, summary="A plan")
def onboarding_plan(request: ApiRequest, plan_id: int = PlanId) -> dict[str, Any]:
    user = request.auth
    return _build_plan(user, access_plan(user, plan_id))


def _person(user: Any, person_id: int | None, field: str) -> Any:
    if person_id is None:
        return None
    try:
        return access_person(user, person_id=person_id)
    except NotFound:
        raise InvalidInput(field=field) from None


@router.post(
    "/onboarding/plans",
    response={201: PlanOut},
    summary="Start an onboarding by hand (HR)",
)
def onboarding_start(request: ApiRequest, payload: PlanIn) -> Status:
    user = request.auth
    if not can_manage_onboarding(user):
        raise NotFound()
    with transaction.atomic(durable=True):
        person = _person(user, payload.person_id, "person_id")
        template = None
        if payload.template_id is not None:
            try:
                template = access_template(user, payload.template_id)
            except NotFound:
                raise InvalidInput(field="template_id") from None
        plan = check_start_plan(
            user,
            person,
            template=template,
            buddy=_person(user, payload.buddy_id, "buddy_id"),
            started_on=payload.started_on,
        )
    return Status(201, _build_plan(user, access_plan(user, plan.pk)))


@router.patch(
    "/onboarding/plans/{plan_id}",
    response=PlanOut,
    summary="Choose a plan's buddy or manager (HR)",
)
def onboarding_update(
    request: ApiRequest, payload: PlanPatch, plan_id: int = PlanId
) -> dict[str, Any]:
    user = request.auth
    given = payload.dict(exclude_unset=True)
    with transaction.atomic(durable=True):
        plan = access_plan(user, plan_id)
        changes = {
            name: _person(user, given[f"{name}_id"], f"{name}_id")
            for name in ("buddy", "manager")
            if f"{name}_id" in given
        }
        check_update_plan(user, plan, **changes)
    return _build_plan(user, access_plan(user, plan_id))
