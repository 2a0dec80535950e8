"""The mentions page: what was found outside, newest first."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from plein.access.listening import can_use_listening
from plein.core.errors import NotFound
from plein.listening.mentions.queries import list_mentions
from plein.people.http import AuthedRequest

MENTIONS_PER_PAGE = 50


@login_required
@require_GET
def mention_list(request: AuthedRequest) -> HttpResponse:
    """Communications: the mentions with the sources that found them."""
    if not can_use_listening(request.user):
        raise NotFound()
    page = Paginator(list_mentions(request.user), MENTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "mentions/mention_list.html", {"page": page})
