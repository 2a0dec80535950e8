"""The kudos and values endpoints of the API (registered in plein/api/main.py).

``/kudos``: kudos the caller may see, and giving one (the same action as
the page: limits, no self-kudos, shared where its subject is).
``/values``: the organisation's values for everyone signed in; adding and
changing them for organisation admins (anyone else gets 404).
Every id passes through ``plein.access``; missing and invisible answer the
same 404.
"""

from datetime import datetime
from typing import Any, Literal

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from plein.access.groups import access_group
from plein.access.kudos import (
    access_kudos,
    access_kudos_subject,
    access_value,
    can_manage_values,
    visible_values,
)
from plein.access.people import access_person
from plein.api.http import ApiRequest
from plein.api.lookups import access_group_param
from plein.api.schemas import (
    MAX_ID,
    BodyText,
    GroupRef,
    Id,
    PersonRef,
    Text5,
    Text80,
    Text500,
    Text1000,
)
from plein.api.serializers import build_group_ref, build_person_ref
from plein.core.errors import InvalidInput, NotFound
from plein.engagement.kudos import queries
from plein.engagement.kudos.actions import (
    Subject,
    check_create_value,
    check_give_kudos,
    check_update_value,
    parse_subject_url,
)
from plein.engagement.kudos.models import Value

router = Router(tags=["kudos"])

KudosId = Path(..., ge=1, le=MAX_ID)
ValueId = Path(..., ge=1, le=MAX_ID)


class ValueOut(Schema):
    id: int
    name: str = Field(description="In the caller's language.")
    description: str
    name_nl: str
    name_en: str
    description_nl: str
    description_en: str
    order: int
    is_active: bool = Field(description="False: retired, no longer chosen.")


class ValueIn(Schema):
    name_nl: Text80
    name_en: Text80
    description_nl: Text1000 = ""
    description_en: Text1000 = ""
    order: int | None = Field(None, ge=0, le=10000)


class ValuePatch(Schema):
    name_nl: Text80 | None = None
    name_en: Text80 | None = None
    description_nl: Text1000 | None = None
    description_en: Text1000 | None = None
    order: int | None = Field(None, ge=0, le=10000)
    is_active: bool | None = None


class ValueListOut(Schema):
    items: list[ValueOut]


class SubjectIn(Schema):
    kind: Literal["post", "answer", "page"]
    id: Id


class SubjectOut(Schema):
    kind: str
    url: str
    title: str


class KudosIn(Schema):
    value_id: Id
    message: BodyText
    recipient_ids: list[Id] = Field(
        default_factory=list, max_length=50, description="Colleagues praised."
    )
    team_id: Id | None = Field(None, description="A group praised as a team.")
    group_id: Id | None = Field(
        None,
        description="Where to share it (none: the organisation). Ignored with "
        "a subject: a kudos for something is shared where that is.",
    )
    subject: SubjectIn | None = None
    subject_url: Text500 | None = Field(
        None, description="Instead of subject: the link of a post, answer or page."
    )
    language: Text5 | None = None
    justification: Text500 = ""


class KudosOut(Schema):
    id: int = Field(description="The id of the kudos's post.")
    giver: PersonRef
    value: ValueOut
    message: str
    message_html: str
    people: list[PersonRef] = Field(description="The praised the caller may see.")
    team: GroupRef | None
    group: GroupRef | None = Field(description="Where it is shared; none: everyone.")
    subject: SubjectOut | None = Field(
        description="What it is for, when the caller may see it."
    )
    created_at: datetime
    url: str


class KudosListOut(Schema):
    items: list[KudosOut]
    next_cursor: int | None


def _build_value(value: Value) -> dict[str, Any]:
    return {
        "id": value.pk,
        "name": value.name,
        "description": value.description,
        "name_nl": value.name_nl,
        "name_en": value.name_en,
        "description_nl": value.description_nl,
        "description_en": value.description_en,
        "order": value.order,
        "is_active": value.is_active,
    }


def _build_kudos(view: queries.KudosView) -> dict[str, Any]:
    post = view.post
    return {
        "id": view.pk,
        "giver": build_person_ref(post.author),
        "value": _build_value(view.value),
        "message": post.body,
        "message_html": post.body_html,
        "people": [build_person_ref(person) for person in view.people],
        "team": build_group_ref(view.team),
        "group": build_group_ref(post.group),
        "subject": {
            "kind": view.subject_kind,
            "url": view.subject_url,
            "title": view.subject_title,
        }
        if view.subject_url
        else None,
        "created_at": post.created_at,
        "url": reverse("posts:detail", args=[view.pk]),
    }


@router.get("/kudos", response=KudosListOut, summary="Kudos, newest first")
def kudos_list(
    request: ApiRequest,
    person_id: int | None = Query(None, ge=1, le=MAX_ID, description="Praised."),
    giver_id: int | None = Query(None, ge=1, le=MAX_ID),
    value_id: int | None = Query(None, ge=1, le=MAX_ID),
    team_id: int | None = Query(None, ge=1, le=MAX_ID),
    before: int | None = Query(None, ge=1, le=MAX_ID, description="next_cursor"),
    limit: int = Query(20, ge=1, le=100),
) -> dict:
    user = request.auth
    filters: dict[str, Any] = {}
    lookups = (
        ("person", "person_id", person_id, lambda i: access_person(user, person_id=i)),
        ("giver", "giver_id", giver_id, lambda i: access_person(user, person_id=i)),
        ("value", "value_id", value_id, lambda i: access_value(user, i)),
        ("team", "team_id", team_id, lambda i: access_group(user, group_id=i)),
    )
    for name, field, given, fetch in lookups:
        if given is None:
            continue
        try:
            filters[name] = fetch(given)
        except NotFound:
            raise NotFound(field=field) from None
    views, next_cursor = queries.list_kudos(user, before=before, limit=limit, **filters)
    return {"items": [_build_kudos(v) for v in views], "next_cursor": next_cursor}


def _subject(user: Any, payload: KudosIn) -> Subject | None:
    kind: str
    if payload.subject is not None:
        kind, subject_id = payload.subject.kind, payload.subject.id
    elif payload.subject_url:
        kind, subject_id = parse_subject_url(payload.subject_url)
    else:
        return None
    try:
        return Subject(kind, access_kudos_subject(user, kind, subject_id))
    except NotFound:
        raise InvalidInput(
            _("Choose a post, an answer or a wiki page you can see."), field="subject"
        ) from None


@router.post(
    "/kudos",
    response={201: KudosOut},
    summary="Give kudos (to colleagues or a team, naming a value)",
)
def kudos_give(request: ApiRequest, payload: KudosIn) -> Status:
    user = request.auth
    with transaction.atomic(durable=True):
        try:
            value = access_value(user, payload.value_id)
        except NotFound:
            raise InvalidInput(_("Choose a value."), field="value_id") from None
        people = []
        for person_id in dict.fromkeys(payload.recipient_ids):
            try:
                people.append(access_person(user, person_id=person_id))
            except NotFound:
                raise InvalidInput(
                    _("There is no such colleague."), field="recipient_ids"
                ) from None
        team = access_group_param(user, payload.team_id, field="team_id")
        subject = _subject(user, payload)
        group = access_group_param(user, payload.group_id) if subject is None else None
        post = check_give_kudos(
            user,
            value=value,
            message=payload.message,
            people=people,
            team=team,
            group=group,
            subject=subject,
            language=payload.language,
            justification=payload.justification,
            source="api",
        )
    kudos = access_kudos(user, post.pk)
    return Status(201, _build_kudos(queries.get_kudos_view(user, kudos)))


@router.get("/kudos/{kudos_id}", response=KudosOut, summary="One kudos")
def kudos_detail(request: ApiRequest, kudos_id: int = KudosId) -> dict:
    user = request.auth
    kudos = access_kudos(user, kudos_id)
    return _build_kudos(queries.get_kudos_view(user, kudos))


@router.get(
    "/values",
    response=ValueListOut,
    summary="The organisation's values (retired ones too, marked)",
)
def value_list(request: ApiRequest) -> dict:
    values = visible_values(request.auth).order_by("order", "pk")
    return {"items": [_build_value(v) for v in values]}


@router.post(
    "/values", response={201: ValueOut}, summary="Add a value (organisation admins)"
)
def value_create(request: ApiRequest, payload: ValueIn) -> Status:
    user = request.auth
    if not can_manage_values(user):
        raise NotFound()
    with transaction.atomic(durable=True):
        value = check_create_value(
            user,
            name_nl=payload.name_nl,
            name_en=payload.name_en,
            description_nl=payload.description_nl,
            description_en=payload.description_en,
            order=payload.order,
        )
    return Status(201, _build_value(value))


@router.patch(
    "/values/{value_id}",
    response=ValueOut,
    summary="Change or retire a value (organisation admins)",
)
def value_update(
    request: ApiRequest, payload: ValuePatch, value_id: int = ValueId
) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        value = access_value(user, value_id, for_admin=True)
        value = check_update_value(user, value, **payload.dict(exclude_unset=True))
    return _build_value(value)
