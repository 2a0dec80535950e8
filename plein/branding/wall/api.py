"""The public wall's endpoints (registered in plein/api/main.py).

``GET /wall`` lists what the public page shows (for a signed-in client: the
page itself is the way without a log-in); the author offers or withdraws a
post with ``POST /posts/{post_id}/wall-offer``; communications decide with
``POST /wall/{post_id}/decision``. The wall item's id is its post's id.
Every id passes through ``plein.access.wall`` and every change through the
wall's actions; errors name the field.
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from ninja import Path, Query, Router, Schema
from pydantic import Field

from plein.access.wall import (
    access_wall_item_for_review,
    access_wall_offer,
    is_on_wall,
    is_wall_enabled,
)
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, Text500
from plein.branding.wall import queries
from plein.branding.wall.actions import check_decide_wall_item, check_offer_post
from plein.branding.wall.models import WallItem
from plein.core.errors import NotFound
from plein.posts.models import Post

router = Router(tags=["wall"])

PostId = Path(..., ge=1, le=MAX_ID)


class WallEntryOut(Schema):
    id: int = Field(description="The id of the post (and of its wall item).")
    title: str
    html: str = Field(
        description="The text as the wall shows it: no links into Plein, no images."
    )
    language: str
    author_name: str
    created_at: datetime
    url: str = Field(description="The post's public page.")
    image_urls: list[str]


class WallListOut(Schema):
    items: list[WallEntryOut]
    next_page: int | None = Field(
        description="The page with older posts, if there is one."
    )


class WallOfferIn(Schema):
    offered: bool = Field(
        description="true: the post may be shown outside; false: withdraw it."
    )


class DecisionIn(Schema):
    approve: bool = Field(description="true: approve; false: do not approve.")
    note: Text500 = Field("", description="A note to the author.")


class WallStatusOut(Schema):
    post_id: int
    status: str | None = Field(
        description="offered, approved, rejected, withdrawn; null: never offered."
    )
    is_on_wall: bool = Field(description="Approved and still allowed out now.")
    note: str
    url: str | None = Field(description="The public page while the post is on it.")


def _entry(entry: queries.WallEntry) -> dict[str, Any]:
    return {
        "id": entry.post_id,
        "title": entry.title,
        "html": entry.html,
        "language": entry.language,
        "author_name": entry.author_name,
        "created_at": entry.created_at,
        "url": settings.SITE_URL + entry.url,
        "image_urls": [settings.SITE_URL + url for url in entry.image_urls],
    }


def _status(post: Post, item: WallItem | None) -> dict[str, Any]:
    shown = item is not None and item.is_approved and is_on_wall(post)
    return {
        "post_id": post.pk,
        "status": item.status if item is not None else None,
        "is_on_wall": shown,
        "note": item.note if item is not None else "",
        "url": queries.public_url(post.pk) if shown else None,
    }


@router.get(
    "/wall",
    response=WallListOut,
    summary="What the public wall shows, newest first, a page at a time "
    "(404 while switched off)",
)
def wall_list(
    request: ApiRequest,
    page: int = Query(
        1, ge=1, le=queries.MAX_PAGE_NUMBER, description="1 is the newest posts"
    ),
    limit: int = Query(50, ge=1, le=100),
) -> dict[str, Any]:
    if not is_wall_enabled():
        raise NotFound()
    wall_page = queries.get_wall_page(page, size=limit)
    return {
        "items": [_entry(entry) for entry in wall_page.entries],
        "next_page": wall_page.older_number if wall_page.has_older else None,
    }


@router.post(
    "/posts/{post_id}/wall-offer",
    response=WallStatusOut,
    summary="Offer one's post for the public wall, or withdraw it",
)
def wall_offer(
    request: ApiRequest, payload: WallOfferIn, post_id: int = PostId
) -> dict[str, Any]:
    user = request.auth
    with transaction.atomic(durable=True):
        post = access_wall_offer(user, post_id)
        item = check_offer_post(user, post, offered=payload.offered)
    return _status(post, item)


@router.post(
    "/wall/{post_id}/decision",
    response=WallStatusOut,
    summary="Approve an offered post for the public wall, or not (communications)",
)
def wall_decision(
    request: ApiRequest, payload: DecisionIn, post_id: int = PostId
) -> dict[str, Any]:
    user = request.auth
    with transaction.atomic(durable=True):
        item = access_wall_item_for_review(user, post_id)
        item = check_decide_wall_item(
            user, item, approve=payload.approve, note=payload.note
        )
    return _status(item.post, item)
