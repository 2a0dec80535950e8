"""The feeds endpoints of the API (registered in plein/api/main.py).

Managing one's own feed tokens: a new token is answered once, with the
addresses it opens; afterwards only its name and dates are shown.
"""

from datetime import datetime

from django.db import transaction
from django.http import HttpResponse
from ninja import Field, Path, Router, Schema, Status

from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, Text200
from plein.channels.feeds import queries
from plein.channels.feeds.actions import (
    check_create_feed_token,
    check_revoke_feed_token,
)
from plein.channels.feeds.models import FeedToken

router = Router(tags=["feeds"])

TokenId = Path(..., ge=1, le=MAX_ID)


class FeedTokenOut(Schema):
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    is_link_token: bool = Field(
        description="The token behind the Subscribe links on Plein's pages"
    )


class FeedTokenListOut(Schema):
    items: list[FeedTokenOut]


class FeedTokenIn(Schema):
    name: Text200


class FeedUrlsOut(Schema):
    home_atom: str
    home_rss: str
    group_atom: str
    tag_atom: str
    person_atom: str


class FeedTokenCreatedOut(FeedTokenOut):
    token: str
    urls: FeedUrlsOut


def _build_token(token: FeedToken) -> dict[str, object]:
    return {
        "id": token.pk,
        "name": token.name,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "is_link_token": token.is_link_token,
    }


@router.get("/feed-tokens", response=FeedTokenListOut, summary="My feed tokens")
def feed_token_list(request: ApiRequest) -> dict[str, object]:
    tokens = queries.list_feed_tokens(request.auth)
    return {"items": [_build_token(t) for t in tokens]}


@router.post(
    "/feed-tokens",
    response={201: FeedTokenCreatedOut},
    summary="Create a feed token (the token is answered this once)",
)
def feed_token_create(request: ApiRequest, payload: FeedTokenIn) -> Status:
    with transaction.atomic(durable=True):
        token, raw = check_create_feed_token(request.auth, name=payload.name)

    def url(kind: str, target: str = "", fmt: str = "atom") -> str:
        path = queries.build_feed_path(raw, kind, target, fmt)
        return request.build_absolute_uri(path)

    urls = {
        "home_atom": url("home"),
        "home_rss": url("home", fmt="rss"),
        # Examples: the same token opens any group, hashtag or person feed.
        "group_atom": url("group", "GROUP-SLUG"),
        "tag_atom": url("tag", "HASHTAG"),
        "person_atom": url("person", "HANDLE"),
    }
    return Status(201, {**_build_token(token), "token": raw, "urls": urls})


@router.delete(
    "/feed-tokens/{token_id}", response={204: None}, summary="Revoke a feed token"
)
def feed_token_delete(request: ApiRequest, token_id: int = TokenId) -> HttpResponse:
    with transaction.atomic(durable=True):
        check_revoke_feed_token(request.auth, token_id)
    return HttpResponse(status=204)
