"""The review queue: held posts and comments, released or rejected."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from plein.access.dlp import access_held_item, can_review_leaks
from plein.core.errors import InvalidInput, NotFound
from plein.governance.dlp.actions import check_review_held_item
from plein.governance.dlp.forms import ReviewForm
from plein.governance.dlp.queries import list_held_items
from plein.people.http import AuthedRequest


def review_prefix(kind: str, object_id: int) -> str:
    """One form per held item: field ids stay unique on the page."""
    return f"{kind}-{object_id}"


@login_required
@require_GET
def review_queue(request: AuthedRequest) -> HttpResponse:
    """Held content, oldest first; 404 for anyone who does not review."""
    if not can_review_leaks(request.user):
        raise NotFound()
    items = list_held_items(request.user)
    for item in items:
        item.form = ReviewForm(prefix=review_prefix(item.kind, item.obj.pk))
    context = {"items": items}
    return render(request, "dlp/review_queue.html", context)


@login_required
@require_POST
def review_decide(request: AuthedRequest, kind: str, object_id: int) -> HttpResponse:
    obj = access_held_item(request.user, kind, object_id)
    form = ReviewForm(request.POST, prefix=review_prefix(kind, obj.pk))
    if not form.is_valid():
        raise InvalidInput(_("Choose release or reject."), field="decision")
    decision = form.cleaned_data["decision"]
    try:
        with transaction.atomic(durable=True):
            check_review_held_item(
                request.user, obj, decision=decision, note=form.cleaned_data["note"]
            )
    except InvalidInput as error:
        messages.error(request, str(error.message))
    else:
        if decision == "release":
            messages.success(
                request, _("Released: it is now delivered to its readers.")
            )
        else:
            messages.success(request, _("Rejected: the text has been removed."))
    return redirect("dlp:review")
