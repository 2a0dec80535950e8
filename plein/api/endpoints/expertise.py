"""The expertise finder: who knows about a topic, one's inferred topics, endorsements.

``GET /api/v1/expertise?q=`` ranks the colleagues the caller may see by
the evidence the caller may see, with translated reasons. Inferred
evidence counts only for topics its person confirmed (``/me/topics``).
"""

from datetime import datetime
from typing import Literal

from django.db import transaction
from ninja import Path, Query, Router, Schema
from pydantic import Field

from plein.access.people import access_person
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, Id, PersonRef, Text80, Text200
from plein.api.serializers import build_person_ref
from plein.core.errors import NotFound
from plein.knowledge.expertise import queries
from plein.knowledge.expertise.actions import (
    check_decide_topic,
    check_endorse,
    check_set_question_offers,
    check_unendorse,
)

router = Router(tags=["expertise"])
TopicText = Text80
ExpertQuery = Text200
EXPERT_QUERY = Query(..., description="A topic: words or #hashtags, Dutch or English")


class ReasonOut(Schema):
    kind: str = Field(
        description="skill, endorsement, answer, wiki_written, wiki_verified or post"
    )
    text: str = Field(description="A translated sentence.")
    url: str = Field(description="Where to look; empty when there is no page.")


class ExpertOut(Schema):
    person: PersonRef
    job_title: str
    score: float
    reasons: list[ReasonOut]


class ExpertListOut(Schema):
    items: list[ExpertOut]


class TopicOut(Schema):
    topic: str
    is_hashtag: bool
    state: str = Field(description='"confirmed", "hidden" or "" (not decided yet)')
    counts: dict[str, int] = Field(description="Pieces of evidence per kind.")
    last_at: datetime | None
    reasons: list[str]


class TopicListOut(Schema):
    items: list[TopicOut]


class TopicDecisionIn(Schema):
    topic: TopicText
    state: Literal["confirmed", "hidden"]


class ExpertiseSettingsOut(Schema):
    question_offers: bool = Field(
        description="Whether unanswered questions in one's areas of expertise "
        "may be offered to one (off by default)."
    )
    question_offers_since: datetime | None


class ExpertiseSettingsIn(Schema):
    question_offers: bool


class EndorseIn(Schema):
    skill_id: Id


class SkillEndorsementOut(Schema):
    skill_id: int
    name: str
    count: int
    endorsed_by_me: bool


class SkillEndorsementListOut(Schema):
    items: list[SkillEndorsementOut]


def _topic(topic: queries.InferredTopic) -> dict:
    return {
        "topic": topic.topic,
        "is_hashtag": topic.is_hashtag,
        "state": topic.state,
        "counts": topic.counts,
        "last_at": topic.last_at,
        "reasons": topic.reasons,
    }


@router.get("", response=ExpertListOut, summary="Who knows about a topic")
def expert_list(
    request: ApiRequest,
    q: ExpertQuery = EXPERT_QUERY,
    limit: int = Query(10, ge=1, le=queries.MAX_LIMIT),
) -> dict:
    experts = queries.find_experts(request.auth, q, limit=limit)
    return {
        "items": [
            {
                "person": build_person_ref(expert.person),
                "job_title": expert.person.job_title,
                "score": expert.score,
                "reasons": [
                    {"kind": r.kind, "text": r.text, "url": r.url}
                    for r in expert.evidence
                ],
            }
            for expert in experts
        ]
    }


@router.get("/me/topics", response=TopicListOut, summary="My inferred topics")
def topic_list(request: ApiRequest) -> dict:
    """What Plein inferred from the caller's work, with their decision on each."""
    topics = queries.list_inferred_topics(request.auth)
    return {"items": [_topic(t) for t in topics]}


@router.post("/me/topics", response=TopicOut, summary="Show or hide an inferred topic")
def topic_decide(request: ApiRequest, payload: TopicDecisionIn) -> dict:
    """``confirmed`` shows the topic to colleagues, ``hidden`` keeps it from them.

    A topic Plein did not infer for the caller answers 400 (``field``: topic).
    """
    user = request.auth
    with transaction.atomic(durable=True):
        consent = check_decide_topic(user, payload.topic, payload.state)
    topic = queries.get_inferred_topic(user, consent.topic)
    if topic is None:  # pragma: no cover - the action checked it exists
        raise NotFound()
    return _topic(topic)


def _settings(request: ApiRequest) -> dict:
    since = queries.get_question_offer_opt_in(request.auth)
    return {"question_offers": since is not None, "question_offers_since": since}


@router.get(
    "/me/settings", response=ExpertiseSettingsOut, summary="My expertise settings"
)
def settings_get(request: ApiRequest) -> dict:
    return _settings(request)


@router.put(
    "/me/settings",
    response=ExpertiseSettingsOut,
    summary="Opt in to or out of offered questions",
)
def settings_set(request: ApiRequest, payload: ExpertiseSettingsIn) -> dict:
    """``question_offers``: offer me questions in my areas nobody answered."""
    with transaction.atomic(durable=True):
        check_set_question_offers(request.auth, opted_in=payload.question_offers)
    return _settings(request)


def _endorsements(request: ApiRequest, person_id: int) -> dict:
    user = request.auth
    person = access_person(user, person_id=person_id)
    return {
        "items": [
            {
                "skill_id": s.skill_id,
                "name": s.name,
                "count": s.count,
                "endorsed_by_me": s.endorsed_by_viewer,
            }
            for s in queries.list_skill_endorsements(user, person)
        ]
    }


@router.get(
    "/people/{person_id}/endorsements",
    response=SkillEndorsementListOut,
    summary="A person's skills and endorsements",
)
def endorsement_list(
    request: ApiRequest, person_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict:
    return _endorsements(request, person_id)


@router.post(
    "/people/{person_id}/endorsements",
    response=SkillEndorsementListOut,
    summary="Endorse a skill",
)
def endorsement_create(
    request: ApiRequest,
    payload: EndorseIn,
    person_id: int = Path(..., ge=1, le=MAX_ID),
) -> dict:
    """Endorse one of the skills the person lists; 403 for one's own skills."""
    user = request.auth
    person = access_person(user, person_id=person_id)
    with transaction.atomic(durable=True):
        check_endorse(user, person, payload.skill_id)
    return _endorsements(request, person_id)


@router.delete(
    "/people/{person_id}/endorsements/{skill_id}",
    response=SkillEndorsementListOut,
    summary="Withdraw an endorsement",
)
def endorsement_delete(
    request: ApiRequest,
    person_id: int = Path(..., ge=1, le=MAX_ID),
    skill_id: int = Path(..., ge=1, le=MAX_ID),
) -> dict:
    """404 when the caller had not endorsed that skill."""
    user = request.auth
    person = access_person(user, person_id=person_id)
    with transaction.atomic(durable=True):
        if not check_unendorse(user, person, skill_id):
            raise NotFound()
    return _endorsements(request, person_id)
