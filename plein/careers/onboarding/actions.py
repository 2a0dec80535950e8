"""Every change to onboarding: templates, plans, their tasks and reminders.

A plan is made once per person (the person is unique on the plan): when a
member is created (``people.person.created``, see ``handlers.py``) with
the template of their department or the default, or by hand by HR. Each
template item becomes a task with a due date counted from the start. Tasks
Plein can observe are ticked when they happen: joining the group (the
``groups.membership.created`` handler), reading the page (a ``PageRead``
row, picked up by :func:`do_sync_page_reads`) and the welcome post
(:func:`check_publish_welcome`). The rest are ticked by hand. A plan is
complete when every task is done.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.groups import can_view_group
from plein.access.membership import is_member
from plein.access.onboarding import (
    can_edit_plan,
    can_manage_onboarding,
    can_publish_welcome,
    can_tick_task,
)
from plein.access.roles import GroupKind, Role
from plein.access.wiki import can_view_page
from plein.careers.onboarding.models import (
    OnboardingPlan,
    OnboardingTask,
    OnboardingTemplate,
    TemplatePage,
)
from plein.core.errors import Conflict, Forbidden, InvalidInput
from plein.core.events import emit_on_commit
from plein.groups.models import Group
from plein.knowledge.wiki.models import Page, PageRead
from plein.notifications.actions import do_notify
from plein.people.models import Department, User
from plein.posts.models import Post
from plein.posts.publishing import PostDraft

Kind = OnboardingTask.Kind

# Who gets a plan when they are created: colleagues, not external guests or
# compliance officers (nor, later, alumni: any other role is left out).
ONBOARDED_ROLES = frozenset({Role.MEMBER, Role.MODERATOR, Role.ADMIN})
WELCOME_DUE_DAYS = 3
MAX_DUE_DAYS = 365


def is_onboarded_role(role: str) -> bool:
    return role in ONBOARDED_ROLES


def get_template_for(person: User) -> OnboardingTemplate | None:
    """The template of the person's department, else the default (or None)."""
    if person.department_id is not None:
        own = OnboardingTemplate.objects.filter(
            department_id=person.department_id
        ).first()
        if own is not None:
            return own
    return OnboardingTemplate.objects.filter(department__isnull=True).first()


def _audience(plan: OnboardingPlan) -> list[int]:
    return sorted(
        {i for i in (plan.person_id, plan.manager_id, plan.buddy_id) if i is not None}
    )


# Templates -------------------------------------------------------------------


@dataclass
class TemplateFields:
    """What a template holds, as the form and the API hand it over."""

    name: str
    department: Department | None = None
    groups: list[Group] | None = None
    pages: list[tuple[Page, int]] | None = None  # (page, read within days)
    people: list[User] | None = None
    meet_manager: bool = True
    meet_buddy: bool = True
    manager_checklist: str = ""
    welcome_text: str = ""
    welcome_group: Group | None = None
    due_days: int = 14


def _clean_template(
    actor: User, fields: TemplateFields, template: OnboardingTemplate | None
) -> None:
    fields.name = " ".join(fields.name.split())
    if not fields.name:
        raise InvalidInput(_("Enter a name."), field="name")
    if len(fields.name) > 120:
        raise InvalidInput(_("A name is at most 120 characters."), field="name")
    taken = OnboardingTemplate.objects.filter(department=fields.department)
    if template is not None:
        taken = taken.exclude(pk=template.pk)
    if taken.exists():
        raise InvalidInput(
            _("There is already a template for this department.")
            if fields.department is not None
            else _("There is already a default template."),
            field="department",
        )
    if not 1 <= fields.due_days <= MAX_DUE_DAYS:
        raise InvalidInput(_("Choose between 1 and 365 days."), field="due_days")
    # A template is organisation policy: no secret groups in it (whoever
    # reads the plan would learn the group exists).
    for group in [*(fields.groups or []), fields.welcome_group]:
        if group is not None and group.kind == GroupKind.SECRET:
            raise InvalidInput(
                _("Choose open or closed groups only."), field="group_ids"
            )
    for _page, days in fields.pages or []:
        if not 1 <= days <= MAX_DUE_DAYS:
            raise InvalidInput(_("Choose between 1 and 365 days."), field="pages")
    if len(fields.manager_checklist) > 5000 or len(fields.welcome_text) > 5000:
        raise InvalidInput(_("This text is too long."), field="welcome_text")


def check_save_template(
    actor: User, fields: TemplateFields, template: OnboardingTemplate | None = None
) -> OnboardingTemplate:
    """Create a template, or replace what ``template`` holds (HR only).

    The groups, pages and people must already have passed ``plein.access``
    for ``actor``. Raises Forbidden for anyone but HR, InvalidInput naming
    the field. Emits ``onboarding.template.created`` or ``.updated``. Plans
    already made keep their tasks.
    """
    if not can_manage_onboarding(actor):
        raise Forbidden(
            pgettext("permission", "Only HR can change onboarding templates.")
        )
    _clean_template(actor, fields, template)
    created = template is None
    if template is None:
        template = OnboardingTemplate(created_by=actor)
    template.name = fields.name
    template.department = fields.department
    template.meet_manager = fields.meet_manager
    template.meet_buddy = fields.meet_buddy
    template.manager_checklist = fields.manager_checklist.strip()
    template.welcome_text = fields.welcome_text.strip()
    template.welcome_group = fields.welcome_group
    template.due_days = fields.due_days
    template.updated_at = timezone.now()
    if created:
        template.save()
    else:
        template.save(
            update_fields=[
                "name",
                "department",
                "meet_manager",
                "meet_buddy",
                "manager_checklist",
                "welcome_text",
                "welcome_group",
                "due_days",
                "updated_at",
            ]
        )
    if fields.groups is not None:
        template.groups.set(fields.groups)
    if fields.people is not None:
        template.people.set(fields.people)
    if fields.pages is not None:
        TemplatePage.objects.filter(template=template).delete()
        TemplatePage.objects.bulk_create(
            [
                TemplatePage(template=template, page=page, due_days=days)
                for page, days in dict(fields.pages).items()
            ]
        )
    emit_on_commit(
        "onboarding.template.created" if created else "onboarding.template.updated",
        {"template_id": template.pk},
        [actor.pk],
        actor_id=actor.pk,
    )
    return template


def check_delete_template(actor: User, template: OnboardingTemplate) -> None:
    """Delete a template (HR only); plans made from it keep their tasks."""
    if not can_manage_onboarding(actor):
        raise Forbidden(
            pgettext("permission", "Only HR can change onboarding templates.")
        )
    template_id = template.pk
    template.delete()
    emit_on_commit(
        "onboarding.template.deleted",
        {"template_id": template_id},
        [actor.pk],
        actor_id=actor.pk,
    )


# Plans -----------------------------------------------------------------------


def _meet_task(plan: OnboardingPlan, person: User, order: int, due: date) -> Any:
    return OnboardingTask(
        plan=plan, kind=Kind.MEET_PERSON, person=person, order=order, due_on=due
    )


def build_tasks(plan: OnboardingPlan) -> list[OnboardingTask]:
    """The tasks a plan gets from its template, in the order they are shown.

    Only what the new colleague may see: groups that are visible to them,
    pages they may read, active colleagues. Without a template: the welcome
    post and meeting the manager and buddy.
    """
    person, template, start = plan.person, plan.template, plan.started_on
    due_days = template.due_days if template is not None else 14
    due = start + timedelta(days=due_days)
    tasks = [
        OnboardingTask(
            plan=plan,
            kind=Kind.WELCOME_POST,
            order=0,
            due_on=start + timedelta(days=WELCOME_DUE_DAYS),
        )
    ]
    order = 10
    if template is not None:
        for group in template.groups.order_by("name"):
            if group.kind != GroupKind.SECRET and can_view_group(person, group):
                tasks.append(
                    OnboardingTask(
                        plan=plan,
                        kind=Kind.JOIN_GROUP,
                        group=group,
                        order=order,
                        due_on=due,
                    )
                )
                order += 1
        for item in template.pages.select_related("page", "page__group"):
            if can_view_page(person, item.page):
                tasks.append(
                    OnboardingTask(
                        plan=plan,
                        kind=Kind.READ_PAGE,
                        page=item.page,
                        order=order,
                        due_on=start + timedelta(days=item.due_days),
                    )
                )
                order += 1
    meet_manager = template.meet_manager if template is not None else True
    meet_buddy = template.meet_buddy if template is not None else True
    met: set[int] = {person.pk}
    for wanted, who in ((meet_manager, plan.manager), (meet_buddy, plan.buddy)):
        if wanted and who is not None and who.pk not in met and who.is_active:
            tasks.append(_meet_task(plan, who, order, due))
            met.add(who.pk)
            order += 1
    if template is not None:
        for who in template.people.filter(is_active=True).order_by("full_name"):
            if who.pk not in met:
                tasks.append(_meet_task(plan, who, order, due))
                met.add(who.pk)
                order += 1
        for text in template.checklist_items():
            tasks.append(
                OnboardingTask(
                    plan=plan,
                    kind=Kind.MANAGER_CHECK,
                    text=text,
                    order=order,
                    due_on=start + timedelta(days=min(due_days, 7)),
                )
            )
            order += 1
    return tasks


def _notify_assigned(plan: OnboardingPlan, people: list[User | None]) -> None:
    """Tell the manager and the buddy they are part of the plan."""
    ids = [p.pk for p in people if p is not None and p.pk != plan.person_id]
    for user_id in ids:
        do_notify(
            [user_id],
            kind="onboarding_assigned",
            key=f"onboarding_assigned:{plan.pk}:{user_id}",
            actor_id=plan.person_id,
            target=plan,
        )


def do_start_plan(
    person: User,
    *,
    template: OnboardingTemplate | None,
    actor: User | None = None,
    buddy: User | None = None,
    manager: User | None = None,
    started_on: date | None = None,
) -> OnboardingPlan:
    """Make ``person``'s plan and its tasks; the existing plan if there is one.

    Idempotent per person (the person is unique on the plan; a second call,
    or a race, answers the plan that is there). Tasks already true (a group
    joined, a page read) start done. Runs in the caller's transaction;
    notifies the manager and the buddy and emits ``onboarding.plan.started``.
    """
    existing = OnboardingPlan.objects.filter(person=person).first()
    if existing is not None:
        return existing
    if manager is None:
        manager = person.manager
    plan = OnboardingPlan(
        person=person,
        template=template,
        buddy=buddy,
        manager=manager,
        started_on=started_on or timezone.localdate(),
        created_by=actor,
    )
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        return OnboardingPlan.objects.get(person=person)
    tasks = build_tasks(plan)
    now = timezone.now()
    member_of = {
        t.group_id for t in tasks if t.group_id and is_member(person, t.group_id)
    }
    read = set(
        PageRead.objects.filter(
            reader=person, page_id__in=[t.page_id for t in tasks if t.page_id]
        ).values_list("page_id", flat=True)
    )
    for task in tasks:
        if task.group_id in member_of or task.page_id in read:
            task.done_at, task.done_by = now, person
    OnboardingTask.objects.bulk_create(tasks)
    emit_on_commit(
        "onboarding.plan.started",
        {"plan_id": plan.pk, "person_id": person.pk},
        _audience(plan),
        actor_id=actor.pk if actor is not None else None,
    )
    _notify_assigned(plan, [manager, buddy])
    return plan


def do_start_plan_for_new_person(user_id: int) -> OnboardingPlan | None:
    """A plan for someone just created, if they are a colleague and HR has a
    template for them (no template: onboarding is not set up; nothing)."""
    person = User.objects.select_related("manager").filter(pk=user_id).first()
    if person is None or not person.is_active or not is_onboarded_role(person.role):
        return None
    template = get_template_for(person)
    if template is None:
        return None
    return do_start_plan(person, template=template)


def check_start_plan(
    actor: User,
    person: User,
    *,
    template: OnboardingTemplate | None = None,
    buddy: User | None = None,
    started_on: date | None = None,
) -> OnboardingPlan:
    """Start a plan by hand (HR), with a template and a buddy of their choice.

    ``person``, ``template`` and ``buddy`` must have passed ``plein.access``.
    Without a template, the person's template is used. Raises Forbidden for
    anyone but HR, InvalidInput for a guest, an inactive person or a bad
    buddy, Conflict when the person has a plan already.
    """
    if not can_manage_onboarding(actor):
        raise Forbidden(pgettext("permission", "Only HR can start an onboarding."))
    if not person.is_active or not is_onboarded_role(person.role):
        raise InvalidInput(
            _("Only active colleagues get an onboarding plan."), field="person_id"
        )
    _clean_buddy(person, buddy)
    if OnboardingPlan.objects.filter(person=person).exists():
        raise Conflict(_("This colleague already has an onboarding plan."))
    return do_start_plan(
        person,
        template=template or get_template_for(person),
        actor=actor,
        buddy=buddy,
        started_on=started_on,
    )


def _clean_buddy(person: User, buddy: User | None) -> None:
    if buddy is None:
        return
    if buddy.pk == person.pk:
        raise InvalidInput(_("Choose someone else as the buddy."), field="buddy_id")
    if not buddy.is_active or not is_onboarded_role(buddy.role):
        raise InvalidInput(_("Choose an active colleague."), field="buddy_id")


_UNSET: Any = object()


def check_update_plan(
    actor: User,
    plan: OnboardingPlan,
    *,
    buddy: User | None = _UNSET,
    manager: User | None = _UNSET,
) -> OnboardingPlan:
    """Choose another buddy or manager for a plan (HR only).

    The "meet your buddy/manager" task follows (added, or pointed at the new
    person while not yet done), and the newcomer to the plan is notified.
    Emits ``onboarding.plan.updated``.
    """
    if not can_edit_plan(actor, plan):
        raise Forbidden(pgettext("permission", "Only HR can change this plan."))
    changed: list[str] = []
    told: list[User | None] = []
    for name, new in (("buddy", buddy), ("manager", manager)):
        if new is _UNSET:
            continue
        old = getattr(plan, name)
        if name == "buddy":
            _clean_buddy(plan.person, new)
        elif new is not None and (new.pk == plan.person_id or not new.is_active):
            raise InvalidInput(_("Choose an active colleague."), field="manager_id")
        if (old.pk if old else None) == (new.pk if new else None):
            continue
        setattr(plan, name, new)
        changed.append(name)
        told.append(new)
        _follow_meet_task(plan, name, old, new)
    if not changed:
        return plan
    plan.save(update_fields=changed)
    emit_on_commit(
        "onboarding.plan.updated",
        {"plan_id": plan.pk, "changed": changed},
        _audience(plan),
        actor_id=actor.pk,
    )
    _notify_assigned(plan, told)
    do_update_completion(plan)
    return plan


def _follow_meet_task(
    plan: OnboardingPlan, role: str, old: User | None, new: User | None
) -> None:
    """Point the open "meet" task at the new buddy or manager, or add one."""
    template = plan.template
    wanted = (
        template is None
        or (role == "buddy" and template.meet_buddy)
        or (role == "manager" and template.meet_manager)
    )
    open_tasks = plan.tasks.filter(kind=Kind.MEET_PERSON, done_at__isnull=True)
    if old is not None:
        open_tasks.filter(person=old).delete()
    if new is None or not wanted or new.pk == plan.person_id:
        return
    if plan.tasks.filter(kind=Kind.MEET_PERSON, person=new).exists():
        return
    due = timezone.localdate() + timedelta(
        days=template.due_days if template is not None else 14
    )
    last = plan.tasks.order_by("-order").values_list("order", flat=True).first() or 0
    _meet_task(plan, new, last + 1, max(due, plan.started_on)).save()


def check_remove_task(actor: User, task: OnboardingTask) -> None:
    """Drop a task from a plan (HR only); the plan may be complete after."""
    plan = task.plan
    if not can_edit_plan(actor, plan):
        raise Forbidden(pgettext("permission", "Only HR can change this plan."))
    task_id = task.pk
    task.delete()
    emit_on_commit(
        "onboarding.task.removed",
        {"plan_id": plan.pk, "task_id": task_id},
        _audience(plan),
        actor_id=actor.pk,
    )
    do_update_completion(plan)


# Ticking ---------------------------------------------------------------------


def do_update_completion(plan: OnboardingPlan) -> OnboardingPlan:
    """Mark the plan complete when every task is done, or open again.

    Conditional updates: two ticks at once complete the plan once, and
    only the one that completed it emits ``onboarding.plan.completed``.
    """
    has_open = plan.tasks.filter(done_at__isnull=True).exists()
    if has_open or not plan.tasks.exists():
        OnboardingPlan.objects.filter(pk=plan.pk, completed_at__isnull=False).update(
            completed_at=None
        )
        plan.completed_at = None
        return plan
    now = timezone.now()
    if OnboardingPlan.objects.filter(pk=plan.pk, completed_at__isnull=True).update(
        completed_at=now
    ):
        plan.completed_at = now
        emit_on_commit(
            "onboarding.plan.completed",
            {"plan_id": plan.pk, "person_id": plan.person_id},
            _audience(plan),
        )
    return plan


def do_mark_done(tasks: QuerySet[OnboardingTask], by: User | None) -> int:
    """Tick the open tasks among ``tasks``; complete their plans if done.

    A conditional update: a task already done keeps its first time and
    author. Emits ``onboarding.task.done`` per task. Returns how many.
    """
    open_tasks = list(
        tasks.filter(done_at__isnull=True).select_related("plan").order_by("pk")
    )
    if not open_tasks:
        return 0
    now = timezone.now()
    done = 0
    plans: dict[int, OnboardingPlan] = {}
    for task in open_tasks:
        if not OnboardingTask.objects.filter(pk=task.pk, done_at__isnull=True).update(
            done_at=now, done_by=by
        ):
            continue
        done += 1
        plans[task.plan_id] = task.plan
        emit_on_commit(
            "onboarding.task.done",
            {"plan_id": task.plan_id, "task_id": task.pk, "kind": task.kind},
            _audience(task.plan),
            actor_id=by.pk if by is not None else None,
        )
    for plan in plans.values():
        do_update_completion(plan)
    return done


def check_tick_task(actor: User, task: OnboardingTask, *, done: bool) -> OnboardingTask:
    """Tick (or untick) a task by hand: "met X", a checklist item.

    ``task`` must have passed ``access_task``. Raises Forbidden for a task
    the actor may see but not tick (what Plein ticks itself, someone else's
    part). Emits ``onboarding.task.done`` or ``onboarding.task.reopened``.
    """
    if not can_tick_task(actor, task):
        raise Forbidden(pgettext("permission", "You cannot tick this task."))
    if done:
        do_mark_done(OnboardingTask.objects.filter(pk=task.pk), actor)
    elif OnboardingTask.objects.filter(pk=task.pk, done_at__isnull=False).update(
        done_at=None, done_by=None
    ):
        emit_on_commit(
            "onboarding.task.reopened",
            {"plan_id": task.plan_id, "task_id": task.pk},
            _audience(task.plan),
            actor_id=actor.pk,
        )
        do_update_completion(task.plan)
    task.refresh_from_db(fields=["done_at", "done_by"])
    return task


def do_complete_group_tasks(*, user_id: int, group_id: int) -> int:
    """``user_id`` joined ``group_id``: tick their "join" task, if any."""
    tasks = OnboardingTask.objects.filter(
        kind=Kind.JOIN_GROUP, group_id=group_id, plan__person_id=user_id
    )
    if not tasks.filter(done_at__isnull=True).exists():
        return 0
    person = User.objects.get(pk=user_id)
    return do_mark_done(tasks, person)


def do_sync_page_reads(person: User | None = None) -> int:
    """Tick "read" tasks whose page their person has read (a ``PageRead``).

    The wiki records a first read without telling anyone, so this looks:
    for one person (their plan page) or for everyone (the scheduled job).
    Reads first, so a page view with nothing to tick writes nothing.
    """
    read = PageRead.objects.filter(
        page_id=OuterRef("page_id"), reader_id=OuterRef("plan__person_id")
    )
    tasks = OnboardingTask.objects.filter(
        kind=Kind.READ_PAGE, done_at__isnull=True, page__isnull=False
    ).filter(Exists(read))
    if person is not None:
        tasks = tasks.filter(plan__person=person)
    ticked = 0
    for task in tasks.select_related("plan__person"):
        ticked += do_mark_done(
            OnboardingTask.objects.filter(pk=task.pk), task.plan.person
        )
    return ticked


# The welcome post ------------------------------------------------------------


def build_welcome_text(plan: OnboardingPlan) -> str:
    """The welcome post as proposed: the template's text, "{name}" a mention."""
    template = plan.template
    text = template.welcome_text if template is not None else ""
    if not text:
        text = _("Welcome to the team, {name}! Say hello when you see them.")
    return text.replace("{name}", f"@{plan.person.handle}")


def check_publish_welcome(
    actor: User, plan: OnboardingPlan, *, body: str, group: Group | None
) -> Post:
    """Publish the welcome post as ``actor`` (manager, buddy or HR).

    Through the one way to publish (``check_publish_post``: guidelines,
    leak prevention, may post in the group), on the actor's profile or in
    ``group`` (already through ``access_group``). Ticks the welcome task
    with the post. Raises Forbidden for anyone else, Conflict when the
    welcome was published already, and what publishing raises.
    """
    from plein.posts.actions import check_publish_post

    if not can_publish_welcome(actor, plan):
        raise Forbidden(
            pgettext("permission", "The manager, the buddy or HR welcomes.")
        )
    task = plan.tasks.filter(kind=Kind.WELCOME_POST).first()
    if task is not None and task.done_at is not None:
        raise Conflict(_("The welcome post has been published already."))
    post = check_publish_post(actor, PostDraft(body=body, group=group))
    if task is None:
        task = OnboardingTask.objects.create(
            plan=plan, kind=Kind.WELCOME_POST, due_on=timezone.localdate()
        )
    OnboardingTask.objects.filter(pk=task.pk).update(post=post)
    do_mark_done(OnboardingTask.objects.filter(pk=task.pk), actor)
    return post


# Reminders -------------------------------------------------------------------


def _reminder_recipient(task: OnboardingTask) -> int | None:
    """Who is reminded of an overdue task: whoever is to do it."""
    plan = task.plan
    if task.kind == Kind.MANAGER_CHECK:
        return plan.manager_id
    if task.kind == Kind.WELCOME_POST:
        return plan.manager_id or plan.buddy_id
    return plan.person_id


def do_send_due_reminders(today: date | None = None) -> int:
    """Remind whoever is to do an overdue task, once per task.

    Ticks the pages read first. Each task is claimed with a conditional
    update of ``reminded_at`` in its own transaction before its reminder
    is written, so a repeated or overlapping run (or one killed halfway)
    reminds nobody twice. Returns how many reminders were written.
    """
    do_sync_page_reads()
    today = today or timezone.localdate()
    due = (
        OnboardingTask.objects.filter(
            due_on__lt=today,
            done_at__isnull=True,
            reminded_at__isnull=True,
            plan__completed_at__isnull=True,
            plan__person__is_active=True,
        )
        .select_related("plan")
        .order_by("pk")
    )
    sent = 0
    # A list, not a cursor: each reminder commits on its own while looping.
    for task in list(due[:5000]):
        recipient = _reminder_recipient(task)
        with transaction.atomic():
            if not OnboardingTask.objects.filter(
                pk=task.pk, reminded_at__isnull=True
            ).update(reminded_at=timezone.now()):
                continue
            if recipient is None:
                continue
            sent += do_notify(
                [recipient],
                kind="onboarding_due",
                key=f"onboarding_due:{task.pk}",
                actor_id=task.plan.person_id
                if recipient != task.plan.person_id
                else None,
                target=task,
            )
    return sent
