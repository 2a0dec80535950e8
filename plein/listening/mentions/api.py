"""The mentions endpoint of the API (registered in plein/api/main.py).

Reading and correcting is for communications (organisation admins and
moderators); anyone else gets 404, as for an endpoint that does not exist.
Sending a link in (``POST /mentions``) is for every active colleague.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from plein.access.listening import access_mention, access_watch, can_use_listening
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, Text1000, Text2100
from plein.core.errors import NotFound
from plein.listening.mentions.actions import check_correct_sentiment, check_submit_link
from plein.listening.mentions.models import Mention, MentionSubmission
from plein.listening.mentions.queries import list_mentions

MentionId = Path(..., ge=1, le=MAX_ID)

router = Router(tags=["listening"])


class MentionSourceOut(Schema):
    id: int
    name: str


class MentionSubmissionOut(Schema):
    person_id: int
    name: str
    note: str
    via: str = Field(description='"mail", "form" or "api"')
    submitted_at: datetime


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
    sentiment: str = Field(description='"positive", "neutral", "negative" or ""')
    sentiment_computed: str = Field(description="What was computed, before corrections")
    sentiment_words: list[str] = Field(description="The words that decided it")
    sentiment_corrected: bool = Field(description="Whether a person corrected it")
    submissions: list[MentionSubmissionOut] = Field(
        description="The colleagues who sent it in, first first (for "
        "communications only: an account team gets an empty list)"
    )


class SentimentIn(Schema):
    sentiment: str = Field(description='"positive", "neutral" or "negative"')


class LinkIn(Schema):
    url: Text2100 = Field(description="The link (http or https), at most 2000")
    note: Text1000 = Field("", description="For communications, at most 500")
    title: Text1000 = Field(
        "",
        description="The page's title, if known (shortened to 300); without "
        "one Plein looks it up",
    )


class LinkSubmittedOut(Schema):
    url: str = Field(description="The link as taken in (redirect wrappers removed)")
    canonical_url: str
    note: str


class MentionListOut(Schema):
    items: list[MentionOut]
    next_cursor: int | None


def _build_mention(mention: Mention, *, with_senders: bool) -> dict[str, Any]:
    """The mention as the API shows it. Who sent it in, and their note, was
    sent to communications: an account team reading it gets no names."""
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
        "sentiment": mention.sentiment,
        "sentiment_computed": mention.sentiment_computed,
        "sentiment_words": [w for w in mention.sentiment_words.split(", ") if w],
        "sentiment_corrected": mention.sentiment_corrected_by_id is not None
        or mention.sentiment_corrected_at is not None,
        "submissions": [
            {
                "person_id": s.person_id,
                "name": s.person.full_name,
                "note": s.note,
                "via": s.via,
                "submitted_at": s.submitted_at,
            }
            for s in mention.submissions.all()
        ]
        if with_senders
        else [],
    }


@router.get(
    "/mentions",
    response=MentionListOut,
    summary="Mentions found outside, newest first (communications; with "
    "watch=, a client watch's account team too)",
)
def mention_list(
    request: ApiRequest,
    before: int | None = Query(
        None, ge=1, le=MAX_ID, description="next_cursor of the previous page"
    ),
    limit: int = Query(50, ge=1, le=100),
    watch: int | None = Query(
        None,
        ge=1,
        le=MAX_ID,
        description="Only the mentions this watch found (a client watch's "
        "account team may read those)",
    ),
) -> dict[str, Any]:
    mentions = list_mentions(request.auth)
    if watch is not None:
        mentions = mentions.filter(
            watch_matches__watch=access_watch(request.auth, watch)
        )
    elif not can_use_listening(request.auth):
        raise NotFound()
    if before is not None:
        mentions = mentions.filter(pk__lt=before)
    # One row more than asked tells whether another page exists.
    rows = list(mentions[: limit + 1])
    items = rows[:limit]
    return {
        "items": [
            _build_mention(m, with_senders=can_use_listening(request.auth))
            for m in items
        ],
        "next_cursor": items[-1].pk if len(rows) > limit else None,
    }


@router.patch(
    "/mentions/{mention_id}",
    response=MentionOut,
    summary="Correct a mention's sentiment (communications; the correction is kept)",
)
def mention_correct(
    request: ApiRequest, payload: SentimentIn, mention_id: int = MentionId
) -> dict[str, Any]:
    with transaction.atomic(durable=True):
        mention = access_mention(request.auth, mention_id)
        check_correct_sentiment(request.auth, mention, payload.sentiment)
    return _build_mention(
        list_mentions(request.auth).get(pk=mention_id), with_senders=True
    )


@router.post(
    "/mentions",
    response={201: LinkSubmittedOut},
    summary="Send a link in for communications (every colleague)",
)
def mention_submit(request: ApiRequest, payload: LinkIn) -> Status:
    """The link becomes a mention (or a sighting of one) with who sent it."""
    with transaction.atomic(durable=True):
        mention = check_submit_link(
            request.auth,
            url=payload.url,
            note=payload.note,
            title=payload.title,
            via=MentionSubmission.Via.API,
        )
    note = (
        MentionSubmission.objects.filter(mention=mention, person=request.auth)
        .values_list("note", flat=True)
        .first()
    )
    return Status(
        201,
        {
            "url": mention.url,
            "canonical_url": mention.canonical_url,
            "note": note or "",
        },
    )
