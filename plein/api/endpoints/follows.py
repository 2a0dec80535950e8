"""Following people, following groups closely, following hashtags.

One body shape for both directions: ``{"type", "id"?, "name"?}``.
"""

from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status

from plein.access.groups import access_group
from plein.access.people import access_person
from plein.api.http import ApiRequest
from plein.api.schemas import FollowIn, FollowOut
from plein.core.errors import InvalidInput
from plein.groups.actions import check_follow_group_closely
from plein.people.actions import check_follow_person, do_unfollow_person
from plein.people.models import User
from plein.posts.actions import check_follow_hashtag

router = Router(tags=["follows"])


def _require_id(payload: FollowIn) -> int:
    if payload.id is None:
        raise InvalidInput(_("Give the id of the person or group."), field="id")
    return payload.id


def _apply(user: User, payload: FollowIn, *, follow: bool) -> dict:
    if payload.type == "person":
        person = access_person(user, person_id=_require_id(payload))
        if follow:
            check_follow_person(user, person)
        else:
            do_unfollow_person(user, person)
        return {"type": "person", "id": person.pk, "name": person.full_name}
    if payload.type == "group":
        group = access_group(user, group_id=_require_id(payload))
        check_follow_group_closely(user, group, closely=follow)
        return {"type": "group", "id": group.pk, "name": group.name}
    if not payload.name:
        raise InvalidInput(_("Name a hashtag."), field="name")
    hashtag = check_follow_hashtag(user, payload.name, follow=follow)
    return {"type": "hashtag", "id": hashtag.pk, "name": hashtag.name}


@router.post(
    "",
    response={201: FollowOut},
    summary="Follow a person, a group (closely) or a hashtag",
)
def follow_create(request: ApiRequest, payload: FollowIn) -> Status:
    with transaction.atomic(durable=True):
        result = _apply(request.auth, payload, follow=True)
    return Status(201, result)


@router.delete("", response={204: None}, summary="Stop following")
def follow_delete(request: ApiRequest, payload: FollowIn) -> HttpResponse:
    with transaction.atomic(durable=True):
        _apply(request.auth, payload, follow=False)
    return HttpResponse(status=204)
