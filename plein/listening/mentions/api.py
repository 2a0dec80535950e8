"""The mentions endpoint of the API (registered in plein/api/main.py).

For communications (organisation admins and moderators); anyone else gets
404, as for an endpoint that does not exist.
"""

from datetime import datetime
from typing import Any

from ninja import Query, Router, Schema
from pydantic import Field

from plein.access.listening import can_use_listening
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID
from plein.core.errors import NotFound
from plein.listening.mentions.models import Mention
from plein.listening.mentions.queries import list_mentions

router = Router(tags=["listening"])


class MentionSourceOut(Schema):
    id: int
    name: str


class MentionOut(Schema):
    id: int
    url: str = Field(description="The address as the source gave it")
    canonical_url: str = Field(description="The address mentions are told apart by")
    title: str
    excerpt: str = Field(description="Plain text, at most 1000 characters")
    language: str = Field(description='"nl", "en" or "" (unknown)')
    published_at: datetime | None
    found_at: datetime
    sources: list[MentionSourceOut] = Field(description="Every source that saw it")


class MentionListOut(Schema):
    items: list[MentionOut]
    next_cursor: int | None


def _build_mention(mention: Mention) -> dict[str, Any]:
    return {
        "id": mention.pk,
        "url": mention.url,
        "canonical_url": mention.canonical_url,
        "title": mention.title,
        "excerpt": mention.excerpt,
        "language": mention.language,
        "published_at": mention.published_at,
        "found_at": mention.found_at,
        "sources": [
            {"id": s.source_id, "name": s.source.name} for s in mention.sightings.all()
        ],
    }


@router.get(
    "/mentions",
    response=MentionListOut,
    summary="Mentions found outside, newest first (communications)",
)
def mention_list(
    request: ApiRequest,
    before: int | None = Query(
        None, ge=1, le=MAX_ID, description="next_cursor of the previous page"
    ),
    limit: int = Query(50, ge=1, le=100),
) -> dict[str, Any]:
    if not can_use_listening(request.auth):
        raise NotFound()
    mentions = list_mentions(request.auth)
    if before is not None:
        mentions = mentions.filter(pk__lt=before)
    # One row more than asked tells whether another page exists.
    rows = list(mentions[: limit + 1])
    items = rows[:limit]
    return {
        "items": [_build_mention(m) for m in items],
        "next_cursor": items[-1].pk if len(rows) > limit else None,
    }
