"""Recognition pages: one's contribution, the leaderboard, the policy, marks."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)
from django.views.decorators.vary import vary_on_headers

from plein.access.recognition import access_helped_target, can_manage_recognition
from plein.core.errors import InvalidInput, NotFound
from plein.knowledge.recognition import queries
from plein.knowledge.recognition.actions import check_mark_helped, check_set_leaderboard
from plein.people.http import AuthedRequest


@login_required
@require_GET
def contribution_mine(request: AuthedRequest) -> HttpResponse:
    """One's own points: by kind, what earned them, recent thanks."""
    return render(
        request,
        "recognition/contribution_mine.html",
        {
            "contribution": queries.get_contribution(request.user),
            "leaderboard_enabled": queries.leaderboard_enabled(),
            "days": queries.LEADERBOARD_DAYS,
        },
    )


@login_required
@require_GET
def leaderboard(request: AuthedRequest) -> HttpResponse:
    """The top contributors of the last 90 days; 404 while it is switched off."""
    if not queries.leaderboard_enabled():
        raise NotFound()
    return render(
        request,
        "recognition/leaderboard.html",
        {
            "entries": queries.get_leaderboard(request.user),
            "days": queries.LEADERBOARD_DAYS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recognition_settings(request: AuthedRequest) -> HttpResponse:
    """The organisation's recognition policy; org admins only (others 404)."""
    if not can_manage_recognition(request.user):
        raise NotFound()
    if request.method == "POST":
        with transaction.atomic(durable=True):
            check_set_leaderboard(
                request.user, enabled=request.POST.get("leaderboard") == "on"
            )
        messages.success(request, _("The recognition settings have been saved."))
        return redirect("recognition:settings")
    return render(
        request,
        "recognition/settings.html",
        {"policy": queries.get_settings(), "days": queries.LEADERBOARD_DAYS},
    )


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _toggle(request: AuthedRequest, kind: str, target_id: int) -> HttpResponse:
    target = access_helped_target(request.user, kind, target_id)
    raw = request.POST.get("on", "")
    if raw not in ("0", "1"):
        raise InvalidInput(field="on")
    with transaction.atomic(durable=True):
        check_mark_helped(request.user, target, on=raw == "1")
    if request.htmx:
        context: dict[str, Any] = {
            "target": target.obj,
            "kind": kind,
            "helped_next": _safe_next(request),
        }
        return render(request, "recognition/_helped.html", context)
    return redirect(_safe_next(request) or _item_url(kind, target.obj))


def _item_url(kind: str, obj: Any) -> str:
    if kind == "post":
        return reverse("posts:detail", args=[obj.pk])
    if kind == "comment":
        return f"{reverse('posts:detail', args=[obj.post_id])}#comment-{obj.pk}"
    return reverse("wiki:page", args=[obj.pk])


@login_required
@require_POST
@vary_on_headers("HX-Request")
def helped_post(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Mark a post as helpful ("on"=1) or take the mark back ("on"=0)."""
    return _toggle(request, "post", post_id)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def helped_comment(request: AuthedRequest, comment_id: int) -> HttpResponse:
    """Mark a comment or answer as helpful, or take the mark back."""
    return _toggle(request, "comment", comment_id)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def helped_page(request: AuthedRequest, page_id: int) -> HttpResponse:
    """Mark a wiki page as helpful, or take the mark back."""
    return _toggle(request, "page", page_id)
