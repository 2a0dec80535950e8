"""Recognition: one's own contribution, "this helped me" marks, leaderboard.

Nobody else's points are shown unless an organisation admin switched the
leaderboard on (``PUT /settings``); while it is off the leaderboard answers
404. A mark on something the caller cannot see answers 404, on their own
work 403 (docs/recognition.md).
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from ninja import Path, Router, Schema
from pydantic import Field

from plein.access.recognition import access_helped_target
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, PersonRef
from plein.api.serializers import build_person_ref
from plein.core.errors import NotFound
from plein.knowledge.recognition import queries
from plein.knowledge.recognition.actions import check_mark_helped, check_set_leaderboard

router = Router(tags=["recognition"])


class KindTotalOut(Schema):
    kind: str
    label: str
    points: int
    count: int


class EarnedOut(Schema):
    kind: str = Field(description="The kind of reason, as a translated label.")
    points: int = Field(description="Points that count after the anti-gaming rules.")
    target_kind: str
    url: str
    giver: PersonRef | None
    created_at: datetime


class ContributionOut(Schema):
    total: int
    recent_total: int = Field(description="Points of the last 90 days.")
    by_kind: list[KindTotalOut]
    recent: list[EarnedOut]


class HelpedOut(Schema):
    marked: bool
    count: int = Field(description="Colleagues who found the item helpful.")


class LeaderboardEntryOut(Schema):
    person: PersonRef
    points: int


class SettingsOut(Schema):
    leaderboard_enabled: bool


class SettingsIn(Schema):
    leaderboard_enabled: bool


def _earned(items: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "kind": item.kind_label,
            "points": item.counted,
            "target_kind": item.target_kind,
            "url": item.url,
            "giver": build_person_ref(item.giver),
            "created_at": item.created_at,
        }
        for item in items
    ]


@router.get("/me", response=ContributionOut, summary="Your own contribution")
def contribution_mine(request: ApiRequest) -> dict:
    contribution = queries.get_contribution(request.user)
    return {
        "total": contribution.total,
        "recent_total": contribution.recent_total,
        "by_kind": [vars(row) for row in contribution.by_kind],
        "recent": _earned(contribution.recent),
    }


def _helped(request: ApiRequest, kind: str, target_id: int, on: bool) -> dict:
    target = access_helped_target(request.user, kind, target_id)
    with transaction.atomic(durable=True):
        check_mark_helped(request.user, target, on=on)
    state = queries.get_helped_state(request.user, kind, target.obj)
    return {"marked": state.is_marked, "count": state.count}


ItemId = Path(..., ge=1, le=MAX_ID)


def _helped_state(request: ApiRequest, kind: str, target_id: int) -> dict:
    target = access_helped_target(request.user, kind, target_id, for_mark=False)
    state = queries.get_helped_state(request.user, kind, target.obj)
    return {"marked": state.is_marked, "count": state.count}


@router.get(
    "/posts/{post_id}/helped", response=HelpedOut, summary="Helped marks of a post"
)
def helped_post_get(request: ApiRequest, post_id: int = ItemId) -> dict:
    return _helped_state(request, "post", post_id)


@router.get(
    "/comments/{comment_id}/helped",
    response=HelpedOut,
    summary="Helped marks of a comment or answer",
)
def helped_comment_get(request: ApiRequest, comment_id: int = ItemId) -> dict:
    return _helped_state(request, "comment", comment_id)


@router.get(
    "/pages/{page_id}/helped", response=HelpedOut, summary="Helped marks of a page"
)
def helped_page_get(request: ApiRequest, page_id: int = ItemId) -> dict:
    return _helped_state(request, "page", page_id)


@router.post(
    "/posts/{post_id}/helped", response=HelpedOut, summary="This post helped me"
)
def helped_post_set(request: ApiRequest, post_id: int = ItemId) -> dict:
    return _helped(request, "post", post_id, True)


@router.delete(
    "/posts/{post_id}/helped", response=HelpedOut, summary="Take back a helped mark"
)
def helped_post_unset(request: ApiRequest, post_id: int = ItemId) -> dict:
    return _helped(request, "post", post_id, False)


@router.post(
    "/comments/{comment_id}/helped",
    response=HelpedOut,
    summary="This comment or answer helped me",
)
def helped_comment_set(request: ApiRequest, comment_id: int = ItemId) -> dict:
    return _helped(request, "comment", comment_id, True)


@router.delete(
    "/comments/{comment_id}/helped",
    response=HelpedOut,
    summary="Take back a helped mark",
)
def helped_comment_unset(request: ApiRequest, comment_id: int = ItemId) -> dict:
    return _helped(request, "comment", comment_id, False)


@router.post(
    "/pages/{page_id}/helped", response=HelpedOut, summary="This wiki page helped me"
)
def helped_page_set(request: ApiRequest, page_id: int = ItemId) -> dict:
    return _helped(request, "page", page_id, True)


@router.delete(
    "/pages/{page_id}/helped", response=HelpedOut, summary="Take back a helped mark"
)
def helped_page_unset(request: ApiRequest, page_id: int = ItemId) -> dict:
    return _helped(request, "page", page_id, False)


@router.get(
    "/leaderboard",
    response=list[LeaderboardEntryOut],
    summary="Top contributors of the last 90 days (404 while switched off)",
)
def leaderboard(request: ApiRequest) -> list:
    if not queries.leaderboard_enabled():
        raise NotFound()
    return [
        {"person": build_person_ref(entry.person), "points": entry.points}
        for entry in queries.get_leaderboard(request.user)
    ]


@router.get("/settings", response=SettingsOut, summary="The recognition policy")
def settings_get(request: ApiRequest) -> dict:
    return {"leaderboard_enabled": queries.leaderboard_enabled()}


@router.put(
    "/settings",
    response=SettingsOut,
    summary="Switch the leaderboard on or off (organisation admins)",
)
def settings_set(request: ApiRequest, payload: SettingsIn) -> dict:
    with transaction.atomic(durable=True):
        policy = check_set_leaderboard(
            request.user, enabled=payload.leaderboard_enabled
        )
    return {"leaderboard_enabled": policy.leaderboard_enabled}
