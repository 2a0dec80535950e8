"""The wiki's pages: indexes, reading, writing, history, diff and verifying.

Every view fetches through ``plein.access`` (``access_page``,
``access_group``, ``visible_pages``), changes state only through the
actions in ``plein.knowledge.wiki.actions`` inside a durable transaction,
and answers with a page, an htmx partial or a redirect. A save that lost a
race is answered with 409 and the editor's text, never thrown away.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from plein.access.groups import (
    access_group,
    can_post_in_group,
    can_view_group_content,
    visible_groups,
)
from plein.access.membership import member_group_ids
from plein.access.people import access_person, is_outsider
from plein.access.wiki import (
    access_page,
    access_revision,
    can_edit_page,
    can_manage_page,
    visible_pages,
)
from plein.core.errors import Conflict, Forbidden, NotFound
from plein.core.forms import publish_with_form
from plein.groups.queries import list_my_groups
from plein.knowledge.wiki import queries
from plein.knowledge.wiki.actions import (
    check_change_owner,
    check_create_page,
    check_delete_page,
    check_edit_page,
    check_move_page,
    check_restore_revision,
    check_verify_page,
    do_record_page_read,
)
from plein.knowledge.wiki.file_views import files_context
from plein.knowledge.wiki.forms import (
    MoveForm,
    OwnerForm,
    PageEditForm,
    PageForm,
    PreviewForm,
)
from plein.knowledge.wiki.links import build_page_render
from plein.knowledge.wiki.models import Page
from plein.people.http import AuthedRequest

RECENT_LIMIT = 10
HISTORY_PER_PAGE = 50
BREADCRUMB_DEPTH = 20  # a guard against a parent loop, far beyond real trees
# The actions' field names for the form's.
PAGE_FIELD_ALIASES = {
    "parent_id": "place",
    "group_id": "place",
    "owner_id": "handle",
    "number": "base_revision",
}


def _join_message() -> str:
    return pgettext("permission", "Join the group to write in its wiki.")


def _render_body(body: str, *, group: Any = None, page: Any = None) -> str:
    """Markdown to safe HTML as the page will show it, [[links]] resolved.

    ``page`` (when editing) lets the text show the page's own files; a new
    page is rendered as an unsaved page of ``group``'s wiki.
    """
    target = page if page is not None else Page(group=group)
    return build_page_render(target, body).html


# --- Indexes ----------------------------------------------------------------


def _tree(pages: list[Any]) -> list[dict[str, Any]]:
    """Nest pages under their parents.

    A page whose parent is not in ``pages`` (hidden, deleted or in another
    wiki) becomes a root, so nothing visible is ever lost from the tree.
    """
    nodes = {page.pk: {"page": page, "children": []} for page in pages}
    roots: list[dict[str, Any]] = []
    for page in pages:
        parent = nodes.get(page.parent_id) if page.parent_id else None
        (parent["children"] if parent else roots).append(nodes[page.pk])
    return roots


def _recently_changed(user: Any) -> list[Any]:
    """The latest changed pages of every wiki the user may read."""
    pages = visible_pages(user).select_related("group")
    return list(pages.order_by("-updated_at", "-pk")[:RECENT_LIMIT])


def _group_wikis(user: Any) -> list[dict[str, Any]]:
    """Groups whose wiki the user may read and that have pages, or theirs."""
    counts = dict(
        visible_pages(user)
        .filter(group__isnull=False)
        .order_by()
        .values("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
    )
    mine = member_group_ids(user)
    groups = visible_groups(user).filter(pk__in=set(counts) | set(mine))
    return [
        {
            "group": group,
            "count": counts.get(group.pk, 0),
            "is_member": group.pk in mine,
        }
        for group in groups.order_by("name")
    ]


@login_required
@require_GET
def wiki_index(request: AuthedRequest) -> HttpResponse:
    """The organisation's page tree, the group wikis one can read, recent changes.

    External guests have no organisation wiki: they see their groups' wikis.
    """
    user = request.user
    organisation = list(
        visible_pages(user).filter(group__isnull=True).order_by("title")
    )
    context = {
        "tree": _tree(organisation),
        "may_write": not is_outsider(user),
        "wikis": _group_wikis(user),
        "recent": _recently_changed(user),
        "stale_count": queries.stale_pages(user).count(),
    }
    return render(request, "wiki/wiki_index.html", context)


@login_required
@require_GET
def group_index(request: AuthedRequest, slug: str) -> HttpResponse:
    """A group's page tree; a secret group does not exist for outsiders."""
    user = request.user
    group = access_group(user, slug=slug)
    may_read = can_view_group_content(user, group)
    pages = (
        list(visible_pages(user).filter(group=group).order_by("title"))
        if may_read
        else []
    )
    context = {
        "group": group,
        "may_read": may_read,
        "may_write": can_post_in_group(user, group),
        "tree": _tree(pages),
        "recent": (
            queries.recent_page_updates(user, group=group, limit=RECENT_LIMIT)
            if may_read
            else []
        ),
    }
    return render(request, "wiki/group_index.html", context)


@login_required
@require_GET
def page_stale(request: AuthedRequest) -> HttpResponse:
    """The pages one owns that wait for a check that they are still right."""
    pages = list(queries.stale_pages(request.user))
    return render(request, "wiki/page_stale.html", {"pages": pages})


# --- Reading ----------------------------------------------------------------


def _breadcrumbs(user: Any, page: Any) -> list[Any]:
    """The page's parents the user may read, the top one first."""
    crumbs: list[Any] = []
    seen = {page.pk}
    parent_id = page.parent_id
    while parent_id and parent_id not in seen and len(crumbs) < BREADCRUMB_DEPTH:
        seen.add(parent_id)
        parent = (
            visible_pages(user)
            .filter(pk=parent_id)
            .only("pk", "title", "parent_id")
            .first()
        )
        if parent is None:
            break
        crumbs.append(parent)
        parent_id = parent.parent_id
    crumbs.reverse()
    return crumbs


def _is_stale(page: Any) -> bool:
    """Not verified within WIKI_STALE_AFTER_DAYS: the owner should look."""
    if page.last_verified_at is None:
        return True
    limit = timedelta(days=settings.WIKI_STALE_AFTER_DAYS)
    return page.last_verified_at < timezone.now() - limit


def _page_context(user: Any, page: Any) -> dict[str, Any]:
    return {
        "page": page,
        "crumbs": _breadcrumbs(user, page),
        "children": list(visible_pages(user).filter(parent=page).order_by("title")),
        "toc": queries.toc(page),
        "backlinks": queries.backlinks(user, page),
        "may_edit": can_edit_page(user, page),
        "may_manage": can_manage_page(user, page),
        "is_stale": _is_stale(page),
        **files_context(user, page),
    }


@login_required
@require_GET
def page_detail(request: AuthedRequest, page_id: int) -> HttpResponse:
    """A page with its contents, owner, verification, links and children.

    The first visit by each reader is recorded (recognition counts reads).
    """
    page = access_page(request.user, page_id)
    response = render(
        request, "wiki/page_detail.html", _page_context(request.user, page)
    )
    with transaction.atomic(durable=True):
        do_record_page_read(request.user, page)
    return response


@login_required
@require_GET
def page_history(request: AuthedRequest, page_id: int) -> HttpResponse:
    """Who changed what, and when; pick two versions to compare."""
    user = request.user
    page = access_page(user, page_id)
    # Only the versions this reader may see; the texts are not shown here,
    # so long histories stay light.
    revisions = queries.page_revisions(user, page).defer("body")
    listed = Paginator(revisions, HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    numbers = list(
        queries.page_revisions(user, page).values_list("number", flat=True)[
            : listed.end_index() + 1
        ]
    )
    # Each row's "changes" compare with the version before it that this
    # reader may see, never with one written for other readers.
    previous = dict(zip(numbers, [*numbers[1:], None], strict=True))
    for revision in listed:
        revision.previous_number = previous.get(revision.number)
    context = {
        "page": page,
        "crumbs": _breadcrumbs(user, page),
        "revisions": listed,
        "default_from": numbers[1] if len(numbers) > 1 else page.revision,
        "may_compare": len(numbers) > 1,
        "may_edit": can_edit_page(user, page),
    }
    return render(request, "wiki/page_history.html", context)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _revision_number(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


@login_required
@require_GET
def page_diff(request: AuthedRequest, page_id: int) -> HttpResponse:
    """The lines that differ between two versions (by default the last change)."""
    user = request.user
    page = access_page(user, page_id)
    newer = _revision_number(request.GET.get("to")) or page.revision
    older = _revision_number(request.GET.get("from"))
    if older is None:
        # By default the last change this reader may see.
        older = queries.previous_revision_number(user, page, newer) or newer
    if older > newer:
        older, newer = newer, older
    lines = queries.diff_revisions(user, page, older, newer)
    revisions = {
        r.number: r
        for r in queries.page_revisions(user, page).filter(number__in=[older, newer])
    }
    context = {
        "page": page,
        "crumbs": _breadcrumbs(request.user, page),
        "older": revisions[older],
        "newer": revisions[newer],
        "lines": lines,
        "changed": any(line["op"] != "same" for line in lines),
    }
    return render(request, "wiki/page_diff.html", context)


@login_required
@require_GET
def revision_detail(request: AuthedRequest, page_id: int, number: int) -> HttpResponse:
    """One earlier version as it read then; editors may restore it."""
    page = access_page(request.user, page_id)
    revision = access_revision(request.user, page, number)
    context = {
        "page": page,
        "crumbs": _breadcrumbs(request.user, page),
        "revision": revision,
        "body_html": _render_body(revision.body, page=page),
        "may_restore": can_edit_page(request.user, page)
        and revision.number != page.revision,
    }
    return render(request, "wiki/revision_detail.html", context)


# --- Writing ----------------------------------------------------------------


def _group_param(user: Any, value: str | None) -> Any:
    """The group named by ``?group=`` (a slug, or an id), through access."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        try:
            return access_group(user, group_id=int(value))
        except NotFound:
            pass  # a slug made of digits
    return access_group(user, slug=value)


def _check_may_write(user: Any, group: Any) -> None:
    """Refuse the editor early to whoever the action would refuse anyway."""
    if group is None and is_outsider(user):
        raise Forbidden()
    if group is not None and not can_post_in_group(user, group):
        raise Forbidden(_join_message())


def _save_with_form(request: HttpRequest, form: Any, place: Callable[[], Any]) -> Any:
    """Run ``place`` (an action call) in a transaction; errors go on ``form``.

    Returns what the action returned, or None when it refused the input.
    """
    return publish_with_form(form, place, PAGE_FIELD_ALIASES)


@login_required
@require_http_methods(["GET", "POST"])
def page_create(request: AuthedRequest) -> HttpResponse:
    """Write a new page: ``?title=``, ``?group=`` and ``?parent=`` fill it in.

    A missing [[link]] leads here with the title it named.
    """
    user = request.user
    params = request.POST if request.method == "POST" else request.GET
    parent_raw = (params.get("parent") or "").strip()
    parent = access_page(user, parent_raw) if parent_raw else None
    group = (
        parent.group if parent is not None else _group_param(user, params.get("group"))
    )
    _check_may_write(user, group)
    if request.method == "GET":
        form = PageForm(initial={"title": (params.get("title") or "")[:200]})
    else:
        form = PageForm(request.POST)
        page = None
        if form.is_valid():
            data = form.cleaned_data
            page = _save_with_form(
                request,
                form,
                lambda: check_create_page(
                    user,
                    title=data["title"],
                    body=data["body"],
                    group=group,
                    parent=parent,
                    justification=data["justification"],
                ),
            )
        if page is not None:
            messages.success(request, _("The page has been created."))
            return redirect("wiki:page", page_id=page.pk)
    context = {
        "form": form,
        "group": group,
        "parent": parent,
        "crumbs": _breadcrumbs(user, parent) if parent is not None else [],
        "is_new": True,
        "preview_html": _render_body(form.data.get("body", ""), group=group)
        if form.is_bound
        else "",
    }
    return render(request, "wiki/page_form.html", context)


def _conflict_context(
    user: Any, page: Any, form: Any, error: Conflict, base: int
) -> dict[str, Any]:
    """The editor's text on the newest base, the newest version, what changed.

    Two diffs: the editor's starting version to the newest (what the other
    editor did) and the newest to the editor's text (what saving theirs
    would change).
    """
    page.refresh_from_db()
    data = form.data.copy()
    data["base_revision"] = str(page.revision)
    kept = PageEditForm(data)
    kept.is_valid()
    try:
        changes = queries.diff_revisions(user, page, base, page.revision)
    except NotFound:
        changes = []  # a base that never existed: there is nothing to compare
    yours = queries.diff_texts(
        queries.page_text(page.title, page.body),
        queries.page_text(data.get("title", ""), data.get("body", "")),
    )
    return {
        "form": kept,
        "newest": queries.page_revisions(user, page).first(),
        "conflict": error.message,
        "conflict_base": base,
        "changes": changes,
        # Empty when the editor's text is the newest version already.
        "your_changes": yours if any(line["op"] != "same" for line in yours) else [],
    }


@login_required
@require_http_methods(["GET", "POST"])
def page_edit(request: AuthedRequest, page_id: int) -> HttpResponse:
    """Save a new version on the one the editor started from.

    If someone saved in between, answer 409 with the editor's text kept in
    the form (now based on the newest version), the newest version itself
    and what changed since the editor's base, so they can merge and save.
    """
    user = request.user
    page = access_page(user, page_id)
    if not can_edit_page(user, page):
        raise Forbidden(_join_message())
    context: dict[str, Any] = {
        **files_context(user, page),
        "page": page,
        "crumbs": _breadcrumbs(user, page),
        "group": page.group,
        "is_new": False,
    }
    if request.method == "GET":
        context["form"] = PageEditForm(
            initial={
                "title": page.title,
                "body": page.body,
                "base_revision": page.revision,
            }
        )
        context["preview_html"] = page.body_html
        return render(request, "wiki/page_form.html", context)
    form = PageEditForm(request.POST)
    context["form"] = form
    context["preview_html"] = _render_body(request.POST.get("body", ""), page=page)
    if not form.is_valid():
        return render(request, "wiki/page_form.html", context)
    data = form.cleaned_data
    try:
        saved = _save_with_form(
            request,
            form,
            lambda: check_edit_page(
                user,
                page,
                title=data["title"],
                body=data["body"],
                base_revision=data["base_revision"],
                note=data["note"],
                justification=data["justification"],
            ),
        )
    except Conflict as error:
        context.update(
            _conflict_context(user, page, form, error, data["base_revision"])
        )
        return render(request, "wiki/page_form.html", context, status=409)
    if saved is None:
        return render(request, "wiki/page_form.html", context)
    messages.success(request, _("Your changes have been saved."))
    return redirect("wiki:page", page_id=page.pk)


@login_required
@require_POST
def page_preview(request: AuthedRequest) -> HttpResponse:
    """The typed text as it will read (htmx, while editing); saves nothing.

    ``page`` (an id, when editing) or ``group`` (a new page in a group's
    wiki) says which wiki the [[links]] are looked up in; both go through
    access, so a preview reveals no page title the reader could not see.
    """
    form = PreviewForm(request.POST)
    body = form.cleaned_data["body"] if form.is_valid() else ""
    body = body[: settings.POST_MAX_LENGTH]  # the most a page may hold
    page_raw = (request.POST.get("page") or "").strip()
    if page_raw:
        page = access_page(request.user, page_raw)
        html = _render_body(body, page=page)
    else:
        group = _group_param(request.user, request.POST.get("group"))
        if group is not None and not can_view_group_content(request.user, group):
            raise NotFound()
        html = _render_body(body, group=group)
    return render(request, "wiki/page_form.html#preview", {"preview_html": html})


@login_required
@require_POST
def revision_restore(request: AuthedRequest, page_id: int, number: int) -> HttpResponse:
    """Make an earlier version the newest again (as a new version)."""
    page = access_page(request.user, page_id)
    with transaction.atomic(durable=True):
        check_restore_revision(request.user, page, number=number)
    messages.success(
        request,
        _("Version %(number)d is the current version again.") % {"number": number},
    )
    return redirect("wiki:page", page_id=page.pk)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def page_verify(request: AuthedRequest, page_id: int) -> HttpResponse:
    """Confirm the page is still right; htmx swaps the "last verified" line."""
    page = access_page(request.user, page_id)
    with transaction.atomic(durable=True):
        page = check_verify_page(request.user, page)
    if request.htmx:
        context = {
            "page": page,
            "may_edit": True,
            "is_stale": False,
            "just_verified": True,
        }
        return render(request, "wiki/page_detail.html#verified", context)
    messages.success(request, _("Thank you: the page is marked as verified."))
    return redirect(_safe_next(request) or reverse("wiki:page", args=[page.pk]))


# --- Managing: move, owner, delete -------------------------------------------


def _move_places(user: Any, page: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """The places the page may go, per wiki the user may write in.

    The page itself and the pages under it are left out: the action refuses
    them anyway, and a list without them makes fewer mistakes.
    """
    wikis: list[tuple[Any, str]] = [(g, g.name) for g in list_my_groups(user)]
    if not is_outsider(user):
        wikis.insert(0, (None, _("The organisation's wiki")))
    group_ids = [group.pk for group, _name in wikis if group is not None]
    scope = Q(group_id__in=group_ids)
    if not is_outsider(user):
        scope |= Q(group__isnull=True)
    pages = list(
        visible_pages(user)
        .filter(scope)
        .only("pk", "title", "parent_id", "group_id")
        .order_by("title", "pk")
    )
    below = {page.pk}
    grew = True
    while grew:
        found = {p.pk for p in pages if p.parent_id in below} - below
        below |= found
        grew = bool(found)
    places = []
    for group, name in wikis:
        group_id = group.pk if group is not None else None
        options = [(f"wiki:{group_id or 'org'}", _("At the top of this wiki"))]
        options += [
            (f"page:{p.pk}", _("Under “%(title)s”") % {"title": p.title})
            for p in pages
            if p.group_id == group_id and p.pk not in below
        ]
        places.append((name, options))
    return places


def _parse_place(user: Any, value: str) -> tuple[Any, Any]:
    """(parent, group) for a chosen place, fetched through access."""
    kind, _sep, raw = value.partition(":")
    if kind == "page":
        parent = access_page(user, raw)
        return parent, parent.group
    if raw == "org":
        return None, None
    return None, access_group(user, group_id=int(raw))


@login_required
@require_http_methods(["GET", "POST"])
def page_move(request: AuthedRequest, page_id: int) -> HttpResponse:
    """Put the page under another page, or in another wiki (with its sub-pages)."""
    user = request.user
    page = access_page(user, page_id)
    if not can_edit_page(user, page):
        raise Forbidden(_join_message())
    places = _move_places(user, page)
    current = f"page:{page.parent_id}" if page.parent_id else None
    current = current or f"wiki:{page.group_id or 'org'}"
    if request.method == "GET":
        form = MoveForm(places=places, initial={"place": current})
    else:
        form = MoveForm(request.POST, places=places)
        if form.is_valid():
            data = form.cleaned_data
            parent, group = _parse_place(user, data["place"])
            other_wiki = (group.pk if group is not None else None) != page.group_id
            if other_wiki and not data["to_other_wiki"]:
                form.add_error(
                    "to_other_wiki",
                    _("This place is in another wiki: tick the box to move it there."),
                )
            else:
                # The wiki is named only when it changes, and then on purpose.
                wiki = {"group": group} if other_wiki else {}
                moved = _save_with_form(
                    request,
                    form,
                    lambda: check_move_page(
                        user,
                        page,
                        parent=parent,
                        include_subpages=data["include_subpages"],
                        justification=data["justification"],
                        **wiki,
                    ),
                )
                if moved is not None:
                    messages.success(request, _("The page has been moved."))
                    return redirect("wiki:page", page_id=page.pk)
    context = {
        "page": page,
        "crumbs": _breadcrumbs(user, page),
        "form": form,
        "has_subpages": visible_pages(user).filter(parent=page).exists(),
    }
    return render(request, "wiki/page_move.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def page_owner(request: AuthedRequest, page_id: int) -> HttpResponse:
    """Hand the page to a colleague who can edit it (owner or wiki admins)."""
    user = request.user
    page = access_page(user, page_id)
    if not can_manage_page(user, page):
        raise Forbidden()
    form = OwnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        handle = form.cleaned_data["handle"].strip().lstrip("@")
        try:
            person = access_person(user, handle=handle)
        except NotFound:
            form.add_error("handle", _("There is no colleague with this handle."))
        else:
            changed = _save_with_form(
                request, form, lambda: check_change_owner(user, page, person)
            )
            if changed is not None:
                messages.success(
                    request,
                    _("%(name)s now owns this page.") % {"name": person.full_name},
                )
                return redirect("wiki:page", page_id=page.pk)
    context = {"page": page, "crumbs": _breadcrumbs(user, page), "form": form}
    return render(request, "wiki/page_owner.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def page_delete(request: AuthedRequest, page_id: int) -> HttpResponse:
    """Ask first; then delete (the owner, the wiki's admins). Sub-pages move up."""
    user = request.user
    page = access_page(user, page_id)
    if not can_manage_page(user, page):
        raise Forbidden()
    if request.method == "GET":
        children = visible_pages(user).filter(parent=page).count()
        context = {"page": page, "children_count": children}
        return render(request, "wiki/page_delete.html", context)
    with transaction.atomic(durable=True):
        check_delete_page(user, page)
    messages.success(
        request, _("The page “%(title)s” has been deleted.") % {"title": page.title}
    )
    if page.group is not None:
        return redirect("wiki:group-index", slug=page.group.slug)
    return redirect("wiki:index")
