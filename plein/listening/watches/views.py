"""The watches pages: the shared list and its form (communications), and a
watch's mentions (communications and the client's account team)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.access.groups import visible_groups
from plein.access.listening import access_mention, access_watch, can_use_listening
from plein.core.errors import InvalidInput, NotFound
from plein.core.forms import add_action_error
from plein.listening.mentions.models import Sentiment
from plein.listening.watches.actions import (
    check_create_watch,
    check_set_subscribed,
    check_update_watch,
    do_delete_watch,
)
from plein.listening.watches.forms import WatchForm
from plein.listening.watches.models import Watch
from plein.listening.watches.queries import list_watch_mentions, list_watches
from plein.people.http import AuthedRequest

MENTIONS_PER_PAGE = 50
ALIASES = {"team_group_id": "team_group"}


@login_required
@require_GET
def watch_list(request: AuthedRequest) -> HttpResponse:
    """Communications: every watch with its recent matches. An account team
    member: their own client watches (read only). Anyone else: 404."""
    watches = list(list_watches(request.user))
    is_communications = can_use_listening(request.user)
    if not is_communications and not watches:
        raise NotFound()
    return render(
        request,
        "listening_watches/watch_list.html",
        {"watches": watches, "can_manage": is_communications},
    )


def _form(request: AuthedRequest, watch: Watch | None = None) -> WatchForm:
    groups = visible_groups(request.user).order_by("name")
    if request.method == "POST":
        return WatchForm(request.POST, groups=groups)
    if watch is None:
        return WatchForm(groups=groups)
    people = watch.team_members.select_related("person").order_by("pk")
    return WatchForm(
        groups=groups,
        initial={
            "name": watch.name,
            "kind": watch.kind,
            "query": watch.query,
            "team_group": watch.team_group_id,
            "team_people": " ".join(f"@{m.person.handle}" for m in people),
            "is_active": watch.is_active,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def watch_create(request: AuthedRequest) -> HttpResponse:
    """Communications: add a watch to the shared list."""
    if not can_use_listening(request.user):
        raise NotFound()
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic(durable=True):
                watch = check_create_watch(request.user, **form.watch_fields())
        except InvalidInput as exc:
            add_action_error(form, exc, ALIASES)
        else:
            messages.success(
                request,
                _("The watch %(name)s looks through the last 30 days now.")
                % {"name": watch.name},
            )
            return redirect("listening_watches:detail", watch.pk)
    return render(
        request,
        "listening_watches/watch_form.html",
        {"form": form, "watch": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def watch_edit(request: AuthedRequest, watch_id: int) -> HttpResponse:
    """Communications: change a watch (its query is matched again)."""
    watch = access_watch(request.user, watch_id, for_manage=True)
    form = _form(request, watch)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic(durable=True):
                check_update_watch(request.user, watch, **form.watch_fields())
        except InvalidInput as exc:
            add_action_error(form, exc, ALIASES)
        else:
            messages.success(request, _("The watch is saved."))
            return redirect("listening_watches:detail", watch.pk)
    return render(
        request,
        "listening_watches/watch_form.html",
        {"form": form, "watch": watch},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def watch_active(request: AuthedRequest, watch_id: int) -> HttpResponse:
    """Communications: turn a watch off, or on again."""
    is_active = request.POST.get("is_active") == "1"
    with transaction.atomic(durable=True):
        watch = access_watch(request.user, watch_id, for_manage=True)
        check_update_watch(request.user, watch, is_active=is_active)
    if is_active:
        messages.success(request, _("%(name)s is on again.") % {"name": watch.name})
    else:
        messages.success(request, _("%(name)s is off.") % {"name": watch.name})
    return redirect("listening_watches:list")


@login_required
@require_POST
def watch_delete(request: AuthedRequest, watch_id: int) -> HttpResponse:
    """Communications: delete a watch and its matches (the mentions stay)."""
    with transaction.atomic(durable=True):
        watch = access_watch(request.user, watch_id, for_manage=True)
        do_delete_watch(request.user, watch)
    messages.success(request, _("%(name)s is deleted.") % {"name": watch.name})
    return redirect("listening_watches:list")


@login_required
@require_POST
def watch_subscribe(request: AuthedRequest, watch_id: int) -> HttpResponse:
    """Communications: be told of the watch's new mentions, or no longer."""
    subscribed = request.POST.get("subscribed") == "1"
    with transaction.atomic(durable=True):
        watch = access_watch(request.user, watch_id, for_manage=True)
        check_set_subscribed(request.user, watch, subscribed=subscribed)
    if subscribed:
        messages.success(request, _("You are told of its new mentions."))
    else:
        messages.success(request, _("You are no longer told of its new mentions."))
    return redirect("listening_watches:detail", watch.pk)


@login_required
@require_GET
def watch_detail(request: AuthedRequest, watch_id: int) -> HttpResponse:
    """A watch and its mentions, newest first (communications, and the
    account team of a client watch)."""
    access_watch(request.user, watch_id)
    watch = list_watches(request.user).get(pk=watch_id)
    page = Paginator(
        list_watch_mentions(request.user, watch), MENTIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "listening_watches/watch_detail.html",
        {
            "watch": watch,
            "page": page,
            "can_manage": can_use_listening(request.user),
            "sentiments": Sentiment.choices,
        },
    )


@login_required
@require_GET
def watch_mention(
    request: AuthedRequest, watch_id: int, mention_id: int
) -> HttpResponse:
    """One mention the watch found (where its notification leads), with the
    link to the page outside. 404 unless the reader may see both and the
    watch found it."""
    watch = access_watch(request.user, watch_id)
    access_mention(request.user, mention_id)
    mention = list_watch_mentions(request.user, watch).filter(pk=mention_id).first()
    if mention is None:
        raise NotFound()
    return render(
        request,
        "listening_watches/watch_mention.html",
        {"watch": watch, "mention": mention},
    )
