"""People management for organisation admins: invite, deactivate, reactivate."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.access.people import access_person, can_manage_people, visible_people
from plein.core.errors import Forbidden, InvalidInput
from plein.core.forms import add_action_error
from plein.people.actions import (
    check_deactivate_person,
    check_invite_person,
    check_reactivate_person,
)
from plein.people.forms import InviteForm, ManageFilterForm
from plein.people.http import AuthedRequest
from plein.people.models import Invitation
from plein.people.views.common import render_page_or_partial

MANAGE_PAGE_SIZE = 50


def _require_admin(request: HttpRequest) -> None:
    # Members know this page exists (it is documented), so 403 rather than 404.
    if not can_manage_people(request.user):
        raise Forbidden(
            pgettext("permission", "Only administrators can manage people.")
        )


def _manage_context(request: HttpRequest, invite_form: InviteForm) -> dict[str, Any]:
    people = visible_people(request.user).select_related("department")
    filters = ManageFilterForm(request.GET or None)
    if filters.is_valid():
        q = filters.cleaned_data["q"].strip()
        if q:
            people = people.filter(
                Q(full_name__icontains=q)
                | Q(email__icontains=q)
                | Q(handle__icontains=q)
            )
        if filters.cleaned_data["status"] == "active":
            people = people.filter(is_active=True)
        elif filters.cleaned_data["status"] == "deactivated":
            people = people.filter(is_active=False)
    page = Paginator(people.order_by("full_name", "pk"), MANAGE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "invite_form": invite_form,
        "pending": Invitation.objects.filter(accepted_at__isnull=True)
        .select_related("invited_by")
        .order_by("-created_at")[:50],
    }


@login_required
@require_GET
def people_manage(request: AuthedRequest) -> HttpResponse:
    _require_admin(request)
    return render_page_or_partial(
        request,
        "people/people_manage.html",
        "people",
        _manage_context(request, InviteForm()),
    )


@login_required
@require_POST
def person_invite(request: AuthedRequest) -> HttpResponse:
    _require_admin(request)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic(durable=True):
                invitation = check_invite_person(request.user, **form.cleaned_data)
        except InvalidInput as exc:
            add_action_error(form, exc)
        else:
            if not request.htmx:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s.") % {"email": invitation.email},
                )
                return redirect("people:manage")
            context = _manage_context(request, InviteForm())
            context["invited"] = invitation
            return render_page_or_partial(
                request, "people/people_manage.html", "invite", context
            )
    return render_page_or_partial(
        request, "people/people_manage.html", "invite", _manage_context(request, form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_deactivate(request: AuthedRequest, person_id: int) -> HttpResponse:
    """Ask first (GET), then deactivate (POST): it ends the person's sessions."""
    _require_admin(request)
    person = access_person(request.user, person_id=person_id)
    if request.method == "POST":
        with transaction.atomic(durable=True):
            check_deactivate_person(request.user, person)
        messages.success(
            request, _("%(name)s has been deactivated.") % {"name": person.full_name}
        )
        return redirect("people:manage")
    return render(request, "people/person_deactivate.html", {"person": person})


@login_required
@require_POST
def person_reactivate(request: AuthedRequest, person_id: int) -> HttpResponse:
    _require_admin(request)
    person = access_person(request.user, person_id=person_id)
    with transaction.atomic(durable=True):
        check_reactivate_person(request.user, person)
    messages.success(
        request, _("%(name)s can log in again.") % {"name": person.full_name}
    )
    return redirect("people:manage")
