"""Compliance: eDiscovery exports and legal holds (compliance officers), erasure
(org admins).

Everyone without the role gets 404, as for a path that does not exist. The
export's zip is downloaded through the web page (``download_url``), which
checks the role again and records the download in the audit log.
"""

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from ninja import Path, Router, Schema, Status

from plein.access.compliance import (
    access_compliance_subjects,
    access_export,
    access_hold,
    access_person_for_erasure,
)
from plein.access.people import is_compliance_officer
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, Text200, Text500, Text2000
from plein.core.errors import NotFound
from plein.governance.compliance import ediscovery, erasure, holds
from plein.governance.compliance.models import Export, LegalHold

router = Router(tags=["compliance"])

ObjectId = Path(..., ge=1, le=MAX_ID)


class ExportIn(Schema):
    person_id: int | None = None
    group_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    keywords: Text500 = ""


class ExportOut(Schema):
    id: int
    status: str
    requested_by_id: int
    created_at: datetime
    finished_at: datetime | None
    person_id: int | None
    group_id: int | None
    date_from: date | None
    date_to: date | None
    keywords: str
    item_count: int
    size: int
    sha256: str
    download_url: str | None


class ExportListOut(Schema):
    items: list[ExportOut]


class HoldIn(Schema):
    matter: Text200
    person_id: int | None = None
    group_id: int | None = None
    note: Text2000 = ""


class HoldOut(Schema):
    id: int
    matter: str
    person_id: int | None
    group_id: int | None
    note: str
    created_by_id: int | None
    created_at: datetime
    released_at: datetime | None


class HoldListOut(Schema):
    items: list[HoldOut]


class ErasureOut(Schema):
    id: int
    full_name: str


def _build_export(export: Export) -> dict[str, Any]:
    done = export.status == Export.Status.DONE
    return {
        "id": export.pk,
        "status": export.status,
        "requested_by_id": export.requested_by_id,
        "created_at": export.created_at,
        "finished_at": export.finished_at,
        "person_id": export.person_id,
        "group_id": export.group_id,
        "date_from": export.date_from,
        "date_to": export.date_to,
        "keywords": export.keywords,
        "item_count": export.item_count,
        "size": export.size,
        "sha256": export.sha256,
        "download_url": (
            reverse("compliance:export_download", args=[export.pk]) if done else None
        ),
    }


def _build_hold(hold: LegalHold) -> dict[str, Any]:
    return {
        "id": hold.pk,
        "matter": hold.matter,
        "person_id": hold.person_id,
        "group_id": hold.group_id,
        "note": hold.note,
        "created_by_id": hold.created_by_id,
        "created_at": hold.created_at,
        "released_at": hold.released_at,
    }


def _officer(request: ApiRequest) -> Any:
    user = request.auth
    if not is_compliance_officer(user):
        raise NotFound()
    return user


@router.get("/exports", response=ExportListOut, summary="eDiscovery exports")
def export_list(request: ApiRequest) -> dict:
    _officer(request)
    return {"items": [_build_export(e) for e in Export.objects.all()[:100]]}


@router.post(
    "/exports", response={201: ExportOut}, summary="Request an eDiscovery export"
)
def export_create(request: ApiRequest, payload: ExportIn) -> Status:
    user = request.auth
    with transaction.atomic(durable=True):
        person, group = access_compliance_subjects(
            user, person_id=payload.person_id, group_id=payload.group_id
        )
        export = ediscovery.check_create_export(
            user,
            person=person,
            group=group,
            date_from=payload.date_from,
            date_to=payload.date_to,
            keywords=payload.keywords,
        )
    export.refresh_from_db()
    return Status(201, _build_export(export))


@router.get("/exports/{export_id}", response=ExportOut, summary="One export")
def export_detail(request: ApiRequest, export_id: int = ObjectId) -> dict:
    user = request.auth
    return _build_export(access_export(user, export_id))


@router.get("/holds", response=HoldListOut, summary="Legal holds")
def hold_list(request: ApiRequest) -> dict:
    _officer(request)
    return {"items": [_build_hold(h) for h in LegalHold.objects.all()[:500]]}


@router.post("/holds", response={201: HoldOut}, summary="Place a legal hold")
def hold_create(request: ApiRequest, payload: HoldIn) -> Status:
    user = request.auth
    with transaction.atomic(durable=True):
        person, group = access_compliance_subjects(
            user, person_id=payload.person_id, group_id=payload.group_id
        )
        hold = holds.check_create_hold(
            user, matter=payload.matter, person=person, group=group, note=payload.note
        )
    return Status(201, _build_hold(hold))


@router.post(
    "/holds/{hold_id}/release", response=HoldOut, summary="Release a legal hold"
)
def hold_release(request: ApiRequest, hold_id: int = ObjectId) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        hold = access_hold(user, hold_id)
        holds.check_release_hold(user, hold)
    return _build_hold(hold)


@router.post(
    "/people/{person_id}/erase",
    response=ErasureOut,
    summary="Erase a person (GDPR); refused while a legal hold covers them",
)
def person_erase(request: ApiRequest, person_id: int = ObjectId) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        person = access_person_for_erasure(user, person_id)
        person = erasure.check_erase_person(user, person)
    return {"id": person.pk, "full_name": person.full_name}
