"""The search-trail pages: one's own settings and the shared topics."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from plein.core.errors import InvalidInput
from plein.knowledge.trail.actions import (
    check_set_opt_in,
    do_delete_trail,
    half_life_days,
    max_age_days,
)
from plein.knowledge.trail.queries import (
    get_trail_status,
    list_own_words,
    list_shared_topics,
    min_people,
)
from plein.people.http import AuthedRequest


def _settings_context(request: AuthedRequest) -> dict:
    return {
        "status": get_trail_status(request.user),
        "min_people": min_people(),
        "half_life_days": half_life_days(),
        "max_age_days": max_age_days(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def trail_settings(request: AuthedRequest) -> HttpResponse:
    """Explain the search trail; opt in, opt out or clear one's trail."""
    if request.method == "POST":
        choice = request.POST.get("action", "")
        if choice not in ("opt-in", "opt-out", "clear"):
            raise InvalidInput(field="action")
        with transaction.atomic(durable=True):
            if choice == "clear":
                do_delete_trail(request.user)
                messages.success(request, _("Your search trail has been deleted."))
            elif choice == "opt-in":
                check_set_opt_in(request.user, opted_in=True)
                messages.success(
                    request,
                    _("You share your search trail now. Only new searches count."),
                )
            else:
                check_set_opt_in(request.user, opted_in=False)
                messages.success(
                    request,
                    _("You no longer share your search trail. It has been deleted."),
                )
        return redirect("trail:settings")
    context = _settings_context(request)
    context["words"] = list_own_words(request.user)
    return render(request, "trail/trail_settings.html", context)


@login_required
@require_GET
def trail_shared(request: AuthedRequest) -> HttpResponse:
    """Topics the viewer searched for together with at least k-1 colleagues."""
    context = _settings_context(request)
    context["topics"] = (
        list_shared_topics(request.user) if context["status"].opted_in else []
    )
    return render(request, "trail/trail_shared.html", context)
