"""The expertise finder, one's own topics, and endorsing a colleague's skill.

Thin views: the queries decide what the viewer may see, the actions do
the writing; htmx requests get the fragment they replace.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from plein.access.expertise import can_endorse
from plein.access.people import access_person
from plein.core.errors import InvalidInput, NotFound
from plein.knowledge.expertise import queries
from plein.knowledge.expertise.actions import (
    check_decide_topic,
    check_endorse,
    check_set_question_offers,
    check_unendorse,
)
from plein.knowledge.expertise.forms import ExpertSearchForm
from plein.people.http import AuthedRequest, HtmxRequest
from plein.people.models import User

RESULTS = 20


def _render(
    request: HtmxRequest, template: str, partial: str, context: dict
) -> HttpResponse:
    if request.htmx:
        template += f"#{partial}"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def expert_search(request: AuthedRequest) -> HttpResponse:
    """``/experts/?q=``: who knows about a topic, each result explained."""
    form = ExpertSearchForm(request.GET or None)
    experts: list[queries.Expert] = []
    searched = False
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        searched = True
        experts = queries.find_experts(
            request.user, form.cleaned_data["q"], limit=RESULTS
        )
    context = {"form": form, "experts": experts, "searched": searched}
    return _render(request, "expertise/expert_search.html", "results", context)


@login_required
@require_GET
def topics_mine(request: AuthedRequest) -> HttpResponse:
    """``/me/expertise/``: what Plein inferred from my work, to show or hide."""
    topics = queries.list_inferred_topics(request.user)
    return render(
        request,
        "expertise/topics_mine.html",
        {
            "pending": [t for t in topics if not t.state],
            "confirmed": [t for t in topics if t.state == "confirmed"],
            "hidden": [t for t in topics if t.state == "hidden"],
            "skills": queries.list_skill_endorsements(request.user, request.user),
            "offers_opted_in_at": queries.get_question_offer_opt_in(request.user),
            "offer_after_hours": settings.QNA_OFFER_AFTER_HOURS,
            "offer_max_per_week": settings.QNA_OFFER_MAX_PER_PERSON,
        },
    )


@login_required
@require_POST
def question_offers_set(request: AuthedRequest) -> HttpResponse:
    """Opt in to or out of being offered unanswered questions (``opted_in``)."""
    choice = request.POST.get("opted_in", "0")
    if choice not in ("0", "1"):
        raise InvalidInput(field="opted_in")
    with transaction.atomic(durable=True):
        opted_in = check_set_question_offers(request.user, opted_in=choice == "1")
    if opted_in:
        messages.success(
            request,
            _(
                "Unanswered questions in your areas of expertise will be offered "
                "to you."
            ),
        )
    else:
        messages.success(
            request, _("You will no longer be offered unanswered questions.")
        )
    return redirect(reverse("expertise:mine") + "#question-offers")


@login_required
@require_POST
def topic_decide(request: AuthedRequest) -> HttpResponse:
    """Show or hide one inferred topic; htmx swaps the topic's row."""
    with transaction.atomic(durable=True):
        consent = check_decide_topic(
            request.user, request.POST.get("topic", ""), request.POST.get("state", "")
        )
    if not request.htmx:
        return redirect("expertise:mine")
    topic = queries.get_inferred_topic(request.user, consent.topic)
    return _render(request, "expertise/topics_mine.html", "topic", {"topic": topic})


def _endorse_response(request: AuthedRequest, person: User) -> HttpResponse:
    if not request.htmx:
        return redirect(reverse("people:profile", args=[person.handle]))
    return _render(
        request,
        "expertise/_profile_skills.html",
        "skills",
        {
            "person": person,
            "skills": queries.list_skill_endorsements(request.user, person),
            "may_endorse": can_endorse(request.user, person),
        },
    )


@login_required
@require_POST
def endorse(request: AuthedRequest, handle: str) -> HttpResponse:
    """Endorse one of a colleague's listed skills (``skill`` = its id)."""
    person = access_person(request.user, handle=handle)
    with transaction.atomic(durable=True):
        check_endorse(request.user, person, request.POST.get("skill", ""))
    return _endorse_response(request, person)


@login_required
@require_POST
def unendorse(request: AuthedRequest, handle: str) -> HttpResponse:
    """Withdraw one's endorsement of a colleague's skill."""
    person = access_person(request.user, handle=handle)
    with transaction.atomic(durable=True):
        if not check_unendorse(request.user, person, request.POST.get("skill", "")):
            raise NotFound()
    return _endorse_response(request, person)
