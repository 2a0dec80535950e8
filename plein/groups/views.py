"""Group pages: list, create, detail with stream, members, admin screens.

A secret group answers 404 to everyone outside it who has not been invited,
exactly as a missing group does; a closed group shows outsiders only its
name and description.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from plein.access.groups import (
    access_group,
    can_admin_group,
    can_invite_to_group,
    can_join_group,
    can_post_in_group,
    can_request_to_join,
    can_view_group_content,
)
from plein.access.people import access_person
from plein.core.errors import InvalidInput, NotFound
from plein.core.forms import add_action_error
from plein.feed.reading import do_record_feed_opened
from plein.groups import queries
from plein.groups.actions import (
    check_create_group,
    check_decide_join_request,
    check_follow_group_closely,
    check_invite_to_group,
    check_join_group,
    check_leave_group,
    check_remove_member,
    check_request_to_join,
    check_set_group_role,
    check_update_group,
)
from plein.groups.forms import (
    DecideForm,
    FollowClosely,
    GroupForm,
    GroupSearchForm,
    InviteForm,
    JoinRequestForm,
    MemberForm,
    MemberRoleForm,
)
from plein.groups.models import GroupInvitation
from plein.groups.streams import merge_group_stream
from plein.people.http import AuthedRequest
from plein.posts.forms import CursorForm
from plein.posts.queries import get_post_cards
from plein.posts.views import build_composer


def _require_valid(form) -> dict:
    if not form.is_valid():
        raise InvalidInput()
    return form.cleaned_data


@login_required
@require_GET
@vary_on_headers("HX-Request")
def group_list(request: AuthedRequest) -> HttpResponse:
    form = GroupSearchForm(request.GET)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    context = {
        "form": form,
        "groups": queries.list_groups(request.user, search=search),
        "search": search,
    }
    template = (
        "groups/group_list.html#results" if request.htmx else "groups/group_list.html"
    )
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: AuthedRequest) -> HttpResponse:
    # ?name= pre-fills the name (the search trail's "create a group on this topic").
    form = GroupForm(
        request.POST or None, initial={"name": request.GET.get("name", "")[:200]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic(durable=True):
                group = check_create_group(request.user, **form.cleaned_data)
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            messages.success(
                request,
                _("The group has been created. Invite people or write the first post."),
            )
            return redirect("groups:detail", slug=group.slug)
    return render(request, "groups/group_form.html", {"form": form, "group": None})


@login_required
@require_GET
@vary_on_headers("HX-Request")
def group_detail(request: AuthedRequest, slug: str) -> HttpResponse:
    group = access_group(request.user, slug=slug)
    user = request.user
    can_view_content = can_view_group_content(user, group)
    context: dict[str, Any] = {
        "group": group,
        "membership": queries.get_membership(user, group),
        "can_view_content": can_view_content,
        "can_admin": can_admin_group(user, group),
        "can_invite": can_invite_to_group(user, group),
        "can_join": can_join_group(user, group),
        "can_request": can_request_to_join(user, group),
        "is_invited": queries.is_invited(user, group),
        "has_pending_request": queries.has_pending_request(user, group),
        "request_form": JoinRequestForm(),
    }
    if can_view_content:
        cursor = CursorForm(request.GET)
        before = cursor.cleaned_data["before"] if cursor.is_valid() else None
        post_ids, next_cursor = queries.list_group_post_ids(user, group, before=before)
        more_url = (
            reverse("groups:detail", args=[group.slug]) + f"?before={next_cursor}"
            if next_cursor
            else ""
        )
        posts = get_post_cards(user, post_ids)
        context.update(
            posts=posts,
            feed_items=_with_stream_entries(
                user, group, posts, before=before, is_last=next_cursor is None
            ),
            next_cursor=next_cursor,
            more_url=more_url,
        )
        if request.htmx and before is not None:
            return render(request, "groups/group_detail.html#page", context)
        context["pinned"] = get_post_cards(
            user, queries.list_pinned_post_ids(user, group)
        )
        if can_post_in_group(user, group):
            context.update(
                composer=build_composer(user, group=group), composer_group=group
            )
        if context["can_admin"]:
            context["pending_count"] = queries.list_pending_requests(group).count()
        response = render(request, "groups/group_detail.html", context)
        # A group's page is a feed too: reading it is reading Plein today.
        do_record_feed_opened(user)
        return response
    return render(request, "groups/group_detail.html", context)


def _with_stream_entries(
    user: Any, group: Any, posts: list[Any], *, before: int | None, is_last: bool
) -> list[Any]:
    """The page of posts with the entries features add to the group's stream."""
    from plein.posts.models import Post

    until = None
    if before is not None:
        # The previous page ended at the cursor's post: this one starts there.
        until = (
            Post.objects.filter(pk=before).values_list("created_at", flat=True).first()
        )
    return merge_group_stream(user, group, posts, until=until, is_last_page=is_last)


def _back_to_group(group) -> HttpResponse:
    return redirect("groups:detail", slug=group.slug)


@login_required
@require_POST
def group_join(request: AuthedRequest, slug: str) -> HttpResponse:
    """Join an open group, or accept an invitation."""
    group = access_group(request.user, slug=slug)
    with transaction.atomic(durable=True):
        check_join_group(request.user, group)
    messages.success(request, _("Welcome to %(name)s!") % {"name": group.name})
    return _back_to_group(group)


@login_required
@require_POST
def group_leave(request: AuthedRequest, slug: str) -> HttpResponse:
    group = access_group(request.user, slug=slug)
    with transaction.atomic(durable=True):
        check_leave_group(request.user, group)
    messages.success(request, _("You have left %(name)s.") % {"name": group.name})
    return redirect("groups:list")


@login_required
@require_POST
def group_join_request(request: AuthedRequest, slug: str) -> HttpResponse:
    group = access_group(request.user, slug=slug)
    data = _require_valid(JoinRequestForm(request.POST))
    with transaction.atomic(durable=True):
        check_request_to_join(request.user, group, message=data["message"])
    messages.success(request, _("Your request has been sent to the group's admins."))
    return _back_to_group(group)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def group_follow(request: AuthedRequest, slug: str) -> HttpResponse:
    """Switch "notify me of every post" for one's own membership."""
    group = access_group(request.user, slug=slug)
    data = _require_valid(FollowClosely(request.POST))
    with transaction.atomic(durable=True):
        membership = check_follow_group_closely(
            request.user, group, closely=data["closely"]
        )
    if request.htmx:
        return render(
            request,
            "groups/group_detail.html#follow",
            {"group": group, "membership": membership},
        )
    return _back_to_group(group)


def _access_content(request: HttpRequest, slug: str, *, for_admin: bool = False):
    group = access_group(request.user, slug=slug, for_admin=for_admin)
    # Members of closed and secret groups are content: outsiders get the
    # same 404 as for a missing page.
    if not can_view_group_content(request.user, group):
        raise NotFound()
    return group


@login_required
@require_GET
def group_members(request: AuthedRequest, slug: str) -> HttpResponse:
    group = _access_content(request, slug)
    context = {
        "group": group,
        "members": queries.list_members(group),
        "can_admin": can_admin_group(request.user, group),
        "can_invite": can_invite_to_group(request.user, group),
    }
    return render(request, "groups/group_members.html", context)


@login_required
@require_POST
def group_member_role(request: AuthedRequest, slug: str) -> HttpResponse:
    group = _access_content(request, slug, for_admin=True)
    data = _require_valid(MemberRoleForm(request.POST))
    person = access_person(request.user, person_id=data["user_id"])
    with transaction.atomic(durable=True):
        check_set_group_role(request.user, group, person, role=data["role"])
    messages.success(
        request,
        _("The role of %(name)s has been changed.") % {"name": person.full_name},
    )
    return redirect("groups:members", slug=group.slug)


@login_required
@require_POST
def group_member_remove(request: AuthedRequest, slug: str) -> HttpResponse:
    group = _access_content(request, slug, for_admin=True)
    data = _require_valid(MemberForm(request.POST))
    person = access_person(request.user, person_id=data["user_id"])
    with transaction.atomic(durable=True):
        check_remove_member(request.user, group, person)
    messages.success(
        request, _("%(name)s is no longer a member.") % {"name": person.full_name}
    )
    return redirect("groups:members", slug=group.slug)


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: AuthedRequest, slug: str) -> HttpResponse:
    group = access_group(request.user, slug=slug, for_admin=True)
    initial = {"name": group.name, "description": group.description, "kind": group.kind}
    form = GroupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic(durable=True):
                group = check_update_group(request.user, group, **form.cleaned_data)
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            messages.success(request, _("The group has been updated."))
            return redirect("groups:detail", slug=group.slug)
    return render(request, "groups/group_form.html", {"form": form, "group": group})


@login_required
@require_http_methods(["GET", "POST"])
def group_requests(request: AuthedRequest, slug: str) -> HttpResponse:
    """Pending join requests; admins approve or decline them."""
    group = access_group(request.user, slug=slug, for_admin=True)
    if request.method == "POST":
        data = _require_valid(DecideForm(request.POST))
        join_request = queries.get_pending_request(group, data["request_id"])
        if join_request is None:
            raise NotFound()
        with transaction.atomic(durable=True):
            check_decide_join_request(
                request.user, join_request, approve=data["approve"]
            )
        if data["approve"]:
            messages.success(
                request,
                _("%(name)s is now a member.") % {"name": join_request.user.full_name},
            )
        else:
            messages.success(request, _("The request has been declined."))
        return redirect("groups:requests", slug=group.slug)
    context = {"group": group, "requests": queries.list_pending_requests(group)}
    return render(request, "groups/group_requests.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def group_invite(request: AuthedRequest, slug: str) -> HttpResponse:
    group = access_group(request.user, slug=slug, for_admin=True)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = queries.find_person(request.user, form.cleaned_data["person"])
        if person is None:
            form.add_error(
                "person", _("Nobody with this e-mail address or handle was found.")
            )
        else:
            try:
                with transaction.atomic(durable=True):
                    result = check_invite_to_group(request.user, group, person)
            except InvalidInput as error:
                add_action_error(form, error, {"user_id": "person"})
            else:
                if isinstance(result, GroupInvitation):
                    messages.success(
                        request,
                        _("%(name)s has been invited.") % {"name": person.full_name},
                    )
                else:
                    messages.info(
                        request,
                        _("%(name)s is already a member.") % {"name": person.full_name},
                    )
                return redirect("groups:invite", slug=group.slug)
    return render(request, "groups/group_invite.html", {"group": group, "form": form})
