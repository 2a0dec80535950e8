"""The mentions page: what was found outside, newest first; and the page
where every colleague sends a link in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.access.listening import (
    access_mention,
    access_watch,
    can_submit_mention,
    can_use_listening,
    visible_watches,
)
from plein.core.errors import InvalidInput, NotFound
from plein.core.forms import add_action_error
from plein.listening.mentions.actions import check_correct_sentiment, check_submit_link
from plein.listening.mentions.bookmarklet import build_bookmarklet
from plein.listening.mentions.forms import SubmitLinkForm, build_prefill
from plein.listening.mentions.models import MentionSubmission, Sentiment
from plein.listening.mentions.queries import list_mentions
from plein.listening.sources.mailin import build_listening_address
from plein.people.http import AuthedRequest

MENTIONS_PER_PAGE = 50


@login_required
@require_GET
def mention_list(request: AuthedRequest) -> HttpResponse:
    """Communications: the mentions with the sources that found them
    (``?watch=<id>``: those one watch found)."""
    if not can_use_listening(request.user):
        raise NotFound()
    mentions = list_mentions(request.user)
    watch = None
    if request.GET.get("watch"):
        watch = access_watch(request.user, request.GET["watch"])
        mentions = mentions.filter(watch_matches__watch=watch)
    page = Paginator(mentions, MENTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "mentions/mention_list.html",
        {
            "page": page,
            "sentiments": Sentiment.choices,
            "form": SubmitLinkForm(),
            "watch": watch,
            "watches": visible_watches(request.user).order_by("name", "pk"),
            "query": f"watch={watch.pk}" if watch else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mention_submit(request: AuthedRequest) -> HttpResponse:
    """Every colleague: send a link in for communications (404 for guests).

    The mentions page and the share page post their small forms here too
    (``back=list`` returns to the mentions page). ``?url=&title=&note=``
    fill the form in (the bookmarklet, the share page's link); only a POST
    with its CSRF token sends anything in.
    """
    if not can_submit_mention(request.user):
        raise NotFound()
    if request.method == "POST":
        form = SubmitLinkForm(request.POST)
    else:
        form = SubmitLinkForm(initial=build_prefill(request.GET))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic(durable=True):
                check_submit_link(
                    request.user,
                    url=form.cleaned_data["url"],
                    note=form.cleaned_data["note"],
                    title=form.cleaned_data["title"],
                    via=MentionSubmission.Via.FORM,
                )
        except InvalidInput as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Thank you: communications sees the link now."))
            if request.POST.get("back") == "list" and can_use_listening(request.user):
                return redirect("mentions:list")
            return redirect("mentions:submit")
    return render(
        request,
        "mentions/mention_submit.html",
        {
            "form": form,
            "address": build_listening_address(),
            "bookmarklet": build_bookmarklet(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def mention_sentiment(request: AuthedRequest, mention_id: int) -> HttpResponse:
    """Correct a mention's sentiment (communications); back to the list."""
    with transaction.atomic(durable=True):
        mention = access_mention(request.user, mention_id)
        check_correct_sentiment(
            request.user, mention, request.POST.get("sentiment", "")[:10]
        )
    target = reverse("mentions:list")
    page = request.POST.get("page", "")
    if page.isdigit():
        target += f"?page={page}"
    return redirect(f"{target}#mention-{mention.pk}")
