"""The referrals and talent pools endpoints (registered in plein/api/main.py).

``POST /referrals``: refer a candidate (the notice only: name, contact,
vacancy). ``POST /referrals/{id}/details``: the referrer's why and the CV
(multipart), once the candidate agreed. ``GET /referrals/mine``: one's own
referrals, with the status the candidate lets the referrer see.
``GET /referrals``, ``GET /referrals/{id}`` and
``POST /referrals/{id}/status``: HR, and a vacancy's managers for the
referrals to it that the candidate agreed to (anyone else gets 404);
before consent HR sees only the referral notice. ``GET /talent-pools`` and
``PUT /talent-pools/{id}/membership``: the pools and one's own opt-in for
internal mobility. The same gatekeepers and actions as the pages.
"""

from datetime import datetime
from typing import Any, Literal

from django.db import transaction
from ninja import File, Form, Path, Query, Router, Schema, Status, UploadedFile
from pydantic import Field

from plein.access.referrals import (
    access_pool,
    access_referral,
    can_handle_referrals,
    can_refer,
)
from plein.access.vacancies import access_vacancy
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, Id, PersonRef, Text70, Text200, Text254
from plein.api.serializers import build_person_ref
from plein.careers.referrals import queries
from plein.careers.referrals.actions import (
    UploadedFile as CvFile,
)
from plein.careers.referrals.actions import (
    check_add_referral_details,
    check_refer_candidate,
    check_set_pool_membership,
    check_set_referral_status,
)
from plein.careers.referrals.models import PoolMember, Referral
from plein.core.errors import NotFound

router = Router(tags=["referrals"])

ReferralId = Path(..., ge=1, le=MAX_ID)
PoolId = Path(..., ge=1, le=MAX_ID)


class ReferralIn(Schema):
    name: Text200
    email: Text254
    phone: Text70 = ""
    vacancy_id: Id | None = Field(None, description="The vacancy's post id.")
    language: Literal["nl", "en"] = Field("nl", description="Of the consent mail.")


class MyReferralOut(Schema):
    id: int
    created_at: datetime
    candidate_name: str = Field(description="Empty once the data is deleted.")
    vacancy_title: str
    status: str = Field(description="The status the candidate lets you see.")
    reward: str
    can_add_details: bool = Field(
        description="Whether you can add why and the CV now (after consent)."
    )


class MyReferralListOut(Schema):
    items: list[MyReferralOut]


class CandidateOut(Schema):
    name: str
    email: str
    phone: str | None = Field(None, description="Null until the candidate agreed.")
    why: str | None = None
    motivation: str | None = Field(
        None, description="The candidate's own words, when they applied."
    )
    cv_name: str | None = None
    summary: str | None = None
    skills: str | None = None
    consent: str = Field(description="pending, procedure or year")
    consent_expires_at: datetime | None
    erase_after: datetime


class ReferralOut(Schema):
    id: int
    status: str
    referrer: PersonRef | None
    vacancy_id: int | None
    created_at: datetime
    referrer_sees_status: bool
    through_share_link: bool = Field(
        description="The candidate applied through the referrer's share link."
    )
    reward: str
    candidate: CandidateOut | None = Field(description="Null once erased.")


class ReferralListOut(Schema):
    items: list[ReferralOut]


class StatusIn(Schema):
    status: Literal["procedure", "hired", "not_hired"]


class PoolOut(Schema):
    id: int
    name: str
    description: str
    joined: bool = Field(description="Whether you opted in.")


class PoolListOut(Schema):
    items: list[PoolOut]


class MembershipIn(Schema):
    joined: bool


def _build_mine(view: queries.ReferrerView) -> dict[str, Any]:
    return {
        "id": view.pk,
        "created_at": view.created_at,
        "candidate_name": view.candidate_name,
        "vacancy_title": view.vacancy_title,
        "status": view.status_label,
        "reward": view.reward_description,
        "can_add_details": view.can_add_details,
    }


def _build_referral(referral: Referral) -> dict[str, Any]:
    record = queries.build_candidate_record(referral)
    candidate, consent = record.candidate, record.consent
    out: dict[str, Any] = {
        "id": referral.pk,
        "status": referral.status,
        "referrer": build_person_ref(referral.referrer),
        "vacancy_id": referral.vacancy_id,
        "created_at": referral.created_at,
        "referrer_sees_status": referral.referrer_sees_status,
        "through_share_link": referral.through_share_link,
        "reward": referral.reward_description,
        "candidate": None,
    }
    if candidate is not None and consent is not None:
        full = record.has_consent
        out["candidate"] = {
            "name": candidate.name,
            "email": candidate.email,
            "phone": candidate.phone if full else None,
            "why": candidate.why if full else None,
            "motivation": candidate.motivation if full else None,
            "cv_name": candidate.cv_name if full else None,
            "summary": candidate.summary if full else None,
            "skills": candidate.skills if full else None,
            "consent": consent.scope or "pending",
            "consent_expires_at": consent.expires_at,
            "erase_after": candidate.erase_after,
        }
    return out


@router.post(
    "/referrals",
    response={201: MyReferralOut},
    summary="Refer a candidate (they are mailed for consent)",
)
def referral_create(request: ApiRequest, payload: ReferralIn) -> Status:
    user = request.auth
    if not can_refer(user):
        raise NotFound()
    with transaction.atomic(durable=True):
        vacancy = None
        if payload.vacancy_id is not None:
            try:
                vacancy = access_vacancy(user, payload.vacancy_id)
            except NotFound:
                raise NotFound(field="vacancy_id") from None
        referral = check_refer_candidate(
            user,
            name=payload.name,
            email=payload.email,
            phone=payload.phone,
            vacancy=vacancy,
            language=payload.language,
        )
    referral = access_referral(user, referral.pk)
    return Status(201, _build_mine(queries.build_referrer_view(user, referral)))


@router.post(
    "/referrals/{referral_id}/details",
    response=MyReferralOut,
    summary="Add why and the CV to my referral, once the candidate agreed",
)
def referral_details(
    request: ApiRequest,
    referral_id: int = ReferralId,
    why: str = Form("", max_length=5000),
    cv: UploadedFile | None = File(None),  # noqa: B008
) -> dict:
    user = request.auth
    upload = None
    if cv is not None:
        upload = CvFile(cv.name or "cv", cv.content_type or "", cv.read())
    with transaction.atomic(durable=True):
        referral = access_referral(user, referral_id)
        if referral.referrer_id != user.pk:
            raise NotFound()
        check_add_referral_details(user, referral, why=why, cv=upload)
    referral = access_referral(user, referral_id)
    return _build_mine(queries.build_referrer_view(user, referral))


@router.get(
    "/referrals/mine",
    response=MyReferralListOut,
    summary="My referrals, with the status each candidate lets me see",
)
def referral_mine(request: ApiRequest) -> dict:
    return {"items": [_build_mine(v) for v in queries.list_my_referrals(request.auth)]}


@router.get(
    "/referrals",
    response=ReferralListOut,
    summary="The referrals I handle (HR: all; a vacancy's managers: agreed ones)",
)
def referral_list(
    request: ApiRequest,
    status: Literal[
        "",
        "awaiting",
        "consented",
        "declined",
        "procedure",
        "hired",
        "not_hired",
        "withdrawn",
        "expired",
    ] = Query(""),
) -> dict:
    user = request.auth
    if not can_handle_referrals(user):
        raise NotFound()
    referrals = queries.list_hr_referrals(user, status=status)
    return {"items": [_build_referral(r) for r in referrals]}


@router.get(
    "/referrals/{referral_id}",
    response=ReferralOut,
    summary="One referral with the candidate's record (HR, the vacancy's managers)",
)
def referral_detail(request: ApiRequest, referral_id: int = ReferralId) -> dict:
    referral = access_referral(request.auth, referral_id, for_manage=True)
    return _build_referral(referral)


@router.post(
    "/referrals/{referral_id}/status",
    response=ReferralOut,
    summary="Move a consenting candidate through the procedure",
)
def referral_status(
    request: ApiRequest, payload: StatusIn, referral_id: int = ReferralId
) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        referral = access_referral(user, referral_id, for_manage=True)
        check_set_referral_status(user, referral, payload.status)
    return _build_referral(access_referral(user, referral_id, for_manage=True))


@router.get(
    "/talent-pools",
    response=PoolListOut,
    summary="Talent pools, and whether you opted in (internal mobility)",
)
def pool_list(request: ApiRequest) -> dict:
    choices = queries.list_pool_choices(request.auth)
    return {
        "items": [
            {
                "id": c.pool.pk,
                "name": c.pool.name,
                "description": c.pool.description,
                "joined": c.joined,
            }
            for c in choices
        ]
    }


@router.put(
    "/talent-pools/{pool_id}/membership",
    response=PoolOut,
    summary="Opt in to a talent pool, or out (only HR sees members)",
)
def pool_membership(
    request: ApiRequest, payload: MembershipIn, pool_id: int = PoolId
) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        pool = access_pool(user, pool_id)
        check_set_pool_membership(user, pool, joined=payload.joined)
    return {
        "id": pool.pk,
        "name": pool.name,
        "description": pool.description,
        "joined": PoolMember.objects.filter(pool=pool, person=user).exists(),
    }
