"""Office screens: the communications team's pages, and the kiosk itself.

Management pages are for org admins and moderators (``access_screen``;
anyone else gets 404, like a missing page). The kiosk is opened with a
screen token instead of a log-in: a missing, revoked or switched-off token
shows the same neutral "not connected" page, with no hint whether it ever
existed.
"""

import hashlib
import json
import mimetypes
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.access.screens import access_screen, can_manage_screens, visible_screens
from plein.channels.screens.actions import (
    check_create_screen,
    check_create_screen_token,
    check_delete_screen,
    check_revoke_screen_tokens,
    check_update_screen,
    get_screen_for_token,
)
from plein.channels.screens.forms import ScreenForm
from plein.channels.screens.models import Screen, ScreenToken
from plein.channels.screens.queries import build_screen_content, people_on_screen
from plein.channels.screens.sources import Slide
from plein.core.errors import InvalidInput, NotFound
from plein.core.forms import add_action_error
from plein.people.http import AuthedRequest
from plein.people.models import User

REFRESH_SECONDS = 60
PHOTO_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
FIELD_ALIASES = {"group_ids": "groups"}


# --- Management ---------------------------------------------------------------


def _require_manager(request: AuthedRequest) -> None:
    if not can_manage_screens(request.user):
        raise NotFound()


@login_required
@require_GET
def screen_list(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    screens = list(visible_screens(request.user).prefetch_related("groups"))
    live = {
        t.screen_id: t
        for t in ScreenToken.objects.filter(
            screen__in=screens, revoked_at__isnull=True
        ).order_by("created_at")
    }
    for screen in screens:
        screen.live_token = live.get(screen.pk)
    return render(request, "screens/screen_list.html", {"screens": screens})


@login_required
@require_http_methods(["GET", "POST"])
def screen_create(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    form = ScreenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic(durable=True):
                screen = check_create_screen(request.user, **form.action_values())
        except InvalidInput as error:
            add_action_error(form, error, FIELD_ALIASES)
        else:
            messages.success(
                request,
                _("The screen “%(name)s” has been created. Connect it below.")
                % {"name": screen.name},
            )
            return redirect("screens:edit", screen_id=screen.pk)
    return render(request, "screens/screen_form.html", {"form": form, "screen": None})


def _edit_context(screen: Screen, form: ScreenForm, **extra: Any) -> dict[str, Any]:
    token = (
        ScreenToken.objects.filter(screen=screen, revoked_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    return {"form": form, "screen": screen, "token": token, **extra}


@login_required
@require_http_methods(["GET", "POST"])
def screen_edit(request: AuthedRequest, screen_id: int) -> HttpResponse:
    screen = access_screen(request.user, screen_id)
    form = ScreenForm(
        request.POST or None, initial=ScreenForm.initial_for(screen), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic(durable=True):
                check_update_screen(request.user, screen, **form.action_values())
        except InvalidInput as error:
            add_action_error(form, error, FIELD_ALIASES)
        else:
            messages.success(request, _("The screen has been saved."))
            return redirect("screens:edit", screen_id=screen.pk)
    return render(request, "screens/screen_form.html", _edit_context(screen, form))


@login_required
@require_POST
def screen_delete(request: AuthedRequest, screen_id: int) -> HttpResponse:
    with transaction.atomic(durable=True):
        screen = access_screen(request.user, screen_id)
        check_delete_screen(request.user, screen)
    messages.success(request, _("The screen has been deleted."))
    return redirect("screens:list")


@login_required
@require_POST
def screen_token_create(request: AuthedRequest, screen_id: int) -> HttpResponse:
    """A new address for the screen, shown on this page once; the old one stops."""
    with transaction.atomic(durable=True):
        screen = access_screen(request.user, screen_id)
        _token, raw = check_create_screen_token(request.user, screen)
    show_url = settings.SITE_URL + reverse("screens:show", args=[raw])
    form = ScreenForm(initial=ScreenForm.initial_for(screen), user=request.user)
    response = render(
        request,
        "screens/screen_form.html",
        _edit_context(screen, form, show_url=show_url),
    )
    # The address is a secret: not for any cache.
    patch_cache_control(response, no_store=True, private=True)
    return response


@login_required
@require_POST
def screen_token_revoke(request: AuthedRequest, screen_id: int) -> HttpResponse:
    with transaction.atomic(durable=True):
        screen = access_screen(request.user, screen_id)
        check_revoke_screen_tokens(request.user, screen)
    messages.success(
        request,
        _("The screen has been disconnected: it stops at its next refresh."),
    )
    return redirect("screens:edit", screen_id=screen.pk)


# --- The kiosk ----------------------------------------------------------------


def _screen_language(screen: Screen | None) -> str:
    if screen is not None and screen.language:
        return screen.language
    return str(settings.LANGUAGE_CODE)


def _not_connected(request: HttpRequest, template: str) -> HttpResponse:
    with translation.override(_screen_language(None)):
        response = render(
            request,
            template,
            {"language": _screen_language(None)},
            status=404,
        )
    patch_cache_control(response, no_store=True)
    return response


def build_version(screen: Screen, slides: list[Slide]) -> str:
    """A fingerprint of what the slides show: the kiosk swaps them on change only."""
    content = [screen.language, screen.rotation_seconds] + [
        [s.kind, s.key, s.data] for s in slides
    ]
    encoded = json.dumps(content, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


def _kiosk_response(
    request: HttpRequest, screen: Screen, token: str, template: str
) -> HttpResponse:
    """The page or its slides, revalidated by ETag on every refresh."""
    language = _screen_language(screen)
    slides = build_screen_content(screen)
    context = {
        "screen": screen,
        "token": token,
        "slides": slides,
        "version": build_version(screen, slides),
        "language": language,
        "refresh_seconds": REFRESH_SECONDS,
    }
    with translation.override(language):
        response = render(request, template, context)
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    response["ETag"] = etag
    # no-cache: the browser keeps the answer but asks every time, so an
    # unchanged refresh costs a 304 and a revoked token is noticed at once.
    patch_cache_control(response, no_cache=True, private=True)
    response["X-Robots-Tag"] = "noindex"
    return get_conditional_response(request, etag=etag, response=response) or response


@require_GET
def screen_show(request: HttpRequest, token: str) -> HttpResponse:
    """The kiosk page: full screen, rotating slides, no log-in."""
    screen = get_screen_for_token(token)
    if screen is None:
        return _not_connected(request, "screens/not_connected.html")
    return _kiosk_response(request, screen, token, "screens/show.html")


@require_GET
def screen_slides(request: HttpRequest, token: str) -> HttpResponse:
    """The slides alone, which the kiosk fetches every minute."""
    screen = get_screen_for_token(token)
    if screen is None:
        return _not_connected(request, "screens/show.html#not-connected")
    return _kiosk_response(request, screen, token, "screens/show.html#slides")


@require_GET
def screen_photo(request: HttpRequest, token: str, person_id: int) -> FileResponse:
    """A photo on one of the screen's slides now; anything else is 404."""
    screen = get_screen_for_token(token)
    if screen is None:
        raise Http404
    if person_id not in people_on_screen(build_screen_content(screen)):
        raise Http404
    person = User.objects.filter(pk=person_id).only("photo").first()
    if person is None or not person.photo:
        raise Http404
    kind, _encoding = mimetypes.guess_type(person.photo.name or "")
    if kind not in PHOTO_TYPES:
        raise Http404
    try:
        handle = person.photo.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=kind)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
