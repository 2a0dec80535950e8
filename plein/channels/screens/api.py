"""The screens endpoints of the API (registered in plein/api/main.py).

Management (``/screens``, and connecting a screen with
``/screens/{id}/tokens``) is for org admins and moderators; anyone else gets
404, as on the pages. ``GET /screens/content`` is what a screen device reads:
it authenticates with the screen token (``Authorization: Screen <token>``,
or ``?token=``), never as a person, and answers only what everyone in the
organisation may see.
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy
from ninja import Path, Router, Schema, Status
from ninja.security import APIKeyHeader
from pydantic import Field

from plein.access.screens import access_screen, can_manage_screens, visible_screens
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, Id, Text5, Text100, Text200
from plein.channels.screens.actions import (
    check_create_screen,
    check_create_screen_token,
    check_delete_screen,
    check_revoke_screen_tokens,
    get_screen_for_token,
)
from plein.channels.screens.models import Screen, ScreenToken
from plein.channels.screens.queries import build_screen_content
from plein.channels.screens.views import REFRESH_SECONDS
from plein.core.errors import NotFound, PleinError

router = Router(tags=["screens"])

ScreenId = Path(..., ge=1, le=MAX_ID)


class ScreenNotConnected(PleinError):
    code = "not_authenticated"
    status = 401
    default_message = gettext_lazy("This screen is not connected.")


class ScreenAuth(APIKeyHeader):
    """``Authorization: Screen <token>`` (or ``?token=``): a screen, not a person.

    A missing, wrong or revoked token answers the same 401, whatever the
    reason, and never falls back to a session or a personal token.
    """

    param_name = "Authorization"

    def __init__(self) -> None:
        super().__init__()
        self.openapi_name = "ScreenToken"

    def _get_key(self, request: HttpRequest) -> str | None:
        header = request.headers.get("Authorization")
        if header:
            scheme, _sep, raw = header.partition(" ")
            return raw.strip() if scheme.lower() == "screen" else None
        return request.GET.get("token")

    def authenticate(self, request: HttpRequest, key: str | None) -> Screen:
        screen = get_screen_for_token(key)
        if screen is None:
            raise ScreenNotConnected()
        return screen


class ScreenOut(Schema):
    id: int
    name: str
    location: str
    language: str
    rotation_seconds: int
    shows_announcements: bool
    shows_welcome: bool
    welcome_days: int
    group_ids: list[int]
    extra_sources: list[str]
    is_active: bool
    is_connected: bool
    last_seen_at: datetime | None
    created_at: datetime


class ScreenListOut(Schema):
    items: list[ScreenOut]


class ScreenIn(Schema):
    name: Text100
    location: Text200 = ""
    language: Text5 = Field("", description='"" for the organisation\'s language')
    rotation_seconds: int = Field(12, description="Seconds per slide, 5 to 300")
    shows_announcements: bool = True
    shows_welcome: bool = True
    welcome_days: int = Field(14, description="Welcome who joined in these days")
    group_ids: list[Id] = Field([], max_length=100, description="Open groups only")
    extra_sources: list[Text100] = Field([], max_length=20)
    is_active: bool = True


class SlideOut(Schema):
    kind: str
    key: str
    data: dict[str, Any]


class ScreenInfoOut(Schema):
    id: int
    name: str
    language: str
    rotation_seconds: int


class ScreenContentOut(Schema):
    screen: ScreenInfoOut
    refresh_seconds: int
    slides: list[SlideOut]


class ScreenTokenOut(Schema):
    id: int
    prefix: str = Field(description="The token's first characters, to tell it apart")
    created_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None
    is_revoked: bool


class ScreenTokenListOut(Schema):
    items: list[ScreenTokenOut]


class ScreenTokenCreatedOut(ScreenTokenOut):
    token: str = Field(description="Shown once: the screen's secret")
    show_url: str = Field(description="The address to open on the screen device")


# The newest tokens of a screen listed; every reconnection adds one.
TOKEN_LIST_LENGTH = 50


def _build_token(token: ScreenToken) -> dict[str, Any]:
    return {
        "id": token.pk,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "last_seen_at": token.last_seen_at,
        "revoked_at": token.revoked_at,
        "is_revoked": token.is_revoked,
    }


def _build_screen(screen: Screen, token: ScreenToken | None) -> dict[str, Any]:
    return {
        "id": screen.pk,
        "name": screen.name,
        "location": screen.location,
        "language": screen.language,
        "rotation_seconds": screen.rotation_seconds,
        "shows_announcements": screen.shows_announcements,
        "shows_welcome": screen.shows_welcome,
        "welcome_days": screen.welcome_days,
        "group_ids": sorted(g.pk for g in screen.groups.all()),
        "extra_sources": list(screen.extra_sources or ()),
        "is_active": screen.is_active,
        "is_connected": token is not None,
        "last_seen_at": token.last_seen_at if token is not None else None,
        "created_at": screen.created_at,
    }


def _live_tokens(screen_ids: list[int]) -> dict[int, ScreenToken]:
    tokens = ScreenToken.objects.filter(
        screen_id__in=screen_ids, revoked_at__isnull=True
    ).order_by("created_at")
    return {t.screen_id: t for t in tokens}


@router.get(
    "/screens",
    response=ScreenListOut,
    summary="The office screens (org admins and moderators)",
)
def screen_list(request: ApiRequest) -> dict[str, Any]:
    if not can_manage_screens(request.auth):
        raise NotFound()
    screens = list(visible_screens(request.auth).prefetch_related("groups"))
    tokens = _live_tokens([s.pk for s in screens])
    return {"items": [_build_screen(s, tokens.get(s.pk)) for s in screens]}


@router.post(
    "/screens",
    response={201: ScreenOut},
    summary="Set up an office screen (org admins and moderators)",
)
def screen_create(request: ApiRequest, payload: ScreenIn) -> Status:
    if not can_manage_screens(request.auth):
        raise NotFound()
    with transaction.atomic(durable=True):
        screen = check_create_screen(request.auth, **payload.model_dump())
    return Status(201, _build_screen(screen, None))


# Before "/screens/{screen_id}", whose pattern would take "content" too.
@router.get(
    "/screens/content",
    response=ScreenContentOut,
    auth=ScreenAuth(),
    summary="What a screen shows now (authenticated with the screen token)",
)
def screen_content(request: HttpRequest) -> dict[str, Any]:
    screen: Screen = request.auth  # type: ignore[attr-defined]
    slides = build_screen_content(screen)
    return {
        "screen": {
            "id": screen.pk,
            "name": screen.name,
            "language": screen.language,
            "rotation_seconds": screen.rotation_seconds,
        },
        "refresh_seconds": REFRESH_SECONDS,
        "slides": [{"kind": s.kind, "key": s.key, "data": s.data} for s in slides],
    }


@router.delete(
    "/screens/{screen_id}",
    response={204: None},
    summary="Delete an office screen: its devices stop at the next refresh",
)
def screen_delete(request: ApiRequest, screen_id: int = ScreenId) -> HttpResponse:
    with transaction.atomic(durable=True):
        check_delete_screen(request.auth, access_screen(request.auth, screen_id))
    return HttpResponse(status=204)


@router.get(
    "/screens/{screen_id}/tokens",
    response=ScreenTokenListOut,
    summary="A screen's tokens, newest first, revoked ones too "
    "(org admins and moderators)",
)
def screen_token_list(request: ApiRequest, screen_id: int = ScreenId) -> dict[str, Any]:
    screen = access_screen(request.auth, screen_id)
    tokens = ScreenToken.objects.filter(screen=screen).order_by("-created_at", "-pk")
    return {"items": [_build_token(t) for t in tokens[:TOKEN_LIST_LENGTH]]}


@router.post(
    "/screens/{screen_id}/tokens",
    response={201: ScreenTokenCreatedOut},
    summary="Connect a screen: a new token, answered this once; the screen's "
    "previous token stops working",
)
def screen_token_create(request: ApiRequest, screen_id: int = ScreenId) -> Status:
    with transaction.atomic(durable=True):
        screen = access_screen(request.auth, screen_id)
        token, raw = check_create_screen_token(request.auth, screen)
    show_url = settings.SITE_URL + reverse("screens:show", args=[raw])
    return Status(201, {**_build_token(token), "token": raw, "show_url": show_url})


@router.delete(
    "/screens/{screen_id}/tokens",
    response={204: None},
    summary="Disconnect a screen: its tokens are revoked and its devices stop "
    "at their next refresh",
)
def screen_token_revoke(request: ApiRequest, screen_id: int = ScreenId) -> HttpResponse:
    with transaction.atomic(durable=True):
        screen = access_screen(request.auth, screen_id)
        check_revoke_screen_tokens(request.auth, screen)
    return HttpResponse(status=204)
