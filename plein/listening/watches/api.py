"""The watches endpoints of the API (registered in plein/api/main.py).

Communications (organisation admins and moderators) lists, adds, changes
and deletes the shared watches; the account team of a client watch may
read that watch; anyone else gets 404. Every change goes through the
watches' actions, as on the pages, and errors name the field.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from ninja import Path, Router, Schema, Status
from pydantic import Field

from plein.access.listening import access_watch, can_use_listening
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, Text100, Text5000
from plein.core.errors import NotFound
from plein.listening.watches.actions import (
    check_create_watch,
    check_set_subscribed,
    check_update_watch,
    do_delete_watch,
)
from plein.listening.watches.models import Watch
from plein.listening.watches.queries import list_watches

router = Router(tags=["listening"])

WatchId = Path(..., ge=1, le=MAX_ID)
WATCHES_LISTED = 1000
KIND_HELP = '"organisation", "client", "competitor" or "sector"'


class WatchPersonOut(Schema):
    id: int
    handle: str
    name: str


class WatchOut(Schema):
    id: int
    name: str
    kind: str = Field(description=KIND_HELP)
    query: str = Field(description="In the term-alert language (docs/alerts.md)")
    is_active: bool
    team_group_id: int | None = Field(
        description="Client watches: the account team's group"
    )
    team_people: list[WatchPersonOut] = Field(
        description="Client watches: the people named on the account team"
    )
    is_subscribed: bool = Field(description="Whether you are told of new mentions")
    matches_7d: int = Field(description="Mentions found in the last 7 days")
    matches_30d: int = Field(description="Mentions found in the last 30 days")
    created_at: datetime
    updated_at: datetime


class WatchListOut(Schema):
    items: list[WatchOut]


class WatchIn(Schema):
    name: Text100
    kind: Text100 = Field(description=KIND_HELP)
    query: Text5000
    team_group_id: int | None = Field(None, ge=1, le=MAX_ID)
    team_people: list[Text100] = Field(
        default_factory=list, max_length=100, description="@handles"
    )
    is_active: bool = True


class WatchPatchIn(Schema):
    name: Text100 | None = None
    kind: Text100 | None = Field(None, description=KIND_HELP)
    query: Text5000 | None = None
    team_group_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="null removes the group"
    )
    team_people: list[Text100] | None = Field(
        None, max_length=100, description="@handles; replaces the named people"
    )
    is_active: bool | None = None
    is_subscribed: bool | None = Field(
        None, description="Be told of the watch's new mentions (yourself)"
    )


def _build_watch(watch: Watch) -> dict[str, Any]:
    return {
        "id": watch.pk,
        "name": watch.name,
        "kind": watch.kind,
        "query": watch.query,
        "is_active": watch.is_active,
        "team_group_id": watch.team_group_id,
        "team_people": [
            {
                "id": member.person_id,
                "handle": member.person.handle,
                "name": member.person.full_name,
            }
            for member in watch.team_members.all()
        ],
        "is_subscribed": bool(getattr(watch, "is_subscribed", False)),
        "matches_7d": getattr(watch, "matches_7d", 0),
        "matches_30d": getattr(watch, "matches_30d", 0),
        "created_at": watch.created_at,
        "updated_at": watch.updated_at,
    }


def _read(request: ApiRequest, watch_id: int) -> dict[str, Any]:
    return _build_watch(list_watches(request.auth).get(pk=watch_id))


@router.get(
    "/watches",
    response=WatchListOut,
    summary="Watches: the shared list (communications) or one's client watches",
)
def watch_list(request: ApiRequest) -> dict[str, Any]:
    watches = list(list_watches(request.auth)[:WATCHES_LISTED])
    if not can_use_listening(request.auth) and not watches:
        raise NotFound()
    return {"items": [_build_watch(w) for w in watches]}


@router.post(
    "/watches",
    response={201: WatchOut},
    summary="Add a watch (communications); the last 30 days are matched",
)
def watch_create(request: ApiRequest, payload: WatchIn) -> Status:
    with transaction.atomic(durable=True):
        watch = check_create_watch(request.auth, **payload.model_dump())
    return Status(201, _read(request, watch.pk))


@router.get(
    "/watches/{watch_id}",
    response=WatchOut,
    summary="A watch (communications, and a client watch's account team)",
)
def watch_detail(request: ApiRequest, watch_id: int = WatchId) -> dict[str, Any]:
    access_watch(request.auth, watch_id)
    return _read(request, watch_id)


@router.patch(
    "/watches/{watch_id}",
    response=WatchOut,
    summary="Change, turn off or subscribe to a watch (communications)",
)
def watch_update(
    request: ApiRequest, payload: WatchPatchIn, watch_id: int = WatchId
) -> dict[str, Any]:
    fields = payload.model_dump(exclude_unset=True)
    subscribed = fields.pop("is_subscribed", None)
    with transaction.atomic(durable=True):
        watch = access_watch(request.auth, watch_id, for_manage=True)
        check_update_watch(request.auth, watch, **fields)
        if subscribed is not None:
            check_set_subscribed(request.auth, watch, subscribed=subscribed)
    return _read(request, watch_id)


@router.delete(
    "/watches/{watch_id}",
    response={204: None},
    summary="Delete a watch and its matches (communications; mentions stay)",
)
def watch_delete(request: ApiRequest, watch_id: int = WatchId) -> HttpResponse:
    with transaction.atomic(durable=True):
        watch = access_watch(request.auth, watch_id, for_manage=True)
        do_delete_watch(request.auth, watch)
    return HttpResponse(status=204)
