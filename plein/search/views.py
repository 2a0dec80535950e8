from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from plein.access.groups import visible_groups
from plein.access.people import visible_people
from plein.core.errors import InvalidInput
from plein.people.http import AuthedRequest
from plein.search.kinds import search_sections, tell_search_listeners
from plein.search.queries import parse_query, search_content

TEMPLATE = "search/search_results.html"
NAME_RESULTS = 8


def _author_id(user: Any, handle: str) -> int | None:
    handle = handle.strip().lstrip("@")
    if not handle:
        return None
    # Resolved through visible_people: a hidden account is an unknown one.
    author_id = (
        visible_people(user).filter(handle=handle).values_list("pk", flat=True).first()
    )
    if author_id is None:
        raise InvalidInput(_("Nobody here has this handle."), field="author")
    return author_id


@login_required
@require_GET
def search_results(request: AuthedRequest) -> HttpResponse:
    """The search page; htmx asks for the results or, with ``before``, more hits."""
    user = request.user
    params = request.GET
    form = {
        name: params.get(name, "").strip()
        for name in ("q", "order", "group", "author", "date_from", "date_to", "before")
    }
    form["order"] = form["order"] or "newest"
    context: dict[str, Any] = {
        "form": form,
        "my_groups": visible_groups(user)
        .filter(memberships__user=user)
        .order_by("name"),
        "results": None,
    }
    status = 200
    if form["q"]:
        try:
            parsed = parse_query(form["q"])
            context["results"] = search_content(
                user,
                parsed,
                order=form["order"],
                group_id=form["group"],
                author_id=_author_id(user, form["author"]),
                date_from=form["date_from"],
                date_to=form["date_to"],
                before=form["before"],
            )
            if not form["before"]:
                # Only on the first page: "load more" pages posts.
                tell_search_listeners(user, form["q"])
                context["sections"] = search_sections(
                    user, parsed, form["q"], NAME_RESULTS
                )
        except InvalidInput as error:
            # Shown next to the form instead of an error page, so the
            # search can be corrected in place.
            context["error"] = error
            status = 400
    template = TEMPLATE
    if getattr(request, "htmx", False):
        template = (
            f"{TEMPLATE}#hits"
            if form["before"] and status == 200
            else f"{TEMPLATE}#results"
        )
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response
