from django.http import HttpRequest
from ninja import Router

from plein.api.schemas import MeOut
from plein.api.serializers import build_me

router = Router(tags=["me"])


@router.get("", response=MeOut, summary="The caller's own profile")
def me_detail(request: HttpRequest) -> dict:
    return build_me(request.auth)  # type: ignore[attr-defined]
