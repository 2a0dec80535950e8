from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, JsonResponse
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
    root = (Path(settings.MEDIA_ROOT) / "photos").resolve()
    target = (root / path).resolve()
    if root not in target.parents or not target.is_file():
        raise Http404
    kind = PHOTO_TYPES.get(target.suffix.lower())
    if kind is None:
        # Only known image types are shown; anything else is a download.
        response = FileResponse(
            target.open("rb"),
            as_attachment=True,
            content_type="application/octet-stream",
        )
    else:
        response = FileResponse(target.open("rb"), content_type=kind)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: the app answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
