"""Reading the search trail: the topics a person shares with colleagues.

A topic is shown only when at least ``SEARCH_TRAIL_MIN_PEOPLE`` (never
fewer than 3) opted-in people the viewer may see, the viewer included,
searched it recently. "Recently" means a decayed weight of at least
``RECENT_WEIGHT``: one search within one half-life, or several longer ago.
Nothing here tells what anyone typed or when.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from plein.access.groups import visible_groups
from plein.access.people import is_active_person, visible_people
from plein.knowledge.trail.actions import decayed_weight, is_opted_in, max_age_days
from plein.knowledge.trail.models import TrailOptIn, TrailTerm

RECENT_WEIGHT = 0.5
# The viewer's strongest stems that are compared with colleagues'.
MAX_OWN_STEMS = 100
MAX_TOPICS = 20
MAX_PEOPLE_PER_TOPIC = 12
MAX_GROUPS_PER_TOPIC = 3
ABSOLUTE_MIN_PEOPLE = 3


def min_people() -> int:
    """k of k-anonymity: the setting, but never below 3."""
    return max(
        ABSOLUTE_MIN_PEOPLE, int(getattr(settings, "SEARCH_TRAIL_MIN_PEOPLE", 3))
    )


@dataclass
class SharedTopic:
    stem: str
    label: str
    people: list[Any]  # colleagues, without the viewer
    people_count: int  # everyone sharing it, the viewer included
    groups: list[Any] = field(default_factory=list)
    ask_url: str = ""
    group_create_url: str = ""
    score: float = 0.0


@dataclass
class TrailStatus:
    opted_in: bool
    opted_in_at: Any
    term_count: int


def get_trail_status(user: Any) -> TrailStatus:
    opt_in = TrailOptIn.objects.filter(person_id=user.pk).first()
    return TrailStatus(
        opted_in=opt_in is not None,
        opted_in_at=opt_in.opted_in_at if opt_in else None,
        term_count=TrailTerm.objects.filter(person_id=user.pk).count() if opt_in else 0,
    )


def list_own_words(user: Any) -> list[str]:
    """The words of one's own trail, for one's own eyes, alphabetically."""
    return sorted(
        TrailTerm.objects.filter(person_id=user.pk).values_list("surface", flat=True)
    )


def _label(surfaces: list[str], stem: str) -> str:
    """A readable word for a topic that is no single person's own word.

    The most common word form among the people sharing the topic, when at
    least two of them used it; otherwise the stem itself.
    """
    counts = Counter(surfaces).most_common()
    if counts and counts[0][1] >= 2:
        best = max(count for _, count in counts)
        return min(word for word, count in counts if count == best)
    return stem


def _url(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def list_shared_topics(viewer: Any, *, limit: int = MAX_TOPICS) -> list[SharedTopic]:
    """The topics ``viewer`` shares with at least k-1 visible colleagues.

    Empty for people who did not opt in. Only opted-in, active people the
    viewer may see (``plein.access.people.visible_people``) count, both for
    the threshold and in the list; people who opt out or are deactivated
    drop out at once, as their rows are gone or filtered here.
    """
    if not is_active_person(viewer) or not is_opted_in(viewer):
        return []
    now = timezone.now()
    cutoff = now - timedelta(days=max_age_days())
    own = {
        term.stem: term
        for term in TrailTerm.objects.filter(
            person_id=viewer.pk, last_seen_at__gte=cutoff
        )
        if decayed_weight(term.weight, term.last_seen_at, now) >= RECENT_WEIGHT
    }
    if not own:
        return []
    stems = sorted(
        own,
        key=lambda s: -decayed_weight(own[s].weight, own[s].last_seen_at, now),
    )[:MAX_OWN_STEMS]
    # Plain tuples: a popular topic may be shared by hundreds of people.
    others = (
        TrailTerm.objects.filter(
            stem__in=stems,
            last_seen_at__gte=cutoff,
            person__is_active=True,
            person_id__in=TrailOptIn.objects.values("person_id"),
        )
        .filter(person_id__in=visible_people(viewer).values("pk"))
        .exclude(person_id=viewer.pk)
        .values_list("stem", "person_id", "surface", "weight", "last_seen_at")
    )
    by_stem: dict[str, list[tuple[float, int, str]]] = {}
    for word_stem, person_id, surface, weight, last_seen_at in others:
        weight = decayed_weight(weight, last_seen_at, now)
        if weight >= RECENT_WEIGHT:
            by_stem.setdefault(word_stem, []).append((weight, person_id, surface))
    k = min_people()
    topics = []
    for word_stem, shared in by_stem.items():
        if len(shared) + 1 < k:
            continue
        mine = own[word_stem]
        shared.sort(key=lambda row: (-row[0], row[1]))
        topic = SharedTopic(
            stem=word_stem,
            label=_label([mine.surface] + [row[2] for row in shared], word_stem),
            people=[row[1] for row in shared[:MAX_PEOPLE_PER_TOPIC]],  # ids for now
            people_count=len(shared) + 1,
            score=sum(row[0] for row in shared)
            + decayed_weight(mine.weight, mine.last_seen_at, now),
        )
        topics.append(topic)
    topics.sort(key=lambda topic: (-topic.people_count, -topic.score, topic.label))
    topics = topics[:limit]
    people = (
        visible_people(viewer)
        .only("pk", "handle", "full_name", "email", "photo")
        .in_bulk({person_id for topic in topics for person_id in topic.people})
    )
    for topic in topics:
        topic.people = [people[pk] for pk in topic.people if pk in people]
    ask = _url("qna:ask", "/questions/ask/")
    create = _url("groups:create", "/groups/new/")
    # Visible groups whose name holds a topic's label, in one query.
    matching = Q(pk__in=[])
    for topic in topics:
        matching |= Q(name__icontains=topic.label)
    groups = (
        list(visible_groups(viewer).filter(matching).order_by("name")) if topics else []
    )
    for topic in topics:
        topic.ask_url = f"{ask}?{urlencode({'title': topic.label})}"
        topic.group_create_url = f"{create}?{urlencode({'name': topic.label})}"
        topic.groups = [
            group for group in groups if topic.label.lower() in group.name.lower()
        ][:MAX_GROUPS_PER_TOPIC]
    return topics


def build_export(person: Any) -> dict[str, Any]:
    """Everything the search trail stores about ``person``, for their data download."""
    opt_in = TrailOptIn.objects.filter(person_id=person.pk).first()
    return {
        "opted_in_at": opt_in.opted_in_at.isoformat() if opt_in else None,
        "terms": [
            {
                "stem": term.stem,
                "word": term.surface,
                "weight": round(term.weight, 4),
                "last_seen_at": term.last_seen_at.isoformat(),
            }
            for term in TrailTerm.objects.filter(person_id=person.pk).order_by("stem")
        ],
    }
