"""The search trail: one's own opt-in, deleting one's trail, shared topics.

Only stems of search words are stored, and only for people who opted in;
shared topics appear when at least ``SEARCH_TRAIL_MIN_PEOPLE`` (never fewer
than 3) opted-in colleagues searched them recently (docs/trail.md).
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from ninja import Router, Schema
from pydantic import Field

from plein.api.http import ApiRequest
from plein.api.schemas import GroupRef, PersonRef
from plein.api.serializers import build_group_ref, build_person_ref
from plein.knowledge.trail.actions import check_set_opt_in, do_delete_trail
from plein.knowledge.trail.queries import (
    get_trail_status,
    list_shared_topics,
    min_people,
)

router = Router(tags=["trail"])


class TrailOut(Schema):
    opted_in: bool
    opted_in_at: datetime | None
    term_count: int = Field(description="How many stemmed words the trail holds.")
    min_people: int = Field(description="People needed before a topic is shown.")


class TrailIn(Schema):
    opted_in: bool = Field(
        description="false deletes the stored trail at once, with the opt-in."
    )


class SharedTopicOut(Schema):
    label: str = Field(description="A readable word for the topic.")
    people_count: int = Field(description="Opted-in people sharing it, you included.")
    people: list[PersonRef]
    groups: list[GroupRef] = Field(description="Groups you can see with this name.")
    ask_url: str
    group_create_url: str


def _status(user: Any) -> dict[str, Any]:
    status = get_trail_status(user)
    return {
        "opted_in": status.opted_in,
        "opted_in_at": status.opted_in_at,
        "term_count": status.term_count,
        "min_people": min_people(),
    }


@router.get("", response=TrailOut, summary="Your search-trail setting")
def trail_get(request: ApiRequest) -> dict:
    return _status(request.user)


@router.put("", response=TrailOut, summary="Opt in to or out of the search trail")
def trail_set(request: ApiRequest, payload: TrailIn) -> dict:
    with transaction.atomic(durable=True):
        check_set_opt_in(request.user, opted_in=payload.opted_in)
    return _status(request.user)


@router.delete("", response=TrailOut, summary="Delete your stored search trail")
def trail_delete(request: ApiRequest) -> dict:
    """Delete every stored word; the opt-in itself stays as it is."""
    with transaction.atomic(durable=True):
        do_delete_trail(request.user)
    return _status(request.user)


@router.get(
    "/shared",
    response=list[SharedTopicOut],
    summary="Topics you searched for together with colleagues",
)
def trail_shared(request: ApiRequest) -> list:
    return [
        {
            "label": topic.label,
            "people_count": topic.people_count,
            "people": [build_person_ref(p) for p in topic.people],
            "groups": [build_group_ref(g) for g in topic.groups],
            "ask_url": topic.ask_url,
            "group_create_url": topic.group_create_url,
        }
        for topic in list_shared_topics(request.user)
    ]
