"""The alumni pages: an alumnus's home, HR's list, offering and inviting back."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.access.alumni import (
    access_alumni_person,
    can_invite_back,
    can_offer_alumni_account,
    can_use_alumni_home,
)
from plein.careers.alumni.actions import (
    check_invite_back,
    check_offer_alumni_account,
    check_resend_alumni_invitation,
)
from plein.careers.alumni.forms import InviteBackForm, OfferForm
from plein.careers.alumni.queries import get_alumni_home
from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.core.forms import add_action_error
from plein.people.http import AuthedRequest


@login_required
@require_GET
def alumni_home(request: AuthedRequest) -> HttpResponse:
    """Alumni: their home. HR: the alumni and their history. Others: 404."""
    if not can_use_alumni_home(request.user):
        raise NotFound()
    return render(
        request, "alumni/alumni_home.html", {"home": get_alumni_home(request.user)}
    )


def _hr_person_form(
    request: AuthedRequest,
    person_id: int,
    *,
    allowed: Any,
    refused: str,
    form_class: Any,
    apply: Any,
    done: str,
    template: str,
) -> HttpResponse:
    """HR's form about one person: check, act in one transaction, go home."""
    person = access_alumni_person(request.user, person_id)
    if not allowed(request.user, person):
        raise Forbidden(refused)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic(durable=True):
                apply(request.user, person, **form.cleaned_data)
        except InvalidInput as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, done % {"name": person.full_name})
            return redirect("alumni:home")
    status = 400 if form.errors else 200
    return render(request, template, {"person": person, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def alumni_offer(request: AuthedRequest, person_id: int) -> HttpResponse:
    """HR offers someone who leaves (or left) an alumni account."""
    return _hr_person_form(
        request,
        person_id,
        allowed=can_offer_alumni_account,
        refused=_("An alumni account cannot be offered to this person."),
        form_class=OfferForm,
        apply=check_offer_alumni_account,
        done=_("%(name)s now has an alumni account; the link is on its way."),
        template="alumni/alumni_offer.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def alumni_invite_back(request: AuthedRequest, person_id: int) -> HttpResponse:
    """HR welcomes an alumnus back as a colleague (a boomerang hire)."""
    return _hr_person_form(
        request,
        person_id,
        allowed=can_invite_back,
        refused=_("Only alumni can be invited back."),
        form_class=InviteBackForm,
        apply=check_invite_back,
        done=_("Welcome back, %(name)s: they are a colleague again."),
        template="alumni/alumni_invite_back.html",
    )


@login_required
@require_POST
def alumni_resend(request: AuthedRequest, person_id: int) -> HttpResponse:
    """HR mails an alumnus the password link again."""
    person = access_alumni_person(request.user, person_id)
    with transaction.atomic(durable=True):
        check_resend_alumni_invitation(request.user, person)
    messages.success(
        request, _("The link is on its way to %(email)s.") % {"email": person.email}
    )
    return redirect("alumni:home")
