"""The people directory."""

from django.db.models import Q
from ninja import Path, Query, Router

from plein.access.people import access_person, visible_people
from plein.access.privacy import can_see_field
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, PeopleListOut, PersonDetailOut, ShortQuery
from plein.api.serializers import build_person, build_person_ref
from plein.people.models import Follow

router = Router(tags=["people"])

DIRECTORY_QUERY = Query("", description="Part of a name, handle, e-mail or job title")


@router.get("", response=PeopleListOut, summary="Search the directory")
def person_list(
    request: ApiRequest,
    q: ShortQuery = DIRECTORY_QUERY,
    department: int | None = Query(None, ge=1, le=MAX_ID, description="Department id"),
    limit: int = Query(30, ge=1, le=100),
    offset: int = Query(0, ge=0, le=10_000),
) -> dict:
    qs = visible_people(request.auth).select_related("department")
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(full_name__icontains=q)
            | Q(handle__icontains=q)
            | Q(email__icontains=q)
            | Q(job_title__icontains=q)
        )
    if department is not None:
        qs = qs.filter(department_id=department)
    count = qs.count()
    rows = list(qs.order_by("full_name", "id")[offset : offset + limit])
    next_offset = offset + limit if offset + limit < count else None
    return {
        "items": [build_person(p, request.auth) for p in rows],
        "count": count,
        "next_offset": next_offset,
    }


@router.get("/{person_id}", response=PersonDetailOut, summary="One person's profile")
def person_detail(
    request: ApiRequest, person_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict:
    user = request.auth
    person = access_person(user, person_id=person_id)
    return {
        **build_person(person, user),
        "email": person.email,
        "bio": person.bio,
        "phone": person.phone if can_see_field(user, person, "phone") else "",
        "manager": build_person_ref(person.manager),
        "is_following": Follow.objects.filter(
            follower_id=user.pk, followed_id=person.pk
        ).exists(),
    }
