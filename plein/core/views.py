from functools import cache
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.db import connection
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.views.decorators.http import require_GET

PHOTO_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
}


@require_GET
@login_required
def photo(request: HttpRequest, path: str) -> FileResponse:
    """Profile photos: for signed-in colleagues only, never from outside."""
    # Read through the storage (the local disk or object storage), never by
    # a path the request made up: no "..", no empty or absolute parts.
    parts = path.split("/")
    if any(part in ("", ".", "..") or "\\" in part for part in parts):
        raise Http404
    name = "photos/" + "/".join(parts)
    if not default_storage.exists(name):
        raise Http404
    kind = PHOTO_TYPES.get(Path(name).suffix.lower())
    if kind is None:
        # Only known image types are shown; anything else is a download.
        response = FileResponse(
            default_storage.open(name, "rb"),
            as_attachment=True,
            content_type="application/octet-stream",
        )
    else:
        response = FileResponse(default_storage.open(name, "rb"), content_type=kind)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: the app answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@cache
def _favicon_bytes() -> bytes:
    found = finders.find("plein/favicon.ico")
    if not found:
        raise Http404
    return Path(str(found)).read_bytes()


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for whatever the page links.

    Served here rather than redirected to /static/: the static name carries
    a hash that changes with every release, and a redirect would be cached
    for good. base.html links the SVG version for browsers that take it.
    """
    response = HttpResponse(_favicon_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
