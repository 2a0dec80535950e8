"""Pages and htmx fragments of onboarding.

"Your first weeks" (``/onboarding/``) for the new colleague; the plans
list and a plan's page for HR, managers and buddies; the templates for HR.
Thin views: parse with a form, fetch through ``plein.access``, change
state through the onboarding actions in a durable transaction, answer
with a page, a partial (htmx) or a redirect. A plan one may not see is a
404, like one that does not exist.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from plein.access.groups import access_group, visible_groups
from plein.access.onboarding import (
    access_plan,
    access_task,
    access_template,
    can_manage_onboarding,
    can_see_plan_list,
    visible_templates,
)
from plein.access.people import access_person
from plein.access.roles import GroupKind
from plein.access.wiki import visible_pages
from plein.careers.onboarding import queries
from plein.careers.onboarding.actions import (
    TemplateFields,
    build_welcome_text,
    check_delete_template,
    check_publish_welcome,
    check_remove_task,
    check_save_template,
    check_start_plan,
    check_tick_task,
    check_update_plan,
    do_sync_page_reads,
)
from plein.careers.onboarding.forms import (
    PlanEditForm,
    StartPlanForm,
    TemplateForm,
    WelcomeForm,
)
from plein.careers.onboarding.models import OnboardingPlan, OnboardingTemplate
from plein.core.errors import InvalidInput, NotFound
from plein.core.forms import add_action_error, publish_with_form
from plein.groups.actions import check_join_group
from plein.groups.queries import list_my_groups
from plein.people.http import AuthedRequest
from plein.people.models import Department, User

TEMPLATE_PAGE_CHOICES = 300


def _person(user: Any, handle: str, field: str) -> User | None:
    """A colleague by handle through ``access_person``; InvalidInput naming
    ``field`` when there is none the user may see."""
    if not handle:
        return None
    try:
        return access_person(user, handle=handle[:64])
    except NotFound:
        raise InvalidInput(
            _("There is no colleague @%(handle)s.") % {"handle": handle[:64]},
            field=field,
        ) from None


def _plan_context(request: AuthedRequest, plan: OnboardingPlan) -> dict[str, Any]:
    view = queries.build_plan_view(request.user, plan)
    context: dict[str, Any] = {"view": view, "plan": plan}
    if view.can_edit:
        context["edit_form"] = PlanEditForm(
            initial={
                "buddy": plan.buddy.handle if plan.buddy else "",
                "manager": plan.manager.handle if plan.manager else "",
            }
        )
    welcome = view.welcome
    if view.can_welcome and (welcome is None or not welcome.task.is_done):
        context["welcome_form"] = _welcome_form(request, plan)
    return context


def _welcome_form(
    request: AuthedRequest, plan: OnboardingPlan, data: Any = None
) -> WelcomeForm:
    template = plan.template
    initial = {
        "body": build_welcome_text(plan),
        "group": template.welcome_group_id if template is not None else None,
    }
    return WelcomeForm(data, groups=list_my_groups(request.user), initial=initial)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def plan_mine(request: AuthedRequest) -> HttpResponse:
    """Your first weeks: the signed-in person's own plan."""
    plan = queries.get_my_plan(request.user)
    if plan is None:
        return render(request, "onboarding/plan_mine.html", {"plan": None})
    # The wiki records reads without telling anyone: tick what was read
    # (reads first; writes only when there is something to tick).
    if (
        plan.completed_at is None
        and plan.tasks.filter(kind="read_page", done_at__isnull=True).exists()
    ):
        with transaction.atomic(durable=True):
            do_sync_page_reads(request.user)
        plan.refresh_from_db(fields=["completed_at"])
    context = _plan_context(request, plan)
    if request.htmx:
        return render(request, "onboarding/plan_mine.html#tasks", context)
    return render(request, "onboarding/plan_mine.html", context)


def _after_task(request: AuthedRequest, plan: OnboardingPlan) -> HttpResponse:
    plan.refresh_from_db(fields=["completed_at"])
    mine = plan.person_id == request.user.pk
    if request.htmx:
        template = (
            "onboarding/plan_mine.html" if mine else "onboarding/plan_detail.html"
        )
        return render(request, f"{template}#tasks", _plan_context(request, plan))
    return redirect(
        reverse("onboarding:mine")
        if mine
        else reverse("onboarding:plan", args=[plan.pk])
    )


@login_required
@require_POST
@vary_on_headers("HX-Request")
def task_tick(request: AuthedRequest, task_id: int) -> HttpResponse:
    """Tick or untick "met X" or a checklist item (``done``: 1 or 0)."""
    task = access_task(request.user, task_id)
    with transaction.atomic(durable=True):
        check_tick_task(request.user, task, done=request.POST.get("done") != "0")
    return _after_task(request, task.plan)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def task_join(request: AuthedRequest, task_id: int) -> HttpResponse:
    """Join the task's group: the group's own action; the task ticks itself."""
    task = access_task(request.user, task_id)
    if task.group_id is None or task.plan.person_id != request.user.pk:
        raise NotFound()
    group = access_group(request.user, group_id=task.group_id)
    with transaction.atomic(durable=True):
        check_join_group(request.user, group)
    messages.success(request, _("You joined %(group)s.") % {"group": group.name})
    return _after_task(request, task.plan)


@login_required
@require_POST
def task_remove(request: AuthedRequest, task_id: int) -> HttpResponse:
    """HR drops a task from a plan."""
    task = access_task(request.user, task_id)
    plan = task.plan
    with transaction.atomic(durable=True):
        check_remove_task(request.user, task)
    messages.success(request, _("The task has been removed."))
    return redirect("onboarding:plan", plan.pk)


# Plans (HR, managers, buddies) -----------------------------------------------


@login_required
@require_GET
def plan_list(request: AuthedRequest) -> HttpResponse:
    """The plans one may see (HR: all; managers and buddies: theirs)."""
    if not can_see_plan_list(request.user):
        raise NotFound()
    status = request.GET.get("status", "open")
    status = status if status in ("open", "completed", "all") else "open"
    rows = queries.list_plans(request.user, status="" if status == "all" else status)
    return render(
        request,
        "onboarding/plan_list.html",
        {
            "rows": rows,
            "status": status,
            "is_hr": can_manage_onboarding(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_start(request: AuthedRequest) -> HttpResponse:
    """HR starts a plan by hand: the person, a template, a buddy."""
    if not can_manage_onboarding(request.user):
        raise NotFound()
    templates = visible_templates(request.user)
    if request.method == "GET":
        initial = {"person": request.GET.get("person", "")[:64]}
        form = StartPlanForm(initial=initial, templates=templates)
        return render(request, "onboarding/plan_start.html", {"form": form})
    form = StartPlanForm(request.POST, templates=templates)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic(durable=True):
                person = _person(request.user, data["person"], "person")
                if person is None:
                    raise InvalidInput(_("Enter a colleague."), field="person")
                plan = check_start_plan(
                    request.user,
                    person,
                    template=data["template"],
                    buddy=_person(request.user, data["buddy"], "buddy"),
                    started_on=data["started_on"],
                )
        except InvalidInput as error:
            add_action_error(form, error, {"person_id": "person", "buddy_id": "buddy"})
        else:
            messages.success(request, _("The onboarding has started."))
            return redirect("onboarding:plan", plan.pk)
    return render(request, "onboarding/plan_start.html", {"form": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def plan_detail(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """A plan's progress; HR changes the buddy and the manager (POST)."""
    plan = access_plan(request.user, plan_id)
    if request.method == "GET":
        if plan.person_id == request.user.pk and not can_manage_onboarding(
            request.user
        ):
            return redirect("onboarding:mine")
        context = _plan_context(request, plan)
        if request.htmx:
            return render(request, "onboarding/plan_detail.html#tasks", context)
        return render(request, "onboarding/plan_detail.html", context)
    form = PlanEditForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic(durable=True):
                check_update_plan(
                    request.user,
                    plan,
                    buddy=_person(request.user, data["buddy"], "buddy"),
                    manager=_person(request.user, data["manager"], "manager"),
                )
        except InvalidInput as error:
            add_action_error(
                form, error, {"buddy_id": "buddy", "manager_id": "manager"}
            )
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect("onboarding:plan", plan.pk)
    context = _plan_context(request, plan)
    context["edit_form"] = form
    return render(request, "onboarding/plan_detail.html", context, status=400)


@login_required
@require_POST
def plan_welcome(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """The manager, buddy or HR publishes the welcome post."""
    plan = access_plan(request.user, plan_id)
    form = _welcome_form(request, plan, request.POST)
    post = None
    if form.is_valid():
        data = form.cleaned_data

        def publish() -> Any:
            group = (
                access_group(request.user, group_id=data["group"])
                if data["group"]
                else None
            )
            return check_publish_welcome(
                request.user, plan, body=data["body"], group=group
            )

        post = publish_with_form(form, publish, {"group_id": "group"})
    if post is None:
        context = _plan_context(request, plan)
        context["welcome_form"] = form
        return render(request, "onboarding/plan_detail.html", context, status=400)
    messages.success(request, _("The welcome post has been published."))
    return redirect("onboarding:plan", plan.pk)


# Templates (HR) ---------------------------------------------------------------


def _template_form(
    request: AuthedRequest, data: Any = None, **kwargs: Any
) -> TemplateForm:
    groups = (
        visible_groups(request.user).exclude(kind=GroupKind.SECRET).order_by("name")
    )
    pages = (
        visible_pages(request.user)
        .filter(group__isnull=True)
        .order_by("title")[:TEMPLATE_PAGE_CHOICES]
    )
    open_pages = (
        visible_pages(request.user)
        .filter(group__kind=GroupKind.OPEN)
        .order_by("title")[:TEMPLATE_PAGE_CHOICES]
    )
    return TemplateForm(
        data,
        departments=Department.objects.order_by("name"),
        groups=groups,
        pages=[*pages, *open_pages],
        **kwargs,
    )


def _template_fields(request: AuthedRequest, form: TemplateForm) -> TemplateFields:
    """The form's choices as rows, every one through plein.access."""
    data = form.cleaned_data
    user = request.user
    department = None
    if data["department"] is not None:
        department = Department.objects.filter(pk=data["department"]).first()
    groups = list(visible_groups(user).filter(pk__in=data["groups"]))
    pages = [
        (page, data["page_due_days"])
        for page in visible_pages(user).filter(pk__in=data["pages"])
    ]
    people = []
    for handle in form.handles():
        person = _person(user, handle, "people")
        if person is not None:
            people.append(person)
    welcome_group = None
    if data["welcome_group"] is not None:
        welcome_group = visible_groups(user).filter(pk=data["welcome_group"]).first()
    return TemplateFields(
        name=data["name"],
        department=department,
        groups=groups,
        pages=pages,
        people=people,
        meet_manager=data["meet_manager"],
        meet_buddy=data["meet_buddy"],
        manager_checklist=data["manager_checklist"],
        welcome_text=data["welcome_text"],
        welcome_group=welcome_group,
        due_days=data["due_days"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_list(request: AuthedRequest) -> HttpResponse:
    """HR's templates, and a new one."""
    if not can_manage_onboarding(request.user):
        raise NotFound()
    templates = visible_templates(request.user).select_related("department")
    if request.method == "GET":
        form = _template_form(request)
        return render(
            request,
            "onboarding/template_list.html",
            {"templates": templates, "form": form},
        )
    form = _template_form(request, request.POST)
    if form.is_valid():
        try:
            with transaction.atomic(durable=True):
                check_save_template(request.user, _template_fields(request, form))
        except InvalidInput as error:
            add_action_error(form, error, {"group_ids": "groups"})
        else:
            messages.success(request, _("The template has been saved."))
            return redirect("onboarding:templates")
    return render(
        request,
        "onboarding/template_list.html",
        {"templates": templates, "form": form},
        status=400,
    )


def _template_initial(template: OnboardingTemplate) -> dict[str, Any]:
    pages = list(template.pages.all())
    return {
        "name": template.name,
        "department": template.department_id,
        "groups": [g.pk for g in template.groups.all()],
        "pages": [p.page_id for p in pages],
        "page_due_days": pages[0].due_days if pages else 7,
        "people": " ".join(f"@{p.handle}" for p in template.people.all()),
        "meet_manager": template.meet_manager,
        "meet_buddy": template.meet_buddy,
        "manager_checklist": template.manager_checklist,
        "welcome_text": template.welcome_text,
        "welcome_group": template.welcome_group_id,
        "due_days": template.due_days,
    }


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: AuthedRequest, template_id: int) -> HttpResponse:
    """Change a template (plans already made keep their tasks)."""
    template = access_template(request.user, template_id)
    if request.method == "GET":
        form = _template_form(request, initial=_template_initial(template))
        return render(
            request,
            "onboarding/template_edit.html",
            {"template": template, "form": form},
        )
    form = _template_form(request, request.POST)
    if form.is_valid():
        try:
            with transaction.atomic(durable=True):
                check_save_template(
                    request.user, _template_fields(request, form), template
                )
        except InvalidInput as error:
            add_action_error(form, error, {"group_ids": "groups"})
        else:
            messages.success(request, _("The template has been saved."))
            return redirect("onboarding:templates")
    return render(
        request,
        "onboarding/template_edit.html",
        {"template": template, "form": form},
        status=400,
    )


@login_required
@require_POST
def template_delete(request: AuthedRequest, template_id: int) -> HttpResponse:
    template = access_template(request.user, template_id)
    with transaction.atomic(durable=True):
        check_delete_template(request.user, template)
    messages.success(request, _("The template has been deleted."))
    return redirect("onboarding:templates")
