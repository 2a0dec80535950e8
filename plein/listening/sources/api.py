"""The listening sources endpoints of the API (registered in plein/api/main.py).

Communications (organisation admins and moderators) lists the sources with
their health, adds a feed or a sender of alert mails and turns a source off
or on; anyone else gets 404. Every change goes through the sources' actions, as on the page, and
errors name the field.
"""

from datetime import datetime
from typing import Annotated, Any, Literal

from django.db import transaction
from ninja import Path, Router, Schema, Status
from pydantic import Field, StringConstraints

from plein.access.listening import access_source, can_use_listening
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, NoNul, Text200, Text254
from plein.core.errors import NotFound
from plein.listening.sources.actions import (
    URL_MAX_LENGTH,
    check_add_alert_source,
    check_add_source,
    check_set_source_active,
)
from plein.listening.sources.models import Source
from plein.listening.sources.queries import list_sources

router = Router(tags=["listening"])

SourceId = Path(..., ge=1, le=MAX_ID)
Url = Annotated[str, StringConstraints(max_length=URL_MAX_LENGTH), NoNul]
SOURCES_LISTED = 1000


class SourceOut(Schema):
    id: int
    name: str
    url: str
    kind: str = Field(
        description='"feed", "alert_mail" (alerts from sender_address) or '
        '"submitted" (links colleagues send in)'
    )
    sender_address: str = Field(description='For "alert_mail": the alerts\' From')
    is_active: bool
    created_at: datetime
    last_polled_at: datetime | None
    next_poll_at: datetime
    last_success_at: datetime | None
    last_error: str = Field(description='A short code, e.g. "timeout", "http:404"')
    last_error_text: str = Field(description="The last error, for people")
    last_error_at: datetime | None
    consecutive_errors: int
    items_seen: int


class SourceListOut(Schema):
    items: list[SourceOut]


class SourceIn(Schema):
    kind: Literal["feed", "alert_mail"] = Field(
        "feed", description='"feed" needs url, "alert_mail" sender_address'
    )
    name: Text200
    url: Url = Field("", description="An RSS or Atom feed (http or https)")
    sender_address: Text254 = Field(
        "", description="The From address of the alert mails (alert_mail)"
    )


class SourcePatchIn(Schema):
    is_active: bool = Field(description="Turn the source off or on again")


def _build_source(source: Source) -> dict[str, Any]:
    return {
        "id": source.pk,
        "name": source.name,
        "url": source.url,
        "kind": source.kind,
        "sender_address": source.sender_address,
        "is_active": source.is_active,
        "created_at": source.created_at,
        "last_polled_at": source.last_polled_at,
        "next_poll_at": source.next_poll_at,
        "last_success_at": source.last_success_at,
        "last_error": source.last_error,
        "last_error_text": source.last_error_text,
        "last_error_at": source.last_error_at,
        "consecutive_errors": source.consecutive_errors,
        "items_seen": source.items_seen,
    }


@router.get(
    "/listening/sources",
    response=SourceListOut,
    summary="Listening sources with their health (communications)",
)
def source_list(request: ApiRequest) -> dict[str, Any]:
    if not can_use_listening(request.auth):
        raise NotFound()
    return {
        "items": [_build_source(s) for s in list_sources(request.auth)[:SOURCES_LISTED]]
    }


@router.post(
    "/listening/sources",
    response={201: SourceOut},
    summary="Add a feed or an alert sender as a listening source (communications)",
)
def source_create(request: ApiRequest, payload: SourceIn) -> Status:
    with transaction.atomic(durable=True):
        if payload.kind == "alert_mail":
            source = check_add_alert_source(
                request.auth, name=payload.name, sender_address=payload.sender_address
            )
        else:
            source = check_add_source(request.auth, name=payload.name, url=payload.url)
    return Status(201, _build_source(source))


@router.patch(
    "/listening/sources/{source_id}",
    response=SourceOut,
    summary="Turn a listening source off or on again (communications)",
)
def source_update(
    request: ApiRequest, payload: SourcePatchIn, source_id: int = SourceId
) -> dict[str, Any]:
    with transaction.atomic(durable=True):
        source = access_source(request.auth, source_id)
        check_set_source_active(request.auth, source, is_active=payload.is_active)
    source.refresh_from_db()
    return _build_source(source)
