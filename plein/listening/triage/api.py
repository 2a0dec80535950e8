"""The triage endpoints of the API (registered in plein/api/main.py).

Communications only (``can_triage_mentions``); anyone else gets 404, as for
an endpoint that does not exist. Errors name the field: ``state``,
``assignee``, ``text``, ``group_id``, ``body``, ``title``,
``required_readers``.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from plein.access.listening import (
    access_mention,
    access_mention_note,
    can_triage_mentions,
)
from plein.api.http import ApiRequest
from plein.api.lookups import access_group_param
from plein.api.schemas import MAX_ID, BodyText, Id, Text20, Text1000, Text2000
from plein.core.errors import NotFound
from plein.listening.mentions.models import Mention
from plein.listening.triage.actions import (
    UNSET,
    build_discussion_text,
    check_add_note,
    check_change_triage,
    check_delete_note,
    check_discuss_mention,
    check_edit_note,
    resolve_assignee,
)
from plein.listening.triage.models import MentionNote
from plein.listening.triage.queries import TriageFilters, get_triage_panel, list_triage
from plein.people.models import User

router = Router(tags=["listening"])

MentionId = Path(..., ge=1, le=MAX_ID)
NoteId = Path(..., ge=1, le=MAX_ID)


class PersonOut(Schema):
    id: int
    name: str


class TriageOut(Schema):
    mention_id: int
    state: str = Field(
        description='"new", "assigned", "needs_response", "responded" or "ignored"'
    )
    assignee: PersonOut | None
    assignee_can_act: bool = Field(
        description="False when the assignee is no longer communications"
    )
    changed_at: datetime | None


class TriageItemOut(Schema):
    id: int
    url: str
    title: str
    excerpt: str
    sentiment: str
    found_at: datetime
    state: str
    assignee: PersonOut | None


class TriageListOut(Schema):
    items: list[TriageItemOut]
    next_cursor: int | None


class TriageIn(Schema):
    state: Text20 | None = Field(None, description="Leave out to keep the state")
    assignee: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="A person's id; null for nobody; leave out to keep",
    )


class NoteOut(Schema):
    id: int
    mention_id: int
    text: str
    author: PersonOut | None
    created_at: datetime
    edited_at: datetime | None
    can_edit: bool


class NoteIn(Schema):
    text: Text2000


class DiscussIn(Schema):
    group_id: Id
    body: BodyText | None = Field(
        None, description="Markdown; leave out for the quote of the mention"
    )
    title: Text1000 | None = Field(None, description="Leave out for the mention's")
    required_readers: list[Id] = Field(
        default=[], max_length=1000, description="People's ids"
    )
    justification: Text1000 = ""


class DiscussOut(Schema):
    post_id: int
    withheld: bool


def _person(user: User | None) -> dict[str, Any] | None:
    return None if user is None else {"id": user.pk, "name": user.full_name}


def _build_triage(user: User, mention: Mention) -> dict[str, Any]:
    panel = get_triage_panel(user, mention)
    return {
        "mention_id": mention.pk,
        "state": panel.state,
        "assignee": _person(panel.assignee),
        "assignee_can_act": panel.assignee_can_act,
        "changed_at": panel.changed_at,
    }


def _build_note(user: User, note: MentionNote) -> dict[str, Any]:
    return {
        "id": note.pk,
        "mention_id": note.mention_id,
        "text": note.text,
        "author": _person(note.author),
        "created_at": note.created_at,
        "edited_at": note.edited_at,
        "can_edit": note.author_id == user.pk,
    }


@router.get(
    "/triage",
    response=TriageListOut,
    summary="The triage stream: mentions by state, newest first (communications)",
)
def triage_list(
    request: ApiRequest,
    state: str = Query("", max_length=20, description="One state, or empty for all"),
    assignee: str = Query(
        "", max_length=20, description='"mine" for those assigned to you'
    ),
    sentiment: str = Query("", max_length=20),
    source: int | None = Query(None, ge=1, le=MAX_ID, description="A source's id"),
    before: int | None = Query(
        None, ge=1, le=MAX_ID, description="next_cursor of the previous page"
    ),
    limit: int = Query(50, ge=1, le=100),
) -> dict[str, Any]:
    if not can_triage_mentions(request.auth):
        raise NotFound()
    filters = TriageFilters.build(
        {"state": state, "assignee": assignee, "sentiment": sentiment, "source": source}
    )
    mentions = list_triage(request.auth, filters)
    if before is not None:
        mentions = mentions.filter(pk__lt=before)
    rows = list(mentions[: limit + 1])
    items = rows[:limit]
    return {
        "items": [
            {
                "id": m.pk,
                "url": m.url,
                "title": m.title,
                "excerpt": m.excerpt,
                "sentiment": m.sentiment,
                "found_at": m.found_at,
                "state": m.triage_state,  # type: ignore[attr-defined]
                "assignee": _person(
                    m.triage.assignee if hasattr(m, "triage") else None
                ),
            }
            for m in items
        ],
        "next_cursor": items[-1].pk if len(rows) > limit else None,
    }


@router.patch(
    "/mentions/{mention_id}/triage",
    response=TriageOut,
    summary="Change a mention's triage state or assignee (communications)",
)
def triage_change(
    request: ApiRequest, payload: TriageIn, mention_id: int = MentionId
) -> dict[str, Any]:
    if not can_triage_mentions(request.auth):
        raise NotFound()
    given = payload.model_fields_set
    with transaction.atomic(durable=True):
        mention = access_mention(request.auth, mention_id)
        check_change_triage(
            request.auth,
            mention,
            state=payload.state if "state" in given else None,
            assignee=resolve_assignee(payload.assignee)
            if "assignee" in given
            else UNSET,
        )
    return _build_triage(request.auth, mention)


@router.get(
    "/mentions/{mention_id}/notes",
    response=list[NoteOut],
    summary="The notes on a mention, oldest first (communications)",
)
def note_list(request: ApiRequest, mention_id: int = MentionId) -> list[dict[str, Any]]:
    if not can_triage_mentions(request.auth):
        raise NotFound()
    mention = access_mention(request.auth, mention_id)
    notes = MentionNote.objects.filter(mention=mention).select_related("author")
    return [_build_note(request.auth, note) for note in notes]


@router.post(
    "/mentions/{mention_id}/notes",
    response={201: NoteOut},
    summary="Write a note on a mention (communications)",
)
def note_add(
    request: ApiRequest, payload: NoteIn, mention_id: int = MentionId
) -> Status:
    if not can_triage_mentions(request.auth):
        raise NotFound()
    with transaction.atomic(durable=True):
        mention = access_mention(request.auth, mention_id)
        note = check_add_note(request.auth, mention, payload.text)
    return Status(201, _build_note(request.auth, note))


@router.patch(
    "/mention-notes/{note_id}",
    response=NoteOut,
    summary="Change one's own note on a mention",
)
def note_edit(request: ApiRequest, payload: NoteIn, note_id: int = NoteId) -> dict:
    with transaction.atomic(durable=True):
        note = access_mention_note(request.auth, note_id, for_edit=True)
        note = check_edit_note(request.auth, note, payload.text)
    return _build_note(request.auth, note)


@router.delete(
    "/mention-notes/{note_id}",
    response={204: None},
    summary="Delete one's own note on a mention",
)
def note_delete(request: ApiRequest, note_id: int = NoteId) -> Status:
    with transaction.atomic(durable=True):
        note = access_mention_note(request.auth, note_id, for_edit=True)
        check_delete_note(request.auth, note)
    return Status(204, None)


@router.post(
    "/mentions/{mention_id}/discuss",
    response={201: DiscussOut},
    summary="Discuss a mention internally: a post in a group (communications)",
)
def mention_discuss(
    request: ApiRequest, payload: DiscussIn, mention_id: int = MentionId
) -> Status:
    """Published like any post; a refusal is recorded by the error handler."""
    if not can_triage_mentions(request.auth):
        raise NotFound()
    with transaction.atomic(durable=True):
        mention = access_mention(request.auth, mention_id)
        group = access_group_param(request.auth, payload.group_id)
        title, body = build_discussion_text(mention)
        post = check_discuss_mention(
            request.auth,
            mention,
            group=group,
            title=title if payload.title is None else payload.title,
            body=body if payload.body is None else payload.body,
            required_readers=list(payload.required_readers),
            justification=payload.justification,
            source="api",
        )
    return Status(201, {"post_id": post.pk, "withheld": post.is_withheld})
