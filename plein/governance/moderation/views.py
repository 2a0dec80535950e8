"""Moderation pages: the report form, the queue, the decision form, my reports.

Reporting goes through ``access_post``/``access_comment`` (inside the
action): content one cannot see answers 404. The queue and the decision
pages answer 404 to people who moderate nothing, like a missing page.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from plein.access.moderation import (
    access_moderation_target,
    can_use_moderation_queue,
)
from plein.access.posts import access_comment, access_post
from plein.core.errors import Conflict, InvalidInput, NotFound
from plein.core.forms import add_action_error
from plein.governance.moderation import queries
from plein.governance.moderation.actions import check_create_report, check_decide
from plein.governance.moderation.forms import DecisionForm, ReportForm
from plein.people.http import AuthedRequest, HtmxRequest
from plein.posts.models import Comment, Post


def _render(
    request: HtmxRequest, template: str, partial: str, context: dict[str, Any]
) -> HttpResponse:
    name = f"{template}#{partial}" if request.htmx else template
    response = render(request, name, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _report(
    request: AuthedRequest, post: Post, comment: Comment | None
) -> HttpResponse:
    """The report form for ``post``, or for ``comment`` on it (both accessed)."""
    form = ReportForm(request.POST or None)
    done = False
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic(durable=True):
                check_create_report(
                    request.user,
                    post_id=None if comment is not None else post.pk,
                    comment_id=comment.pk if comment is not None else None,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
        except InvalidInput as error:
            add_action_error(form, error)
        except Conflict as error:
            # Already reported: shown next to the field it names, as invalid
            # input is.
            add_action_error(form, InvalidInput(error.message, field=error.field))
        else:
            done = True
            if not request.htmx:
                messages.success(
                    request,
                    _(
                        "Thank you. Your report was received; a moderator will look at it."
                    ),
                )
                return redirect(reverse("posts:detail", args=[post.pk]))
    context = {
        "form": form,
        "post": post,
        "comment": comment,
        "done": done,
        "slot": f"report-slot-{'comment' if comment else 'post'}-{(comment or post).pk}",
        "action_url": (
            reverse("moderation:report-comment", args=[comment.pk])
            if comment is not None
            else reverse("moderation:report-post", args=[post.pk])
        ),
    }
    return _render(request, "moderation/report_form.html", "form", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_post(request: AuthedRequest, post_id: int) -> HttpResponse:
    return _report(request, access_post(request.user, post_id), None)


@login_required
@require_http_methods(["GET", "POST"])
def report_comment(request: AuthedRequest, comment_id: int) -> HttpResponse:
    comment = access_comment(request.user, comment_id)
    return _report(request, comment.post, comment)


@login_required
@require_GET
def my_reports(request: AuthedRequest) -> HttpResponse:
    """What I reported (received or resolved) and the warnings I received."""
    context = {
        "reports": queries.list_my_reports(request.user),
        "warnings": queries.list_my_warnings(request.user),
    }
    return render(request, "moderation/my_reports.html", context)


@login_required
@require_GET
def queue(request: AuthedRequest) -> HttpResponse:
    if not can_use_moderation_queue(request.user):
        raise NotFound()
    status = "decided" if request.GET.get("status") == "decided" else "open"
    context: dict[str, Any] = {
        "status": status,
        "open_count": queries.count_open_queue(request.user),
    }
    if status == "open":
        context["items"] = queries.list_open_queue(request.user)
    else:
        try:
            before = int(request.GET["before"]) if request.GET.get("before") else None
        except ValueError:
            before = None
        decisions = queries.list_decisions(
            request.user, before=before, limit=queries.DECIDED_PAGE + 1
        )
        has_more = len(decisions) > queries.DECIDED_PAGE
        decisions = decisions[: queries.DECIDED_PAGE]
        context["decisions"] = decisions
        context["next_before"] = decisions[-1].pk if has_more and decisions else None
    return render(request, "moderation/queue.html", context)


def _decide(
    request: AuthedRequest, *, post_id: int | None, comment_id: int | None
) -> HttpResponse:
    post, comment = access_moderation_target(
        request.user, post_id=post_id, comment_id=comment_id
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic(durable=True):
                check_decide(
                    request.user,
                    post_id=None if comment is not None else post.pk,
                    comment_id=comment.pk if comment is not None else None,
                    action=form.cleaned_data["action"],
                    reason=form.cleaned_data["reason"],
                )
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            messages.success(request, _("Your decision has been recorded."))
            return redirect(reverse("moderation:queue"))
    item = queries.get_queue_item(request.user, post, comment)
    context = {
        "form": form,
        "item": item,
        "author_warnings": queries.count_author_warnings(item.target.author_id),
        "action_url": (
            reverse("moderation:decide-comment", args=[comment.pk])
            if comment is not None
            else reverse("moderation:decide-post", args=[post.pk])
        ),
    }
    return render(request, "moderation/decide.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decide_post(request: AuthedRequest, post_id: int) -> HttpResponse:
    return _decide(request, post_id=post_id, comment_id=None)


@login_required
@require_http_methods(["GET", "POST"])
def decide_comment(request: AuthedRequest, comment_id: int) -> HttpResponse:
    return _decide(request, post_id=None, comment_id=comment_id)
