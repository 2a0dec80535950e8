"""Pages and htmx fragments for vacancies, applications and the public page.

Thin views: parse with a form, fetch through ``plein.access.vacancies``,
change state through the vacancies actions in a durable transaction, then
answer with a page, a partial (htmx) or a redirect. ``vacancy_public`` is
the one page without a login: it shows only what ``public_vacancy_filter``
lets out, and links to nothing else of Plein.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from plein.access.groups import access_group
from plein.access.people import is_guest
from plein.access.vacancies import (
    access_application,
    access_vacancy,
    can_manage_hiring_managers,
    can_move_application,
    can_publish_vacancy,
    can_view_application_details,
    can_view_hr_insights,
    can_withdraw_application,
    is_hr,
)
from plein.careers.vacancies import queries
from plein.careers.vacancies.actions import (
    build_details,
    check_apply,
    check_close_vacancy,
    check_create_vacancy,
    check_follow_department,
    check_move_application,
    check_name_hiring_manager,
    check_remove_hiring_manager,
    check_share_vacancy,
    check_update_vacancy,
    check_withdraw_application,
    current_details,
    do_record_share_visit,
)
from plein.careers.vacancies.forms import (
    ALIASES,
    ApplyForm,
    CloseForm,
    FollowForm,
    HiringManagerForm,
    MoveForm,
    VacancyDetailsForm,
    VacancyForm,
)
from plein.careers.vacancies.models import HiringManager, Stage
from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.core.forms import add_action_error, publish_with_form
from plein.groups.queries import list_my_groups
from plein.people.http import AuthedRequest
from plein.people.models import Department, User
from plein.posts.forms import CommentForm
from plein.posts.publishing import Upload
from plein.posts.queries import get_comment_threads, get_post_card
from plein.posts.reading import do_record_post_opened
from plein.posts.views import HELD_MESSAGE

# The share tokens a browser arrived with, by vacancy: kept in the session
# (which survives logging in) so an application made later is credited.
SESSION_REFS = "vacancy_refs"


def _colleague(request: AuthedRequest) -> None:
    """Vacancies are the organisation's: external guests find nothing here."""
    if is_guest(request.user):
        raise NotFound()


def _department(value: Any, field: str = "department_id") -> Department | None:
    if value in (None, ""):
        return None
    department = Department.objects.filter(pk=value).first()
    if department is None:
        raise InvalidInput(_("Choose a department."), field=field)
    return department


def _contact(handle: str) -> User | None:
    handle = (handle or "").strip().lstrip("@")
    if not handle:
        return None
    person = User.objects.filter(handle=handle, is_active=True).first()
    if person is None:
        raise InvalidInput(
            _("No active colleague has this handle."), field="contact_id"
        )
    return person


def _details_from_form(form: VacancyDetailsForm) -> Any:
    data = dict(form.cleaned_data)
    data["department"] = _department(data.get("department"))
    data["contact"] = _contact(data.get("contact") or "")
    return build_details(data)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def vacancy_index(request: AuthedRequest) -> HttpResponse:
    """The vacancies one may see, with filters and a search."""
    _colleague(request)
    error = ""
    try:
        filters = queries.parse_filters(request.GET)
        vacancies = list(
            queries.list_vacancies(request.user, filters)[: queries.PAGE_SIZE]
        )
    except InvalidInput as problem:
        filters, vacancies, error = queries.Filters(), [], str(problem.message)
    departments = queries.list_departments()
    department = next((d for d in departments if d.pk == filters.department_id), None)
    context = {
        "vacancies": vacancies,
        "filters": filters,
        "departments": departments,
        "followed": queries.followed_department_ids(request.user),
        "department": department,
        "alert_url": queries.build_alert_url(filters.q, department),
        "can_publish": can_publish_vacancy(request.user),
        "can_see_insights": can_view_hr_insights(request.user),
        "can_name_managers": can_manage_hiring_managers(request.user),
        "error": error,
    }
    template = "vacancies/vacancy_index.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


def _vacancy_form(request: AuthedRequest, data: Any = None) -> VacancyForm:
    return VacancyForm(
        data,
        groups=list_my_groups(request.user),
        departments=queries.list_departments(),
        initial={"language": request.user.language},
    )


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_create(request: AuthedRequest) -> HttpResponse:
    """Publish a vacancy: HR and hiring managers; it appears in the feed."""
    if not can_publish_vacancy(request.user):
        raise Forbidden(
            pgettext("permission", "Only HR and hiring managers can publish vacancies.")
        )
    if request.method == "GET":
        return render(
            request, "vacancies/vacancy_create.html", {"form": _vacancy_form(request)}
        )
    form = _vacancy_form(request, request.POST)
    post = None
    if form.is_valid():
        data = form.cleaned_data

        def create() -> Any:
            group = (
                access_group(request.user, group_id=data["group"])
                if data["group"]
                else None
            )
            return check_create_vacancy(
                request.user,
                _details_from_form(form),
                title=data["title"],
                body=data["body"],
                group=group,
                language=data["language"],
                justification=data["justification"],
            )

        post = publish_with_form(form, create, ALIASES)
    if post is None:
        return render(request, "vacancies/vacancy_create.html", {"form": form})
    if post.is_withheld:
        messages.info(request, HELD_MESSAGE)
    else:
        messages.success(request, _("Your vacancy has been published."))
    return redirect("vacancies:detail", post.pk)


def _remember_ref(request: HttpRequest, vacancy_id: int, token: str) -> None:
    if not token or len(token) > 32:
        return
    refs = dict(request.session.get(SESSION_REFS) or {})
    refs[str(vacancy_id)] = token
    request.session[SESSION_REFS] = refs


def _detail_context(request: AuthedRequest, vacancy: Any) -> dict[str, Any]:
    page = queries.get_vacancy_page(request.user, vacancy)
    ref = (request.session.get(SESSION_REFS) or {}).get(str(vacancy.pk), "")
    return {
        "page": page,
        "post": get_post_card(request.user, vacancy.post),
        "comments": get_comment_threads(request.user, vacancy.post),
        "comment_form": CommentForm(),
        "is_detail": True,
        "apply_form": ApplyForm(initial={"ref": ref}),
        "close_form": CloseForm(),
        "stages": [(v, label) for v, label in Stage.choices if v != Stage.WITHDRAWN],
        "share": queries.build_share_box(vacancy, page.share_link)
        if page.share_link
        else None,
    }


@login_required
@require_GET
def vacancy_detail(request: AuthedRequest, post_id: int) -> HttpResponse:
    """The vacancy: details, applying, sharing and (for HR) its applications."""
    _colleague(request)
    vacancy = access_vacancy(request.user, post_id)
    _remember_ref(request, vacancy.pk, request.GET.get("ref", ""))
    response = render(
        request, "vacancies/vacancy_detail.html", _detail_context(request, vacancy)
    )
    do_record_post_opened(request.user, vacancy.post)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_edit(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Change the details; the title and text are edited as the post's."""
    vacancy = access_vacancy(request.user, post_id, for_manage=True)
    departments = queries.list_departments()
    if request.method == "GET":
        initial = current_details(vacancy)
        initial["department"] = vacancy.department_id
        initial["contact"] = vacancy.contact.handle if vacancy.contact else ""
        form = VacancyDetailsForm(initial=initial, departments=departments)
        return render(
            request, "vacancies/vacancy_edit.html", {"form": form, "vacancy": vacancy}
        )
    form = VacancyDetailsForm(request.POST, departments=departments)
    if form.is_valid():
        try:
            with transaction.atomic(durable=True):
                vacancy = access_vacancy(request.user, post_id, for_manage=True)
                check_update_vacancy(request.user, vacancy, _details_from_form(form))
        except InvalidInput as error:
            add_action_error(form, error, ALIASES)
        else:
            messages.success(request, _("The vacancy has been changed."))
            return redirect("vacancies:detail", post_id)
    return render(
        request, "vacancies/vacancy_edit.html", {"form": form, "vacancy": vacancy}
    )


@login_required
@require_POST
def vacancy_close(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Close the vacancy: filled (and from where) or not."""
    form = CloseForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("Choose filled or closed."), field="status")
    with transaction.atomic(durable=True):
        vacancy = access_vacancy(request.user, post_id, for_manage=True)
        check_close_vacancy(
            request.user,
            vacancy,
            status=form.cleaned_data["status"],
            hired_from=form.cleaned_data["hired_from"],
        )
    messages.success(request, _("The vacancy has been closed."))
    return redirect("vacancies:detail", post_id)


@login_required
@require_POST
def vacancy_apply(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Apply, optionally keeping it from one's manager until a chosen stage."""
    _colleague(request)
    vacancy = access_vacancy(request.user, post_id)
    form = ApplyForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        upload = None
        if data.get("cv_file"):
            file = data["cv_file"]
            upload = Upload(
                filename=file.name, content_type=file.content_type, data=file.read()
            )
        try:
            with transaction.atomic(durable=True):
                vacancy = access_vacancy(request.user, post_id)
                application = check_apply(
                    request.user,
                    vacancy,
                    motivation=data["motivation"],
                    cv_text=data["cv_text"],
                    cv_upload=upload,
                    manager_sees_from=data["manager_sees_from"],
                    share_token=data.get("ref") or "",
                )
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            messages.success(request, _("Your application has been sent."))
            return redirect("vacancies:application", application.pk)
    context = _detail_context(request, vacancy)
    context["apply_form"] = form
    return render(request, "vacancies/vacancy_detail.html", context, status=400)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def vacancy_share(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Make one's share link; the box shows the text and the links."""
    _colleague(request)
    with transaction.atomic(durable=True):
        vacancy = access_vacancy(request.user, post_id)
        link = check_share_vacancy(request.user, vacancy)
    if request.htmx:
        return render(
            request,
            "vacancies/vacancy_detail.html#share",
            {
                "page": queries.get_vacancy_page(request.user, vacancy),
                "share": queries.build_share_box(vacancy, link),
            },
        )
    return redirect(reverse("vacancies:detail", args=[post_id]) + "#share")


@login_required
@require_POST
def vacancy_follow(request: AuthedRequest) -> HttpResponse:
    """Follow (or stop following) a department's new vacancies."""
    _colleague(request)
    form = FollowForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("Choose a department."), field="department")
    with transaction.atomic(durable=True):
        department = _department(form.cleaned_data["department"], "department")
        assert department is not None  # noqa: S101 - the form requires one
        following = check_follow_department(
            request.user, department, follow=form.cleaned_data["follow"]
        )
    if following:
        messages.success(
            request,
            _("You will hear of new vacancies in %(name)s.")
            % {"name": department.name},
        )
    else:
        messages.success(
            request,
            _("You no longer follow vacancies in %(name)s.")
            % {"name": department.name},
        )
    back = request.POST.get("next", "")
    if back.startswith("/vacancies/"):
        return redirect(back)
    return redirect("vacancies:index")


# Applications -------------------------------------------------------------------


@login_required
@require_GET
def application_list(request: AuthedRequest) -> HttpResponse:
    """One's own applications, and those of one's reports one may see."""
    _colleague(request)
    return render(
        request,
        "vacancies/application_list.html",
        {
            "mine": queries.list_my_applications(request.user),
            "team": queries.list_team_applications(request.user),
        },
    )


def _application_context(request: AuthedRequest, application: Any) -> dict[str, Any]:
    user = request.user
    return {
        "application": application,
        "vacancy": application.vacancy,
        "shows_details": can_view_application_details(user, application),
        "can_move": can_move_application(user, application),
        "can_withdraw": can_withdraw_application(user, application),
        "is_own": application.applicant_id == user.pk,
        "move_form": MoveForm(initial={"status": application.status}),
        "stages": [(v, label) for v, label in Stage.choices if v != Stage.WITHDRAWN],
    }


@login_required
@require_GET
def application_detail(request: AuthedRequest, application_id: int) -> HttpResponse:
    """An application: all of it for the applicant and HR, the stage for the
    applicant's manager (from the chosen stage on)."""
    application = access_application(request.user, application_id)
    return render(
        request,
        "vacancies/application_detail.html",
        _application_context(request, application),
    )


@login_required
@require_POST
@vary_on_headers("HX-Request")
def application_move(request: AuthedRequest, application_id: int) -> HttpResponse:
    """HR moves the application to another stage; the applicant is told."""
    form = MoveForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("Choose a stage."), field="status")
    with transaction.atomic(durable=True):
        application = access_application(request.user, application_id, for_move=True)
        check_move_application(request.user, application, form.cleaned_data["status"])
    if request.htmx:
        application = access_application(request.user, application_id)
        return render(
            request,
            "vacancies/application_detail.html#stage",
            _application_context(request, application),
        )
    messages.success(request, _("The application has moved."))
    return redirect("vacancies:application", application_id)


@login_required
@require_POST
def application_withdraw(request: AuthedRequest, application_id: int) -> HttpResponse:
    with transaction.atomic(durable=True):
        application = access_application(request.user, application_id)
        check_withdraw_application(request.user, application)
    messages.success(request, _("Your application has been withdrawn."))
    return redirect("vacancies:application", application_id)


@login_required
@require_GET
def application_cv(request: AuthedRequest, application_id: int) -> FileResponse:
    """The CV file: for the applicant and the vacancy's managers only."""
    application = access_application(request.user, application_id)
    if not can_view_application_details(request.user, application):
        raise NotFound()
    if not application.cv_file:
        raise NotFound()
    try:
        handle = application.cv_file.open("rb")
    except FileNotFoundError:
        raise NotFound() from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=application.cv_name or "cv",
        content_type=application.cv_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# HR ---------------------------------------------------------------------------------


@login_required
@require_GET
def vacancy_insights(request: AuthedRequest) -> HttpResponse:
    """Time to fill and where hires came from: HR, organisation-level."""
    if not can_view_hr_insights(request.user):
        raise NotFound()
    return render(
        request,
        "vacancies/vacancy_insights.html",
        {
            "insights": queries.build_hr_insights(request.user),
            "min_group": queries.MIN_GROUP,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def hiring_managers(request: AuthedRequest) -> HttpResponse:
    """Organisation admins name who may publish vacancies besides HR."""
    if not can_manage_hiring_managers(request.user):
        raise NotFound()
    departments = queries.list_departments()
    form = HiringManagerForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic(durable=True):
                person = _contact(form.cleaned_data["handle"])
                if person is None:
                    raise InvalidInput(_("Give a handle."), field="handle")
                check_name_hiring_manager(
                    request.user,
                    person,
                    _department(form.cleaned_data["department"], "department"),
                )
        except InvalidInput as error:
            add_action_error(
                form, error, {"contact_id": "handle", "person_id": "handle"}
            )
        else:
            messages.success(request, _("The hiring manager has been named."))
            return redirect("vacancies:hiring-managers")
    return render(
        request,
        "vacancies/hiring_managers.html",
        {
            "form": form,
            "managers": HiringManager.objects.select_related(
                "person", "department"
            ).order_by("person__full_name", "department__name"),
            "is_hr": is_hr(request.user),
        },
    )


@login_required
@require_POST
def hiring_manager_remove(request: AuthedRequest, manager_id: int) -> HttpResponse:
    with transaction.atomic(durable=True):
        check_remove_hiring_manager(request.user, manager_id)
    messages.success(request, _("The hiring manager has been removed."))
    return redirect("vacancies:hiring-managers")


# The public page ---------------------------------------------------------------------


@require_GET
def vacancy_public(request: HttpRequest, post_id: int, slug: str) -> HttpResponse:
    """An external vacancy for anyone, with schema.org JobPosting data.

    No login. Only open, external, visible vacancies: anything else answers
    404 exactly like an unknown id. Names nobody (no author, no sharer) and
    links to nothing else of Plein. A ``ref`` counts a visit for its share
    link (and is remembered for an application made after logging in).
    """
    vacancy = queries.public_vacancies().filter(pk=post_id).first()
    if vacancy is None:
        raise Http404()
    canonical = queries.public_slug(vacancy)
    if slug != canonical:
        target = queries.public_path(vacancy)
        if request.GET.get("ref"):
            target = queries.public_path(vacancy, request.GET["ref"])
        return redirect(target, permanent=True)
    token = request.GET.get("ref", "")
    share_ref = ""
    if do_record_share_visit(vacancy, token) is not None:
        _remember_ref(request, vacancy.pk, token)
        # For the "vacancies.public" slot: a share link may let the visitor
        # apply (the referrals app); the page itself names nobody.
        share_ref = token
    url = request.build_absolute_uri(queries.public_path(vacancy))
    response = render(
        request,
        "vacancies/vacancy_public.html",
        {
            "vacancy": vacancy,
            "post": vacancy.post,
            "body_html": queries.public_body_html(vacancy.post),
            "organisation": queries.organisation_name(),
            "job_posting": queries.build_job_posting_json(vacancy, url),
            "canonical_url": url,
            "share_ref": share_ref,
            "hours": queries.hours_text(vacancy)
            if vacancy.hours_min or vacancy.hours_max
            else "",
        },
    )
    # The address may carry a share token: not passed on to other sites.
    response["Referrer-Policy"] = "no-referrer"
    return response
