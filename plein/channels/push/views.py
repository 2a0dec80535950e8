"""The installable app (manifest, service worker, offline page, share
target) and the push settings page."""

import hashlib
import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.access.push import access_push_subscription, visible_push_subscriptions
from plein.channels.push.actions import (
    check_set_push_preferences,
    do_remove_push_subscription,
)
from plein.channels.push.forms import PushChoicesForm
from plein.channels.push.vapid import get_public_key
from plein.groups.queries import list_my_groups
from plein.people.http import AuthedRequest
from plein.people.views.common import render_page_or_partial
from plein.posts.forms import PostForm

THEME_COLOR = "#0b6e69"  # the favicon's first colour
BACKGROUND_COLOR = "#ffffff"
ICONS = [
    ("push/icons/icon-192.png", "192x192", "any"),
    ("push/icons/icon-512.png", "512x512", "any"),
    ("push/icons/maskable-192.png", "192x192", "maskable"),
    ("push/icons/maskable-512.png", "512x512", "maskable"),
]
# Files the service worker keeps for working offline; anything else under
# STATIC_URL is cached the first time it is used.
SHELL = [
    "plein/css/plein.css",
    "plein/css/content.css",
    "plein/js/plein.js",
    "plein/favicon.svg",
    "push/js/push.js",
    "push/icons/icon-192.png",
    "push/icons/badge-96.png",
]


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: what installing Plein puts on a home screen."""
    data = {
        "id": "/",
        "name": settings.SITE_NAME,
        "short_name": settings.SITE_NAME[:12],
        "description": _("Your organisation's news, groups and colleagues."),
        "lang": get_language(),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND_COLOR,
        "theme_color": THEME_COLOR,
        "icons": [
            {
                "src": static(path),
                "sizes": sizes,
                "type": "image/png",
                "purpose": purpose,
            }
            for path, sizes, purpose in ICONS
        ]
        + [
            {
                "src": static("plein/favicon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
            }
        ],
        # Sharing a link or text to Plein from another app opens the composer.
        "share_target": {
            "action": reverse("push:share"),
            "method": "GET",
            "params": {"title": "title", "text": "text", "url": "url"},
        },
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the root so that it may control every page.

    Its version is a hash of its own text, which names the shell's static
    files: a release that changes any of them installs a new worker, which
    drops the old cache.
    """
    context = {
        "shell": json.dumps(
            [static(path) for path in SHELL] + [reverse("push:offline")]
        ),
        "offline_url": json.dumps(reverse("push:offline")),
        "static_url": json.dumps(settings.STATIC_URL),
        "icon_url": json.dumps(static("push/icons/icon-192.png")),
        "badge_url": json.dumps(static("push/icons/badge-96.png")),
    }
    text = str(render_to_string("push/sw.js", context))
    version = hashlib.sha256(text.encode()).hexdigest()[:12]
    response = HttpResponse(
        text.replace("__VERSION__", version),
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the app shows without a connection; it holds nobody's data."""
    return render(request, "push/offline.html")


def build_shared_text(title: str, text: str, url: str) -> str:
    """One post body from what another app shared: title, text and link."""
    parts: list[str] = []
    for part in (title, text, url):
        part = part.strip()
        if part and not any(part in earlier for earlier in parts):
            parts.append(part)
    return "\n\n".join(parts)[: settings.POST_MAX_LENGTH]


@login_required
@require_GET
def share(request: AuthedRequest) -> HttpResponse:
    """The share target: the composer, filled with what was shared.

    It posts to the composer's own address (posts:create), so publishing
    works exactly as from the home page. Features offer other things to do
    with it in the slot ``push.share``, which sees ``shared`` (title, text
    and url as given, shortened) in its context.
    """
    shared = {
        "title": request.GET.get("title", "")[:1000],
        "text": request.GET.get("text", "")[: settings.POST_MAX_LENGTH],
        "url": request.GET.get("url", "")[:2000],
    }
    body = build_shared_text(shared["title"], shared["text"], shared["url"])
    composer = PostForm(
        user=request.user,
        groups=list_my_groups(request.user),
        initial={"body": body},
    )
    return render(request, "push/share.html", {"composer": composer, "shared": shared})


def _settings_context(request: AuthedRequest, form: PushChoicesForm) -> dict[str, Any]:
    return {
        "tab": "push",
        "form": form,
        "devices": list(visible_push_subscriptions(request.user)),
        "vapid_public_key": get_public_key(),
        "subscriptions_url": reverse("api:push_subscription_list"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def push_settings(request: AuthedRequest) -> HttpResponse:
    """Push on this device, the devices with push on, and what is pushed."""
    if request.method == "POST":
        form = PushChoicesForm(request.POST, user=request.user)
        if form.is_valid():
            with transaction.atomic(durable=True):
                check_set_push_preferences(request.user, form.choices())
            if not request.htmx:
                messages.success(request, _("Your push settings have been saved."))
                return redirect("push:settings")
            form = PushChoicesForm(user=request.user)
            context = {**_settings_context(request, form), "saved": True}
            return render_page_or_partial(
                request, "push/settings.html", "choices", context
            )
    else:
        form = PushChoicesForm(user=request.user)
    return render_page_or_partial(
        request, "push/settings.html", "choices", _settings_context(request, form)
    )


@login_required
@require_POST
def device_remove(request: AuthedRequest, subscription_id: int) -> HttpResponse:
    """Stop pushing to one of one's devices."""
    with transaction.atomic(durable=True):
        do_remove_push_subscription(
            access_push_subscription(request.user, subscription_id)
        )
    messages.success(request, _("The device no longer receives push notifications."))
    return redirect("push:settings")
