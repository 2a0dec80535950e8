"""Pages and htmx fragments for kudos and the organisation's values.

Thin views: parse with a form, fetch through ``plein.access``, change state
through the kudos actions in a durable transaction, then answer with a
page, a partial (htmx) or a redirect.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from plein.access.groups import access_group
from plein.access.kudos import access_kudos_subject, access_value, can_manage_values
from plein.access.people import access_person
from plein.core.errors import InvalidInput, NotFound
from plein.core.forms import add_action_error, publish_with_form
from plein.engagement.kudos import queries
from plein.engagement.kudos.actions import (
    Subject,
    check_create_value,
    check_give_kudos,
    check_update_value,
    parse_subject_url,
)
from plein.engagement.kudos.forms import ACTION_FIELDS, KudosForm, ValueForm
from plein.engagement.kudos.models import Value
from plein.groups.queries import list_my_groups
from plein.people.http import AuthedRequest
from plein.posts.queries import get_post_cards
from plein.posts.views import HELD_MESSAGE


def _cursor(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


@login_required
@require_GET
@vary_on_headers("HX-Request")
def kudos_index(request: AuthedRequest) -> HttpResponse:
    """Kudos the reader may see, newest first; by value or praised person."""
    user = request.user
    person = None
    if request.GET.get("person"):
        person = access_person(user, handle=request.GET["person"][:64])
    value = None
    value_id = _cursor(request.GET.get("value"))
    if value_id is not None:
        value = access_value(user, value_id)
    views, next_cursor = queries.list_kudos(
        user, person=person, value=value, before=_cursor(request.GET.get("before"))
    )
    params = request.GET.copy()
    params.pop("before", None)
    if next_cursor:
        params["before"] = str(next_cursor)
    context = {
        "cards": get_post_cards(user, [view.pk for view in views]),
        "person": person,
        "value": value,
        "values": queries.list_all_values(),
        "more_url": f"{reverse('kudos:index')}?{params.urlencode()}"
        if next_cursor
        else "",
    }
    if request.htmx and request.GET.get("before"):
        return render(request, "kudos/kudos_index.html#page", context)
    return render(request, "kudos/kudos_index.html", context)


def _give_form(request: AuthedRequest, data: Any = None) -> KudosForm:
    initial: dict[str, Any] = {}
    if request.GET.get("to"):
        initial["people"] = "@" + request.GET["to"][:64].lstrip("@")
    if request.GET.get("for"):
        initial["subject_url"] = request.GET["for"][:500]
    return KudosForm(
        data,
        values=queries.list_choosable_values(),
        groups=list_my_groups(request.user),
        initial=initial,
    )


def _people(user: Any, form: KudosForm) -> list[Any]:
    people = []
    for handle in form.handles():
        try:
            people.append(access_person(user, handle=handle))
        except NotFound:
            raise InvalidInput(
                _("There is no colleague @%(handle)s.") % {"handle": handle[:64]},
                field="recipient_ids",
            ) from None
    return people


def _subject(user: Any, url: str) -> Subject | None:
    if not url.strip():
        return None
    kind, subject_id = parse_subject_url(url)
    try:
        return Subject(kind, access_kudos_subject(user, kind, subject_id))
    except NotFound:
        raise InvalidInput(
            _("Paste the link of a post, an answer or a wiki page you can see."),
            field="subject",
        ) from None


def give_kudos_from_form(user: Any, form: KudosForm) -> Any:
    """Give the kudos a valid form describes; the page's and scheduling's one way."""
    data = form.cleaned_data
    if data["value"] is None:
        raise InvalidInput(_("Choose a value."), field="value_id")
    try:
        value = access_value(user, data["value"])
    except NotFound:
        raise InvalidInput(_("Choose a value."), field="value_id") from None
    subject = _subject(user, data["subject_url"])
    group = (
        access_group(user, group_id=data["group"])
        if data["group"] and subject is None
        else None
    )
    team = access_group(user, group_id=data["team"]) if data["team"] else None
    return check_give_kudos(
        user,
        value=value,
        message=data["body"],
        people=_people(user, form),
        team=team,
        group=group,
        subject=subject,
        language=data["language"] or None,
        justification=data["justification"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def kudos_give(request: AuthedRequest) -> HttpResponse:
    """Give kudos: to colleagues or a team, for a value, maybe for something."""
    if request.method == "GET":
        return render(request, "kudos/kudos_give.html", {"form": _give_form(request)})
    form = _give_form(request, request.POST)
    post = None
    if form.is_valid():
        post = publish_with_form(
            form, lambda: give_kudos_from_form(request.user, form), ACTION_FIELDS
        )
    if post is None:
        return render(request, "kudos/kudos_give.html", {"form": form}, status=400)
    if post.is_withheld:
        messages.info(request, HELD_MESSAGE)
    else:
        messages.success(request, _("Your kudos has been shared."))
    target = reverse("posts:detail", args=[post.pk])
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


# Values (organisation admins) ----------------------------------------------------


def _values_context(form: ValueForm | None = None) -> dict[str, Any]:
    return {
        "values": queries.list_all_values(),
        "form": form or ValueForm(initial={"is_active": True}),
    }


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def value_list(request: AuthedRequest) -> HttpResponse:
    """The organisation's values: list, and add one (htmx: the list again)."""
    if not can_manage_values(request.user):
        raise NotFound()
    if request.method == "GET":
        return render(request, "kudos/value_list.html", _values_context())
    form = ValueForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic(durable=True):
                check_create_value(
                    request.user,
                    name_nl=data["name_nl"],
                    name_en=data["name_en"],
                    description_nl=data["description_nl"],
                    description_en=data["description_en"],
                    order=data["order"],
                )
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            messages.success(request, _("The value has been added."))
            if request.htmx:
                return render(
                    request, "kudos/value_list.html#values", _values_context()
                )
            return redirect("kudos:values")
    status = 400
    if request.htmx:
        return render(
            request,
            "kudos/value_list.html#values",
            _values_context(form),
            status=status,
        )
    return render(
        request, "kudos/value_list.html", _values_context(form), status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def value_edit(request: AuthedRequest, value_id: int) -> HttpResponse:
    """Change a value, or retire it (it stays on the kudos that named it)."""
    value = access_value(request.user, value_id, for_admin=True)
    if request.method == "GET":
        form = ValueForm(
            initial={
                "name_nl": value.name_nl,
                "name_en": value.name_en,
                "description_nl": value.description_nl,
                "description_en": value.description_en,
                "order": value.order,
                "is_active": value.is_active,
            }
        )
        return _render_edit(request, value, form)
    form = ValueForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic(durable=True):
                check_update_value(
                    request.user,
                    value,
                    name_nl=data["name_nl"],
                    name_en=data["name_en"],
                    description_nl=data["description_nl"],
                    description_en=data["description_en"],
                    order=data["order"],
                    is_active=data["is_active"],
                )
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            messages.success(request, _("The value has been saved."))
            if request.htmx:
                return render(
                    request, "kudos/value_list.html#values", _values_context()
                )
            return redirect("kudos:values")
    return _render_edit(request, value, form, status=400)


def _render_edit(
    request: AuthedRequest, value: Value, form: ValueForm, status: int = 200
) -> HttpResponse:
    template = (
        "kudos/value_edit.html#edit-form" if request.htmx else "kudos/value_edit.html"
    )
    return render(request, template, {"value": value, "form": form}, status=status)
