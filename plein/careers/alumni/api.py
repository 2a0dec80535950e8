"""The alumni endpoints of the API (registered in plein/api/main.py).

For HR (organisation admins and moderators): the alumni and their history,
offering an alumni account to someone who leaves, and inviting an alumnus
back. Every person id passes through ``plein.access.alumni`` and every
change through the alumni actions, as on the pages.
"""

from datetime import date, datetime
from typing import Any

from django.db import transaction
from ninja import Path, Router, Schema, Status
from pydantic import Field

from plein.access.alumni import access_alumni_person, can_manage_alumni
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, PersonRef, Text254, Text1000
from plein.api.serializers import build_person_ref
from plein.careers.alumni.actions import check_invite_back, check_offer_alumni_account
from plein.careers.alumni.models import AlumniRecord
from plein.core.errors import NotFound

router = Router(tags=["alumni"])

PersonId = Path(..., ge=1, le=MAX_ID)
RECORDS_LISTED = 500


class AlumniRecordOut(Schema):
    person: PersonRef
    left_on: date
    offered_at: datetime
    accepted_at: datetime | None = Field(description="When they set a password")
    returned_on: date | None = Field(description="Back as a colleague (boomerang)")
    note: str


class AlumniListOut(Schema):
    items: list[AlumniRecordOut]


class OfferIn(Schema):
    private_email: Text254 = Field(description="Not the work address: it stops")
    left_on: date | None = Field(None, description="Default: today")
    note: Text1000 = ""


class InviteBackIn(Schema):
    work_email: Text254 = Field("", description='"": the address they had')
    returned_on: date | None = Field(None, description="Default: today")
    note: Text1000 = ""


def _build_record(record: AlumniRecord) -> dict[str, Any]:
    return {
        "person": build_person_ref(record.person),
        "left_on": record.left_on,
        "offered_at": record.offered_at,
        "accepted_at": record.accepted_at,
        "returned_on": record.returned_on,
        "note": record.note,
    }


@router.get(
    "/alumni",
    response=AlumniListOut,
    summary="Alumni and those who came back, newest offer first (HR)",
)
def alumni_list(request: ApiRequest) -> dict[str, Any]:
    if not can_manage_alumni(request.auth):
        raise NotFound()
    records = AlumniRecord.objects.select_related("person").order_by(
        "-offered_at", "-pk"
    )[:RECORDS_LISTED]
    return {"items": [_build_record(r) for r in records]}


@router.post(
    "/alumni/{person_id}/offer",
    response={201: AlumniRecordOut},
    summary="Offer someone who leaves an alumni account (HR)",
)
def alumni_offer(
    request: ApiRequest, payload: OfferIn, person_id: int = PersonId
) -> Status:
    with transaction.atomic(durable=True):
        person = access_alumni_person(request.auth, person_id)
        record = check_offer_alumni_account(
            request.auth,
            person,
            private_email=payload.private_email,
            left_on=payload.left_on,
            note=payload.note,
        )
    return Status(201, _build_record(record))


@router.post(
    "/alumni/{person_id}/invite-back",
    response=AlumniRecordOut,
    summary="Welcome an alumnus back as a colleague (HR)",
)
def alumni_invite_back(
    request: ApiRequest, payload: InviteBackIn, person_id: int = PersonId
) -> dict[str, Any]:
    with transaction.atomic(durable=True):
        person = access_alumni_person(request.auth, person_id)
        record = check_invite_back(
            request.auth,
            person,
            work_email=payload.work_email,
            returned_on=payload.returned_on,
            note=payload.note,
        )
    return _build_record(record)
