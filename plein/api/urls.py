from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path

from plein.api.main import api
from plein.core.errors import NotFound


def api_not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Unknown paths under /api/ answer in the API's error shape, not HTML."""
    return JsonResponse(NotFound().as_json(), status=404)


urlpatterns = [
    path("v1/", api.urls),
    re_path(r"^(?P<rest>.*)$", api_not_found),
]
