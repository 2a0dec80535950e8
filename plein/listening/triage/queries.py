"""Reads for the triage stream and a mention's triage, scoped by plein.access."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, Count, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from plein.access.listening import (
    assignable_people,
    can_be_assigned_mentions,
    can_edit_mention_note,
    visible_mentions,
    visible_sources,
)
from plein.access.posts import visible_posts
from plein.listening.mentions.models import Mention, MentionSighting, Sentiment
from plein.listening.sources.models import Source
from plein.listening.triage.actions import ALLOWED, build_discussion_text
from plein.listening.triage.models import (
    MentionDiscussion,
    MentionNote,
    Triage,
    TriageChange,
    TriageState,
)
from plein.people.models import User
from plein.posts.models import Post


@dataclass(frozen=True)
class TriageFilters:
    """What the stream is narrowed to; empty values mean "all"."""

    state: str = ""
    mine: bool = False
    sentiment: str = ""
    source_id: int | None = None

    @classmethod
    def build(cls, data: Any) -> "TriageFilters":
        """From a query string (unknown values are ignored, not errors)."""
        state = data.get("state", "")
        sentiment = data.get("sentiment", "")
        source = str(data.get("source", "") or "")
        return cls(
            state=state if state in TriageState.values else "",
            mine=data.get("assignee", "") == "mine",
            sentiment=sentiment if sentiment in Sentiment.values else "",
            source_id=int(source) if source.isdigit() and len(source) < 12 else None,
        )


def _state_expression() -> Coalesce:
    # A mention without a triage row is new.
    return Coalesce("triage__state", Value(TriageState.NEW), output_field=CharField())


def _filtered(
    user: Any, filters: TriageFilters, *, by_state: bool
) -> QuerySet[Mention]:
    qs = visible_mentions(user).annotate(triage_state=_state_expression())
    if by_state and filters.state:
        qs = qs.filter(triage_state=filters.state)
    if filters.mine:
        qs = qs.filter(triage__assignee=user)
    if filters.sentiment:
        qs = qs.filter(sentiment=filters.sentiment)
    if filters.source_id is not None:
        qs = qs.filter(
            Q(source_id=filters.source_id) | Q(sightings__source_id=filters.source_id)
        ).distinct()
    return qs


def list_triage(user: Any, filters: TriageFilters) -> QuerySet[Mention]:
    """The mentions of the stream, newest found first, with their triage row
    and assignee (``mention.triage`` may be missing: new) and sources."""
    sightings = MentionSighting.objects.select_related("source").order_by(
        "seen_at", "pk"
    )
    return (
        _filtered(user, filters, by_state=True)
        .select_related("triage__assignee")
        .prefetch_related(Prefetch("sightings", queryset=sightings))
        .order_by("-id")
    )


def count_by_state(user: Any, filters: TriageFilters) -> dict[str, int]:
    """How many mentions each state has, under the other filters."""
    counts = dict.fromkeys(TriageState.values, 0)
    rows = (
        _filtered(user, filters, by_state=False)
        .order_by()
        .values("triage_state")  # type: ignore[misc]  # the annotation above
        .annotate(n=Count("pk", distinct=True))
    )
    for row in rows:
        counts[row["triage_state"]] = row["n"]
    return counts


def list_sources_for_filter(user: Any) -> list[Source]:
    """The sources to filter by (only for those who may read mentions)."""
    return list(visible_sources(user).order_by("name"))


@dataclass
class TriagePanel:
    """Everything the triage part of a mention's page shows."""

    mention: Mention
    state: str
    state_label: str
    assignee: User | None
    assignee_can_act: bool
    changed_by: User | None
    changed_at: Any
    next_states: list[tuple[str, str]]
    history: list[TriageChange]
    notes: list[tuple[MentionNote, bool]]
    discussions: list[Post]
    people: list[User] = field(default_factory=list)


def get_triage_panel(user: Any, mention: Mention) -> TriagePanel:
    """The state, assignee, possible moves, history, notes (with whether
    ``user`` may edit each) and the discussions ``user`` may see.

    A discussion in a group ``user`` cannot read is left out entirely, so
    the page does not say it exists (``visible_posts``).
    """
    triage = (
        Triage.objects.select_related("assignee", "changed_by")
        .filter(pk=mention.pk)
        .first()
    )
    state = triage.state if triage else TriageState.NEW
    assignee = triage.assignee if triage else None
    history = list(
        TriageChange.objects.filter(mention=mention)
        .select_related("changed_by", "from_assignee", "to_assignee")
        .order_by("-changed_at", "-id")
    )
    notes = [
        (note, can_edit_mention_note(user, note))
        for note in MentionNote.objects.filter(mention=mention).select_related("author")
    ]
    post_ids = MentionDiscussion.objects.filter(mention=mention).values("post_id")
    discussions = list(
        visible_posts(user, Post.objects.filter(pk__in=post_ids))
        .select_related("group")
        .order_by("created_at", "pk")
    )
    labels = dict(TriageState.choices)
    return TriagePanel(
        mention=mention,
        state=state,
        state_label=str(labels[state]),
        assignee=assignee,
        assignee_can_act=assignee is not None and can_be_assigned_mentions(assignee),
        changed_by=triage.changed_by if triage else None,
        changed_at=triage.changed_at if triage else None,
        next_states=[
            (s, str(labels[s])) for s in TriageState.values if s in ALLOWED[state]
        ],
        history=history,
        notes=notes,
        discussions=discussions,
        people=list(assignable_people().order_by("full_name")),
    )


def get_discussion_start(mention: Mention) -> dict[str, str]:
    """The discussion form's first title and body for ``mention``."""
    title, body = build_discussion_text(mention)
    return {"title": title, "body": body}
