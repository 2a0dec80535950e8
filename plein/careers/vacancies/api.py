"""The vacancies endpoints of the API (registered in plein/api/main.py).

A vacancy is a post of kind "vacancy"; its id is the post's id. Every id
passes through ``plein.access.vacancies`` (missing and invisible answer the
same 404) and every write through a vacancies action. Applications are
under ``/vacancy-applications``; department follows under
``/vacancy-follows``. A CV is given as text here (files through the web
form).
"""

from datetime import date, datetime
from typing import Annotated, Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Path, Query, Router, Schema, Status, UploadedFile
from pydantic import Field, StringConstraints

from plein.access.people import is_guest
from plein.access.vacancies import (
    access_application,
    access_vacancy,
    can_manage_vacancy,
    can_view_application_details,
    managed_vacancy_filter,
)
from plein.api.http import ApiRequest
from plein.api.lookups import access_group_param
from plein.api.schemas import (
    MAX_ID,
    BodyText,
    GroupRef,
    Id,
    NoNul,
    PersonRef,
    Text5,
    Text10,
    Text100,
    Text200,
    Text500,
)
from plein.api.serializers import build_group_ref, build_person_ref
from plein.careers.vacancies import queries
from plein.careers.vacancies.actions import (
    build_details,
    check_apply,
    check_attach_cv,
    check_close_vacancy,
    check_create_vacancy,
    check_follow_department,
    check_move_application,
    check_share_vacancy,
    check_update_vacancy,
    check_withdraw_application,
    current_details,
)
from plein.careers.vacancies.models import Application, Vacancy, VacancyFollow
from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.people.models import Department, User
from plein.posts.publishing import Upload

router = Router(tags=["vacancies"])

RefToken = Annotated[str, StringConstraints(max_length=32), NoNul]

PostId = Path(..., ge=1, le=MAX_ID)
DEPARTMENT_QUERY = Query(None, ge=1, le=MAX_ID)
HOURS_QUERY = Query("", description='"", "full" or "part".')
SCOPE_QUERY = Query("", description='"", "internal" or "external".')
STATUS_QUERY = Query("open", description="open, ended or all.")
ApplicationId = Path(..., ge=1, le=MAX_ID)


class DepartmentRef(Schema):
    id: int
    name: str


class VacancyOut(Schema):
    id: int = Field(description="The id of the vacancy's post.")
    title: str
    body: str
    body_html: str
    language: str
    author: PersonRef
    group: GroupRef | None
    department: DepartmentRef | None
    location: str
    hours_min: int | None
    hours_max: int | None
    salary_scale: str
    requirements: str
    closes_on: date | None
    contact: PersonRef | None
    is_external: bool
    for_alumni: bool
    status: str = Field(description="open, filled or closed.")
    hired_from: str = Field(description='"", internal, referral or external.')
    created_at: datetime
    ended_at: datetime | None
    other_title: str = Field(description="The title in the other language.")
    other_description: str
    url: str
    public_url: str | None = Field(description="The public page, if external.")
    can_manage: bool


class VacancyListOut(Schema):
    items: list[VacancyOut]


class VacancyIn(Schema):
    title: Text200
    body: BodyText = Field("", description="The description (Markdown).")
    language: Text5 | None = Field(None, description="nl or en; default: guessed.")
    group_id: Id | None = None
    department_id: Id | None = None
    location: Text200 = ""
    hours_min: int | None = Field(None, ge=1, le=60)
    hours_max: int | None = Field(None, ge=1, le=60)
    salary_scale: Text100 = ""
    requirements: BodyText = ""
    closes_on: date | None = None
    contact_id: Id | None = None
    is_external: bool = False
    for_alumni: bool = False
    other_title: Text200 = ""
    other_description: BodyText = ""
    justification: Text500 = ""


class VacancyChangeIn(Schema):
    """Only the fields given change; the title and text are the post's."""

    department_id: Id | None = None
    no_department: bool = Field(False, description="true: remove the department.")
    location: Text200 | None = None
    hours_min: int | None = Field(None, ge=1, le=60)
    hours_max: int | None = Field(None, ge=1, le=60)
    salary_scale: Text100 | None = None
    requirements: BodyText | None = None
    closes_on: date | None = None
    contact_id: Id | None = None
    is_external: bool | None = None
    for_alumni: bool | None = None
    other_title: Text200 | None = None
    other_description: BodyText | None = None


class CloseIn(Schema):
    status: Text10 = Field(description="filled or closed.")
    hired_from: Text10 = Field("", description="internal, referral or external.")


class ApplyIn(Schema):
    motivation: BodyText
    cv_text: BodyText = ""
    manager_sees_from: Text10 = Field(
        "submitted", description="submitted, interview or offer."
    )
    ref: RefToken = Field("", description="A share link's token, if any.")


class ApplicationOut(Schema):
    id: int
    vacancy_id: int
    vacancy_title: str
    applicant: PersonRef
    status: str
    manager_sees_from: str
    is_shown_to_manager: bool
    created_at: datetime
    status_changed_at: datetime
    motivation: str | None = Field(description="Null for the applicant's manager.")
    cv_text: str | None
    has_cv_file: bool
    url: str


class ApplicationListOut(Schema):
    items: list[ApplicationOut]


class MoveIn(Schema):
    status: Text10


class FollowIn(Schema):
    department_id: Id
    follow: bool = True


class FollowListOut(Schema):
    department_ids: list[int]


class ShareOut(Schema):
    url: str
    text: str
    linkedin_url: str
    mailto_url: str


def _department(department_id: int | None) -> Department | None:
    if department_id is None:
        return None
    found = Department.objects.filter(pk=department_id).first()
    if found is None:
        raise InvalidInput(_("Choose a department."), field="department_id")
    return found


def _contact(contact_id: int | None) -> User | None:
    if contact_id is None:
        return None
    found = User.objects.filter(pk=contact_id, is_active=True).first()
    if found is None:
        raise InvalidInput(_("Choose an active colleague."), field="contact_id")
    return found


def _build_vacancy(
    user: Any,
    vacancy: Vacancy,
    *,
    public_ids: set[int] | None = None,
    managed_ids: set[int] | None = None,
) -> dict[str, Any]:
    """One vacancy; a list passes which are public and managed (one query each)."""
    post = vacancy.post
    if public_ids is None:
        is_public = queries.public_vacancies().filter(pk=vacancy.pk).exists()
    else:
        is_public = vacancy.pk in public_ids
    if managed_ids is None:
        can_manage = can_manage_vacancy(user, vacancy)
    else:
        can_manage = vacancy.pk in managed_ids
    return {
        "id": post.pk,
        "title": post.title,
        "body": post.body,
        "body_html": post.body_html,
        "language": post.language,
        "author": build_person_ref(post.author),
        "group": build_group_ref(post.group),
        "department": {"id": vacancy.department.pk, "name": vacancy.department.name}
        if vacancy.department
        else None,
        "location": vacancy.location,
        "hours_min": vacancy.hours_min,
        "hours_max": vacancy.hours_max,
        "salary_scale": vacancy.salary_scale,
        "requirements": vacancy.requirements,
        "closes_on": vacancy.closes_on,
        "contact": build_person_ref(vacancy.contact) if vacancy.contact else None,
        "is_external": vacancy.is_external,
        "for_alumni": vacancy.for_alumni,
        "status": vacancy.status,
        "hired_from": vacancy.hired_from,
        "created_at": vacancy.created_at,
        "ended_at": vacancy.ended_at,
        "other_title": vacancy.other_title,
        "other_description": vacancy.other_description,
        "url": reverse("vacancies:detail", args=[post.pk]),
        "public_url": queries.public_path(vacancy) if is_public else None,
        "can_manage": can_manage,
    }


def _build_application(user: Any, application: Application) -> dict[str, Any]:
    details = can_view_application_details(user, application)
    return {
        "id": application.pk,
        "vacancy_id": application.vacancy_id,
        "vacancy_title": application.vacancy.post.title,
        "applicant": build_person_ref(application.applicant),
        "status": application.status,
        "manager_sees_from": application.manager_sees_from,
        "is_shown_to_manager": application.is_shown_to_manager,
        "created_at": application.created_at,
        "status_changed_at": application.status_changed_at,
        "motivation": application.motivation if details else None,
        "cv_text": application.cv_text if details else None,
        "has_cv_file": bool(application.cv_file) if details else False,
        "url": reverse("vacancies:application", args=[application.pk]),
    }


def _colleague(user: Any) -> None:
    if is_guest(user):
        raise NotFound()


@router.get(
    "/vacancies",
    response=VacancyListOut,
    summary="Vacancies one may see, filtered and searched",
)
def vacancy_list(
    request: ApiRequest,
    department_id: int | None = DEPARTMENT_QUERY,
    location: Text200 = "",
    hours: Text5 = HOURS_QUERY,
    scope: Text10 = SCOPE_QUERY,
    status: Text10 = STATUS_QUERY,
    q: Text500 = "",
) -> dict[str, Any]:
    user = request.auth
    _colleague(user)
    filters = queries.parse_filters(
        {
            "department_id": department_id,
            "location": location,
            "hours": hours,
            "scope": scope,
            "status": status,
            "q": q,
        }
    )
    vacancies = list(
        queries.list_vacancies(user, filters).select_related("contact", "post__author")[
            : queries.PAGE_SIZE
        ]
    )
    ids = [v.pk for v in vacancies]
    public_ids = set(
        queries.public_vacancies().filter(pk__in=ids).values_list("pk", flat=True)
    )
    managed_ids = set(
        Vacancy.objects.filter(managed_vacancy_filter(user), pk__in=ids).values_list(
            "pk", flat=True
        )
    )
    return {
        "items": [
            _build_vacancy(user, v, public_ids=public_ids, managed_ids=managed_ids)
            for v in vacancies
        ]
    }


@router.post(
    "/vacancies",
    response={201: VacancyOut},
    summary="Publish a vacancy (HR and hiring managers)",
)
def vacancy_create(request: ApiRequest, payload: VacancyIn) -> Status:
    user = request.auth
    data = payload.dict()
    with transaction.atomic(durable=True):
        group = access_group_param(user, payload.group_id)
        data["department"] = _department(payload.department_id)
        data["contact"] = _contact(payload.contact_id)
        post = check_create_vacancy(
            user,
            build_details(data),
            title=payload.title,
            body=payload.body,
            group=group,
            language=payload.language,
            justification=payload.justification,
            source="api",
        )
    return Status(201, _build_vacancy(user, access_vacancy(user, post.pk)))


@router.get("/vacancies/{post_id}", response=VacancyOut, summary="A vacancy")
def vacancy_detail(request: ApiRequest, post_id: int = PostId) -> dict[str, Any]:
    user = request.auth
    _colleague(user)
    return _build_vacancy(user, access_vacancy(user, post_id))


@router.patch(
    "/vacancies/{post_id}",
    response=VacancyOut,
    summary="Change a vacancy's details (HR and its hiring manager)",
)
def vacancy_update(
    request: ApiRequest, payload: VacancyChangeIn, post_id: int = PostId
) -> dict[str, Any]:
    user = request.auth
    given = payload.dict(exclude_unset=True)
    with transaction.atomic(durable=True):
        vacancy = access_vacancy(user, post_id)
        data = current_details(vacancy)
        if "department_id" in given:
            data["department"] = _department(given.pop("department_id"))
        if given.pop("no_department", False):
            data["department"] = None
        if "contact_id" in given:
            data["contact"] = _contact(given.pop("contact_id"))
        data.update({key: value for key, value in given.items() if value is not None})
        check_update_vacancy(user, vacancy, build_details(data))
    return _build_vacancy(user, access_vacancy(user, post_id))


@router.post(
    "/vacancies/{post_id}/close",
    response=VacancyOut,
    summary="Close a vacancy: filled (and from where) or not",
)
def vacancy_close(
    request: ApiRequest, payload: CloseIn, post_id: int = PostId
) -> dict[str, Any]:
    user = request.auth
    with transaction.atomic(durable=True):
        vacancy = access_vacancy(user, post_id)
        check_close_vacancy(
            user, vacancy, status=payload.status, hired_from=payload.hired_from
        )
    return _build_vacancy(user, access_vacancy(user, post_id))


@router.post(
    "/vacancies/{post_id}/share",
    response=ShareOut,
    summary="One's share text and link for an external vacancy",
)
def vacancy_share(request: ApiRequest, post_id: int = PostId) -> dict[str, Any]:
    user = request.auth
    _colleague(user)
    with transaction.atomic(durable=True):
        vacancy = access_vacancy(user, post_id)
        link = check_share_vacancy(user, vacancy)
    return queries.build_share_box(vacancy, link).__dict__


@router.post(
    "/vacancies/{post_id}/applications",
    response={201: ApplicationOut},
    summary="Apply to a vacancy (optionally hidden from one's manager for now)",
)
def vacancy_apply(
    request: ApiRequest, payload: ApplyIn, post_id: int = PostId
) -> Status:
    user = request.auth
    _colleague(user)
    with transaction.atomic(durable=True):
        vacancy = access_vacancy(user, post_id)
        application = check_apply(
            user,
            vacancy,
            motivation=payload.motivation,
            cv_text=payload.cv_text,
            manager_sees_from=payload.manager_sees_from,
            share_token=payload.ref,
        )
    return Status(
        201, _build_application(user, access_application(user, application.pk))
    )


@router.get(
    "/vacancies/{post_id}/applications",
    response=ApplicationListOut,
    summary="The applications to a vacancy (HR and its hiring manager)",
)
def vacancy_applications(request: ApiRequest, post_id: int = PostId) -> dict[str, Any]:
    user = request.auth
    vacancy = access_vacancy(user, post_id, for_manage=True)
    page = queries.get_vacancy_page(user, vacancy)
    for application in page.applications:
        application.vacancy = vacancy
    return {"items": [_build_application(user, a) for a in page.applications]}


@router.get(
    "/vacancy-applications",
    response=ApplicationListOut,
    summary="My own applications",
)
def application_mine(request: ApiRequest) -> dict[str, Any]:
    user = request.auth
    _colleague(user)
    return {
        "items": [
            _build_application(user, a) for a in queries.list_my_applications(user)
        ]
    }


@router.get(
    "/vacancy-applications/{application_id}",
    response=ApplicationOut,
    summary="An application one may see",
)
def application_detail(
    request: ApiRequest, application_id: int = ApplicationId
) -> dict[str, Any]:
    user = request.auth
    return _build_application(user, access_application(user, application_id))


@router.patch(
    "/vacancy-applications/{application_id}",
    response=ApplicationOut,
    summary="Move an application to another stage (HR and the hiring manager)",
)
def application_move(
    request: ApiRequest, payload: MoveIn, application_id: int = ApplicationId
) -> dict[str, Any]:
    user = request.auth
    with transaction.atomic(durable=True):
        application = access_application(user, application_id, for_move=True)
        check_move_application(user, application, payload.status)
    return _build_application(user, access_application(user, application_id))


@router.post(
    "/vacancy-applications/{application_id}/withdraw",
    response=ApplicationOut,
    summary="Withdraw one's own application",
)
def application_withdraw(
    request: ApiRequest, application_id: int = ApplicationId
) -> dict[str, Any]:
    user = request.auth
    with transaction.atomic(durable=True):
        application = access_application(user, application_id)
        if application.applicant_id != user.pk:
            raise Forbidden()
        check_withdraw_application(user, application)
    return _build_application(user, access_application(user, application_id))


@router.post(
    "/vacancy-applications/{application_id}/cv",
    response=ApplicationOut,
    summary="Add or replace the CV file of one's own open application (multipart)",
)
def application_cv(
    request: ApiRequest,
    application_id: int = ApplicationId,
    file: UploadedFile = File(...),  # noqa: B008
) -> dict[str, Any]:
    user = request.auth
    upload = Upload(file.name or "cv", file.content_type or "", file.read())
    with transaction.atomic(durable=True):
        application = access_application(user, application_id)
        check_attach_cv(user, application, upload)
    return _build_application(user, access_application(user, application_id))


@router.get(
    "/vacancy-follows",
    response=FollowListOut,
    summary="The departments whose new vacancies one hears of",
)
def follow_list(request: ApiRequest) -> dict[str, Any]:
    user = request.auth
    return {
        "department_ids": sorted(
            VacancyFollow.objects.filter(person_id=user.pk).values_list(
                "department_id", flat=True
            )
        )
    }


@router.post(
    "/vacancy-follows",
    response=FollowListOut,
    summary="Follow or stop following a department's new vacancies",
)
def follow_set(request: ApiRequest, payload: FollowIn) -> dict[str, Any]:
    user = request.auth
    with transaction.atomic(durable=True):
        department = _department(payload.department_id)
        assert department is not None  # noqa: S101 - an id was given
        check_follow_department(user, department, follow=payload.follow)
    return follow_list(request)
