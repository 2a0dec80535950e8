"""The triage stream and a mention's triage page (communications only).

Plain forms that work without JavaScript; with htmx the same views answer
the page's parts (``#stream``, ``#panel``), and the live channel asks for
them again when a colleague changes something (``plein:live-triage``).
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.access.groups import access_group
from plein.access.listening import (
    access_mention,
    access_mention_note,
    can_triage_mentions,
)
from plein.announcements.actions import resolve_people_refs
from plein.core.errors import InvalidInput, NotFound
from plein.core.forms import add_action_error, publish_with_form
from plein.groups.queries import list_my_groups
from plein.listening.mentions.models import Mention, Sentiment
from plein.listening.triage.actions import (
    UNSET,
    check_add_note,
    check_change_triage,
    check_delete_note,
    check_discuss_mention,
    check_edit_note,
    resolve_assignee,
)
from plein.listening.triage.forms import DiscussForm, NoteForm, TriageChangeForm
from plein.listening.triage.models import TriageState
from plein.listening.triage.queries import (
    TriageFilters,
    count_by_state,
    get_discussion_start,
    get_triage_panel,
    list_sources_for_filter,
    list_triage,
)
from plein.people.http import AuthedRequest

MENTIONS_PER_PAGE = 50


def _communications(request: AuthedRequest) -> None:
    if not can_triage_mentions(request.user):
        raise NotFound()


@login_required
@require_GET
def triage_stream(request: AuthedRequest) -> HttpResponse:
    """The mentions by triage state, with counts and filters, newest first."""
    _communications(request)
    filters = TriageFilters.build(request.GET)
    page = Paginator(list_triage(request.user, filters), MENTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    # The query without the page, for the pager, and without the state,
    # for the state tabs.
    kept = {
        "assignee": "mine" if filters.mine else "",
        "sentiment": filters.sentiment,
        "source": filters.source_id or "",
    }
    others = urlencode({k: v for k, v in kept.items() if v})
    query = urlencode({k: v for k, v in {**kept, "state": filters.state}.items() if v})
    counts = count_by_state(request.user, filters)
    context = {
        "page": page,
        "filters": filters,
        "query": query,
        "others": others,
        "tabs": [(value, label, counts[value]) for value, label in TriageState.choices],
        "total": sum(counts.values()),
        "sentiments": Sentiment.choices,
        "sources": list_sources_for_filter(request.user),
    }
    template = "triage/triage_stream.html"
    if request.htmx:
        template += "#stream"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _mention_context(
    request: AuthedRequest, mention: Mention, **forms: Any
) -> dict[str, Any]:
    return {
        "mention": mention,
        "panel": get_triage_panel(request.user, mention),
        "change_form": forms.get("change_form") or TriageChangeForm(),
        "note_form": forms.get("note_form") or NoteForm(),
    }


def _render_mention(
    request: AuthedRequest, mention: Mention, *, status: int = 200, **forms: Any
) -> HttpResponse:
    template = "triage/triage_mention.html"
    if request.htmx:
        template += "#panel"
    response = render(
        request, template, _mention_context(request, mention, **forms), status=status
    )
    patch_vary_headers(response, ["HX-Request"])
    if request.htmx and status >= 400:
        # The panel with the form's error replaces the panel (plein.js swaps
        # an error answer that names its target).
        response["HX-Retarget"] = "#triage-panel"
        response["HX-Reswap"] = "outerHTML"
    return response


@login_required
@require_GET
def triage_mention(request: AuthedRequest, mention_id: int) -> HttpResponse:
    """One mention: its state, assignee, notes, history and discussions."""
    _communications(request)
    mention = access_mention(request.user, mention_id)
    return _render_mention(request, mention)


def _back_to(mention: Mention, anchor: str = "") -> HttpResponse:
    url = reverse("listening_triage:mention", args=[mention.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
@require_POST
def triage_change(request: AuthedRequest, mention_id: int) -> HttpResponse:
    """Change the state (``state``) or the assignee (``assignee``; "" for nobody)."""
    _communications(request)
    mention = access_mention(request.user, mention_id)
    form = TriageChangeForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic(durable=True):
                check_change_triage(
                    request.user,
                    mention,
                    state=form.cleaned_data["state"] or None,
                    assignee=resolve_assignee(form.cleaned_data["assignee"])
                    if "assignee" in request.POST
                    else UNSET,
                )
        except InvalidInput as error:
            add_action_error(form, error)
    if form.errors:
        return _render_mention(request, mention, status=400, change_form=form)
    if request.htmx:
        return _render_mention(request, mention)
    return _back_to(mention, "triage")


@login_required
@require_POST
def note_add(request: AuthedRequest, mention_id: int) -> HttpResponse:
    """Write a note on the mention."""
    _communications(request)
    mention = access_mention(request.user, mention_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic(durable=True):
                check_add_note(request.user, mention, form.cleaned_data["text"])
        except InvalidInput as error:
            add_action_error(form, error)
    if form.errors:
        return _render_mention(request, mention, status=400, note_form=form)
    if request.htmx:
        return _render_mention(request, mention)
    return _back_to(mention, "notes")


@login_required
@require_http_methods(["GET", "POST"])
def note_edit(request: AuthedRequest, note_id: int) -> HttpResponse:
    """The author changes their note."""
    note = access_mention_note(request.user, note_id, for_edit=True)
    form = NoteForm(
        request.POST if request.method == "POST" else None,
        initial={"text": note.text},
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic(durable=True):
                check_edit_note(request.user, note, form.cleaned_data["text"])
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            return _back_to(note.mention, f"note-{note.pk}")
    return render(
        request,
        "triage/note_edit.html",
        {"note": note, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def note_delete(request: AuthedRequest, note_id: int) -> HttpResponse:
    """The author deletes their note."""
    note = access_mention_note(request.user, note_id, for_edit=True)
    mention = note.mention
    with transaction.atomic(durable=True):
        check_delete_note(request.user, note)
    if request.htmx:
        return _render_mention(request, mention)
    return _back_to(mention, "notes")


DISCUSS_ALIASES = {"group_id": "group"}


@login_required
@require_http_methods(["GET", "POST"])
def mention_discuss(request: AuthedRequest, mention_id: int) -> HttpResponse:
    """Discuss the mention internally: a post in a group, quoting it."""
    _communications(request)
    mention = access_mention(request.user, mention_id)
    groups = list_my_groups(request.user)
    if request.method == "GET":
        form = DiscussForm(groups=groups, initial=get_discussion_start(mention))
        return render(
            request, "triage/mention_discuss.html", {"mention": mention, "form": form}
        )
    form = DiscussForm(request.POST, groups=groups)
    post = None
    if form.is_valid():
        data = form.cleaned_data

        def discuss() -> Any:
            group = access_group(request.user, group_id=data["group"])
            refs = [r for r in data["required_readers"].split(",") if r.strip()]
            return check_discuss_mention(
                request.user,
                mention,
                group=group,
                title=data["title"],
                body=data["body"],
                required_readers=resolve_people_refs(refs),
                justification=data["justification"],
            )

        post = publish_with_form(form, discuss, DISCUSS_ALIASES)
    if post is None:
        return render(
            request,
            "triage/mention_discuss.html",
            {"mention": mention, "form": form},
            status=400,
        )
    if post.is_withheld:
        messages.info(
            request,
            _("Your post is held for review; the mention links to it already."),
        )
    else:
        messages.success(request, _("The mention is being discussed in the group."))
    return _back_to(mention, "discussions")
