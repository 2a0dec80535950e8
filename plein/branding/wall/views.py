"""The public wall, its embed and images; the offer, the review and the switch.

The public views need no login and answer 404 for anything
``plein.access.wall`` does not let out, and for everything while the switch
is off. They link to nothing of Plein but the wall itself. The embed may be
framed by the origins in ``WALL_EMBED_ORIGINS`` (and the site itself); every
other page keeps the site's "never framed" policy.

The other views are thin: fetch through ``plein.access.wall``, change state
through the wall's actions in a durable transaction, answer with a page, an
htmx partial or a redirect.
"""

import io
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from PIL import Image, ImageOps

from plein.access.wall import (
    access_public_image,
    access_public_item,
    access_wall_item_for_review,
    access_wall_offer,
    can_manage_wall,
    can_review_wall,
    is_wall_enabled,
)
from plein.branding.wall import queries
from plein.branding.wall.actions import (
    NOTE_MAX_LENGTH,
    check_decide_wall_item,
    check_offer_post,
    check_set_wall_enabled,
)
from plein.core.errors import Conflict, InvalidInput, NotFound
from plein.people.http import AuthedRequest
from plein.posts.models import Attachment

# Images are re-encoded without their metadata (camera, place, time);
# larger ones are not served outside.
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_CACHE_SECONDS = 3600
IMAGE_FORMATS = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
}


# The public side -----------------------------------------------------------------


def _public(response: HttpResponse) -> HttpResponse:
    # A withdrawn or changed post must leave the wall at once, also for
    # readers behind a cache: every read asks again.
    patch_cache_control(response, no_cache=True)
    response["Referrer-Policy"] = "no-referrer"
    return response


def _open_wall() -> None:
    if not is_wall_enabled():
        raise Http404()


def _public_context(**extra: Any) -> dict[str, Any]:
    return {"organisation": queries.organisation_name(), **extra}


@require_GET
def wall_index(request: HttpRequest) -> HttpResponse:
    """The wall for anyone: approved posts, newest first, 50 a page
    (``?page=2`` for older ones). No login."""
    _open_wall()
    page = queries.get_wall_page(_page_number(request), size=queries.WALL_PAGE_SIZE)
    canonical = settings.SITE_URL + reverse("wall:index")
    if page.number > 1:
        canonical += f"?page={page.number}"
    return _public(
        render(
            request,
            "wall/wall_index.html",
            _public_context(
                page=page,
                entries=page.entries,
                canonical_url=canonical,
                pages_url=reverse("wall:index"),
            ),
        )
    )


def _page_number(request: HttpRequest) -> int:
    number = queries.parse_page_number(request.GET.get("page"))
    if number is None:
        raise Http404()
    return number


@require_GET
def wall_embed(request: HttpRequest) -> HttpResponse:
    """The wall as minimal markup for an iframe on the organisation's site,
    10 a page; its "older posts" link stays inside the frame.

    Framing is allowed for this page only: by the site itself and by the
    origins in ``WALL_EMBED_ORIGINS``.
    """
    _open_wall()
    page = queries.get_wall_page(_page_number(request), size=queries.EMBED_PAGE_SIZE)
    response = _public(
        render(
            request,
            "wall/wall_embed.html",
            _public_context(
                page=page, entries=page.entries, pages_url=reverse("wall:embed")
            ),
        )
    )
    origins = list(getattr(settings, "WALL_EMBED_ORIGINS", []))
    # What django.views.decorators.csp.csp_override sets, built per request:
    # the origins are read from the settings now, not at import.
    response._csp_config = {  # type: ignore[attr-defined]
        **settings.SECURE_CSP,
        "frame-ancestors": [CSP.SELF, *origins],
    }
    if origins:
        # X-Frame-Options knows no list of origins: frame-ancestors decides.
        response.xframe_options_exempt = True
    else:
        response["X-Frame-Options"] = "SAMEORIGIN"
    return response


@require_GET
def wall_item(request: HttpRequest, post_id: int) -> HttpResponse:
    """One post of the wall, to share a link to. No login."""
    try:
        item = access_public_item(post_id)
    except NotFound:
        raise Http404() from None
    entry = queries.build_entry(item)
    return _public(
        render(
            request,
            "wall/wall_item.html",
            _public_context(
                entry=entry,
                canonical_url=queries.public_url(item.post_id),
                description=queries.first_sentence(item.post),
            ),
        )
    )


def _stripped_image(attachment: Attachment) -> bytes | None:
    """The image re-encoded without metadata, or None if it cannot be read."""
    key = f"wall-image:{attachment.sha256}:{attachment.content_type}"
    data = cache.get(key)
    if isinstance(data, bytes):
        return data
    image_format = IMAGE_FORMATS[attachment.content_type]
    try:
        with attachment.file.open("rb") as handle, Image.open(handle) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                return None
            # Turned as the camera meant, then a new image of the same
            # pixels: EXIF (place, camera, time), XMP, ICC and comments stay
            # behind. An animation keeps its first frame.
            upright = ImageOps.exif_transpose(image)
            mode = "RGB" if image_format == "JPEG" else "RGBA"
            pixels = upright.convert(mode)
            clean = Image.frombytes(mode, pixels.size, pixels.tobytes())
            out = io.BytesIO()
            clean.save(out, format=image_format)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    data = out.getvalue()
    cache.set(key, data, IMAGE_CACHE_SECONDS)
    return data


@require_GET
def wall_image(request: HttpRequest, post_id: int, attachment_id: int) -> HttpResponse:
    """An image of a post on the wall, without its metadata. No login."""
    try:
        attachment = access_public_image(post_id, attachment_id)
    except NotFound:
        raise Http404() from None
    data = _stripped_image(attachment)
    if data is None:
        raise Http404()
    response = HttpResponse(data, content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return _public(response)


# The author's offer -----------------------------------------------------------------


def _offered(request: HttpRequest) -> bool:
    raw = request.POST.get("offered", "")
    if raw not in ("0", "1"):
        raise InvalidInput(_("Choose whether the post may be shown."), field="offered")
    return raw == "1"


@login_required
@require_POST
def post_wall_offer(request: AuthedRequest, post_id: int) -> HttpResponse:
    """The author offers a post for the wall, or withdraws it."""
    offered = _offered(request)
    with transaction.atomic(durable=True):
        post = access_wall_offer(request.user, post_id)
        check_offer_post(request.user, post, offered=offered)
    if request.htmx:
        return render(
            request,
            "wall/_post_wall.html",
            {"wall": queries.get_post_wall_state(request.user, post)},
        )
    if offered:
        messages.success(
            request, _("Offered: communications will look at it before it is shown.")
        )
    else:
        messages.success(request, _("Withdrawn: the post is not shown outside."))
    return redirect(reverse("posts:detail", args=[post.pk]) + "#wall")


# Communications' review ------------------------------------------------------------


@login_required
@require_GET
def review_queue(request: AuthedRequest) -> HttpResponse:
    """Offers waiting for a decision, and what the wall shows now."""
    if not can_review_wall(request.user):
        raise NotFound()
    items = list(queries.list_review_queue(request.user))
    return render(
        request,
        "wall/review_queue.html",
        {
            "items": [(item, queries.build_entry(item)) for item in items],
            "on_wall": queries.list_on_wall(request.user),
            "is_enabled": is_wall_enabled(),
            "can_manage": can_manage_wall(request.user),
            "note_max": NOTE_MAX_LENGTH,
        },
    )


@login_required
@require_POST
def review_decide(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Approve or reject one offer; a refusal comes back as a message."""
    decision = request.POST.get("decision", "")
    if decision not in ("approve", "reject"):
        raise InvalidInput(_("Choose approve or reject."), field="decision")
    try:
        with transaction.atomic(durable=True):
            item = access_wall_item_for_review(request.user, post_id)
            check_decide_wall_item(
                request.user,
                item,
                approve=decision == "approve",
                note=request.POST.get("note", ""),
            )
    except (InvalidInput, Conflict) as error:
        messages.error(request, str(error.message))
    else:
        if decision == "approve":
            messages.success(request, _("Approved: the post is on the public wall."))
        else:
            messages.success(request, _("Not approved: the post is not shown outside."))
    return redirect("wall:review")


@login_required
@require_http_methods(["GET", "POST"])
def wall_settings(request: AuthedRequest) -> HttpResponse:
    """The site-wide switch; organisation admins only (others 404)."""
    if not can_manage_wall(request.user):
        raise NotFound()
    if request.method == "POST":
        with transaction.atomic(durable=True):
            check_set_wall_enabled(
                request.user, enabled=request.POST.get("enabled") == "on"
            )
        messages.success(request, _("The wall settings have been saved."))
        return redirect("wall:settings")
    return render(
        request,
        "wall/wall_settings.html",
        {
            "policy": queries.get_settings(),
            "embed_origins": list(getattr(settings, "WALL_EMBED_ORIGINS", [])),
            "embed_url": settings.SITE_URL + reverse("wall:embed"),
        },
    )
