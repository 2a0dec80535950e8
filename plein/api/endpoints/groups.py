"""Groups: listing, creating, joining, leaving and reading their posts."""

from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import pgettext
from ninja import Path, Query, Router, Status

from plein.access.groups import (
    access_group,
    can_join_group,
    can_request_to_join,
    can_view_group_content,
    visible_groups,
)
from plein.access.membership import is_member, member_group_ids
from plein.access.posts import visible_posts
from plein.api.http import ApiRequest
from plein.api.schemas import (
    MAX_ID,
    GroupCreateIn,
    GroupKindParam,
    GroupListOut,
    GroupOut,
    JoinOut,
    PostListOut,
    ShortQuery,
)
from plein.api.serializers import build_group, build_post
from plein.core.errors import Forbidden
from plein.groups.actions import (
    check_create_group,
    check_join_group,
    check_leave_group,
    check_request_to_join,
)

router = Router(tags=["groups"])

GroupId = Path(..., ge=1, le=MAX_ID)
NAME_QUERY = Query("", description="Part of the name")


@router.get("", response=GroupListOut, summary="Groups the caller can see")
def group_list(
    request: ApiRequest,
    q: ShortQuery = NAME_QUERY,
    kind: GroupKindParam | None = None,
    member: bool | None = Query(None, description="Only groups the caller is (not) in"),
    limit: int = Query(50, ge=1, le=100),
    offset: int = Query(0, ge=0, le=10_000),
) -> dict:
    user = request.auth
    qs = visible_groups(user)
    if q:
        qs = qs.filter(name__icontains=q)
    if kind:
        qs = qs.filter(kind=kind)
    if member is not None:
        ids = member_group_ids(user)
        qs = qs.filter(pk__in=ids) if member else qs.exclude(pk__in=ids)
    rows = list(qs.order_by("name", "id")[offset : offset + limit + 1])
    next_offset = offset + limit if len(rows) > limit else None
    return {
        "items": [build_group(user, g) for g in rows[:limit]],
        "next_offset": next_offset,
    }


@router.post(
    "", response={201: GroupOut}, summary="Create a group with the caller as admin"
)
def group_create(request: ApiRequest, payload: GroupCreateIn) -> Status:
    user = request.auth
    with transaction.atomic(durable=True):
        group = check_create_group(
            user, name=payload.name, description=payload.description, kind=payload.kind
        )
    group.refresh_from_db(fields=["member_count"])
    return Status(201, build_group(user, group))


@router.get("/{group_id}", response=GroupOut, summary="One group")
def group_detail(request: ApiRequest, group_id: int = GroupId) -> dict:
    user = request.auth
    return build_group(user, access_group(user, group_id=group_id))


@router.post(
    "/{group_id}/join",
    response={200: JoinOut, 202: JoinOut},
    summary="Join an open group, or ask to join a closed one (202)",
)
def group_join(request: ApiRequest, group_id: int = GroupId) -> Status:
    user = request.auth
    with transaction.atomic(durable=True):
        group = access_group(user, group_id=group_id)
        if is_member(user, group.pk) or can_join_group(user, group):
            check_join_group(user, group)
            status, state = 200, "member"
        elif can_request_to_join(user, group):
            check_request_to_join(user, group)
            status, state = 202, "pending"
        else:
            raise Forbidden(pgettext("permission", "You cannot join this group."))
    group.refresh_from_db(fields=["member_count"])
    return Status(status, {"status": state, "group": build_group(user, group)})


@router.post("/{group_id}/leave", response={204: None}, summary="Leave a group")
def group_leave(request: ApiRequest, group_id: int = GroupId) -> HttpResponse:
    user = request.auth
    with transaction.atomic(durable=True):
        group = access_group(user, group_id=group_id)
        check_leave_group(user, group)
    return HttpResponse(status=204)


@router.get(
    "/{group_id}/posts", response=PostListOut, summary="A group's posts, newest first"
)
def group_posts(
    request: ApiRequest,
    group_id: int = GroupId,
    before: int | None = Query(
        None, ge=1, le=MAX_ID, description="next_cursor of the previous page"
    ),
    limit: int = Query(30, ge=1, le=100),
) -> dict:
    user = request.auth
    group = access_group(user, group_id=group_id)
    # A closed group shows its name to everyone but its posts to members only.
    if not can_view_group_content(user, group):
        raise Forbidden(
            pgettext("permission", "Only members can read this group's posts.")
        )
    qs = visible_posts(user).filter(group_id=group.pk).select_related("author", "group")
    if before is not None:
        qs = qs.filter(pk__lt=before)
    rows = list(qs.order_by("-id")[: limit + 1])
    next_cursor = rows[limit - 1].pk if len(rows) > limit else None
    return {"items": [build_post(p) for p in rows[:limit]], "next_cursor": next_cursor}
