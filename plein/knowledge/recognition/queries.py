"""Reading recognition: one's own contribution, the leaderboard, marks.

Ring discount (the read-time half of anti-gaming, docs/recognition.md): a
giver → receiver pair is "strong" when the giver rewarded the receiver at
least ``RECOGNITION_RING_THRESHOLD`` times (T) in the period looked at. A
strong pair that is part of a pair (A → B and B → A both strong) or a
triangle (A → B, B → C, C → A all strong) is a ring: of its rewards, only
the first T count; the rest count zero. Rewards outside rings count as
written (already capped per giver when they were written).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from plein.access.people import is_active_person, is_outsider, visible_people
from plein.access.recognition import can_mark_helped
from plein.knowledge.recognition.models import (
    HelpedMark,
    Point,
    RecognitionSettings,
    TargetKind,
)

LEADERBOARD_DAYS = 90
LEADERBOARD_SIZE = 20
LEADERBOARD_CACHE_SECONDS = 300
RECENT_POINTS = 20
RECENT_THANKS = 10


def ring_threshold() -> int:
    return max(1, int(getattr(settings, "RECOGNITION_RING_THRESHOLD", 3)))


def get_settings() -> RecognitionSettings:
    """The organisation's policy; the defaults while no admin saved one."""
    return RecognitionSettings.objects.filter(pk=1).first() or RecognitionSettings(pk=1)


def leaderboard_enabled() -> bool:
    return get_settings().leaderboard_enabled


def _strong_pairs(points: Any) -> set[tuple[int, int]]:
    """(giver, receiver) pairs with at least T rewards among ``points``."""
    return set(
        points.filter(giver__isnull=False)
        .values("giver_id", "person_id")
        .annotate(n=Count("id"))
        .filter(n__gte=ring_threshold())
        .values_list("giver_id", "person_id")
    )


def _rings_among(strong: set[tuple[int, int]]) -> set[tuple[int, int]]:
    gives_to: dict[int, set[int]] = defaultdict(set)
    for giver, receiver in strong:
        gives_to[giver].add(receiver)
    rings = set()
    for giver, receiver in strong:
        # A pair: the receiver rewards the giver back. A triangle: the
        # receiver rewards someone who rewards the giver.
        in_pair = giver in gives_to.get(receiver, ())
        in_triangle = any(
            giver in gives_to.get(third, ()) for third in gives_to[receiver]
        )
        if in_pair or in_triangle:
            rings.add((giver, receiver))
    return rings


def _window(since: datetime | None) -> Any:
    points = Point.objects.all()
    return points if since is None else points.filter(created_at__gte=since)


def ring_edges(since: datetime | None = None) -> set[tuple[int, int]]:
    """The (giver, receiver) pairs in a ring, as the module docstring defines."""
    return _rings_among(_strong_pairs(_window(since)))


def ring_edges_into(
    person_id: int, since: datetime | None = None
) -> set[tuple[int, int]]:
    """The ring pairs whose receiver is ``person_id``: ``ring_edges`` for one.

    Looks only at the edges that can close a pair or triangle through the
    person (three small aggregates instead of the whole ledger).
    """
    window = _window(since)
    incoming = _strong_pairs(window.filter(person_id=person_id))
    if not incoming:
        return set()
    outgoing = _strong_pairs(window.filter(giver_id=person_id))
    givers = {giver for giver, _ in incoming}
    thirds = {receiver for _, receiver in outgoing}
    closing = (
        _strong_pairs(window.filter(giver_id__in=thirds, person_id__in=givers))
        if thirds
        else set()
    )
    rings = _rings_among(incoming | outgoing | closing)
    return {(giver, receiver) for giver, receiver in rings if receiver == person_id}


def counted_values(points: list[Any], rings: set[tuple[int, int]]) -> dict[int, int]:
    """{point id: value that counts}, the rewards beyond T in a ring at zero.

    ``points`` are ``Point`` rows (or objects with the same attributes).
    """
    limit = ring_threshold()
    seen: dict[tuple[int, int], int] = defaultdict(int)
    counted = {}
    for point in sorted(points, key=lambda p: (p.created_at, p.pk)):
        pair = (point.giver_id, point.person_id)
        if pair in rings:
            seen[pair] += 1
            if seen[pair] > limit:
                counted[point.pk] = 0
                continue
        counted[point.pk] = point.value
    return counted


@dataclass
class KindTotal:
    kind: str
    label: str
    points: int
    count: int


@dataclass
class EarnedPoint:
    kind_label: str
    value: int
    counted: int
    giver: Any  # None when the giver is not someone the person may see
    created_at: datetime
    url: str
    target_kind: str
    target_label: str


@dataclass
class Contribution:
    total: int
    recent_total: int  # the leaderboard's window
    by_kind: list[KindTotal]
    recent: list[EarnedPoint] = field(default_factory=list)
    thanks: list[EarnedPoint] = field(default_factory=list)


def _target_urls(points: list[Any]) -> dict[tuple[str, int], str]:
    from plein.posts.models import Comment

    comment_ids = [p.target_id for p in points if p.target_kind == "comment"]
    comment_posts = dict(
        Comment.objects.filter(pk__in=comment_ids).values_list("pk", "post_id")
    )
    urls = {}
    for point in points:
        key = (point.target_kind, point.target_id)
        if point.target_kind == "post":
            urls[key] = reverse("posts:detail", args=[point.target_id])
        elif point.target_kind == "comment" and point.target_id in comment_posts:
            post_url = reverse("posts:detail", args=[comment_posts[point.target_id]])
            urls[key] = f"{post_url}#comment-{point.target_id}"
        elif point.target_kind == "page":
            try:
                urls[key] = reverse("wiki:page", args=[point.target_id])
            except NoReverseMatch:
                urls[key] = ""
        else:
            urls[key] = ""
    return urls


def _earned(
    points: list[Any], counted: dict[int, int], viewer: Any
) -> list[EarnedPoint]:
    urls = _target_urls(points)
    giver_ids = {p.giver_id for p in points if p.giver_id}
    people = {
        person.pk: person
        for person in visible_people(viewer).filter(pk__in=giver_ids, is_active=True)
    }
    target_labels = dict(TargetKind.choices)
    return [
        EarnedPoint(
            kind_label=str(Point.Kind(point.kind).label),
            value=point.value,
            counted=counted.get(point.pk, point.value),
            giver=people.get(point.giver_id),
            created_at=point.created_at,
            url=urls.get((point.target_kind, point.target_id), ""),
            target_kind=point.target_kind,
            target_label=str(target_labels.get(point.target_kind, "")),
        )
        for point in points
    ]


def standing_points(points: Any) -> Any:
    """``points`` without those earned by content that is gone.

    A post, comment or answer that was deleted or is withheld (held for
    review, hidden after reports or by a moderator), or a deleted wiki page,
    earns nothing while it is so; a released item counts again.
    """
    from plein.knowledge.wiki.models import Page
    from plein.posts.models import Comment, Post

    hidden = Q(deleted_at__isnull=False) | Q(withheld_at__isnull=False)
    gone_post = Post.objects.filter(hidden, pk=OuterRef("target_id"))
    gone_comment = Comment.objects.filter(
        hidden | Q(post__deleted_at__isnull=False) | Q(post__withheld_at__isnull=False),
        pk=OuterRef("target_id"),
    )
    gone_page = Page.objects.filter(deleted_at__isnull=False, pk=OuterRef("target_id"))
    return (
        points.exclude(Q(target_kind=TargetKind.POST) & Exists(gone_post))
        .exclude(Q(target_kind=TargetKind.COMMENT) & Exists(gone_comment))
        .exclude(Q(target_kind=TargetKind.PAGE) & Exists(gone_page))
    )


def get_contribution(person: Any) -> Contribution:
    """What ``person`` earned, for their own eyes only (all time and recent).

    Brings the points for their wiki pages' readers up to date first.
    """
    from plein.knowledge.recognition.actions import do_sync_page_reads

    do_sync_page_reads(owner_id=person.pk)
    points = list(standing_points(Point.objects.filter(person_id=person.pk)))
    counted = counted_values(points, ring_edges_into(person.pk))
    since = timezone.now() - timedelta(days=LEADERBOARD_DAYS)
    recent_points = [p for p in points if p.created_at >= since]
    recent_counted = counted_values(recent_points, ring_edges_into(person.pk, since))
    by_kind = []
    for kind in Point.Kind:
        of_kind = [p for p in points if p.kind == kind]
        if of_kind:
            by_kind.append(
                KindTotal(
                    kind=kind.value,
                    label=str(kind.label),
                    points=sum(counted[p.pk] for p in of_kind),
                    count=len(of_kind),
                )
            )
    newest = sorted(points, key=lambda p: (p.created_at, p.pk), reverse=True)
    thanks = [p for p in newest if p.kind == Point.Kind.HELPED][:RECENT_THANKS]
    return Contribution(
        total=sum(counted.values()),
        recent_total=sum(recent_counted.values()),
        by_kind=by_kind,
        recent=_earned(newest[:RECENT_POINTS], counted, person),
        thanks=_earned(thanks, counted, person),
    )


@dataclass
class LeaderboardEntry:
    person: Any
    points: int


def get_leaderboard(
    viewer: Any, *, days: int = LEADERBOARD_DAYS, limit: int = LEADERBOARD_SIZE
) -> list[LeaderboardEntry]:
    """The top contributors of the last ``days`` the viewer may see.

    The caller checks that the leaderboard is on. Deactivated people are
    left out, also for admins. Everyone but external guests sees the same
    people, so their ranking is computed once per ``LEADERBOARD_CACHE_SECONDS``;
    a guest's (their group mates only) is computed each time.
    """
    if not is_active_person(viewer):
        return []
    if is_outsider(viewer):
        ranked = _rank(viewer, days, limit)
    else:
        key = f"recognition:leaderboard:{days}:{limit}"
        ranked = cache.get(key)
        if ranked is None:
            ranked = _rank(viewer, days, limit)
            cache.set(key, ranked, LEADERBOARD_CACHE_SECONDS)
    people = visible_people(viewer).in_bulk([person_id for _, person_id in ranked])
    return [
        LeaderboardEntry(person=people[person_id], points=total)
        for total, person_id in ranked
        if person_id in people and people[person_id].is_active
    ]


def _rank(viewer: Any, days: int, limit: int) -> list[tuple[int, int]]:
    """[(points, person id)], best first, after the ring discount."""
    since = timezone.now() - timedelta(days=days)
    window = standing_points(
        Point.objects.filter(
            created_at__gte=since,
            person__is_active=True,
            person_id__in=visible_people(viewer).values("pk"),
        )
    )
    totals = {
        row["person_id"]: row["total"] or 0
        for row in window.values("person_id").annotate(total=Sum("value"))
    }
    rings = ring_edges(since)
    if rings:
        # Candidates by giver and receiver, the exact pairs kept in Python:
        # an OR of hundreds of pairs would make the database test every
        # row against each.
        ring_points = [
            point
            for point in window.filter(
                giver_id__in={giver for giver, _ in rings},
                person_id__in={receiver for _, receiver in rings},
            )
            if (point.giver_id, point.person_id) in rings
        ]
        counted = counted_values(ring_points, rings)
        for point in ring_points:
            totals[point.person_id] -= point.value - counted[point.pk]
    return sorted(
        ((total, person_id) for person_id, total in totals.items() if total > 0),
        key=lambda pair: (-pair[0], pair[1]),
    )[:limit]


@dataclass
class HelpedState:
    kind: str
    target_id: int
    count: int
    is_marked: bool
    can_mark: bool
    url: str = ""


def get_helped_state(viewer: Any, kind: str, obj: Any) -> HelpedState:
    """The "this helped me" count of a visible item and the viewer's mark.

    One query. The count is shown to everyone who sees the item: it tells
    nothing about the item that its reader does not already see.
    """
    counts = helped_counts(viewer, kind, [obj.pk]).get(obj.pk, (0, False))
    return HelpedState(
        kind=kind,
        target_id=obj.pk,
        count=counts[0],
        is_marked=counts[1],
        can_mark=can_mark_helped(viewer, kind, obj),
    )


def helped_counts(
    viewer: Any, kind: str, target_ids: Any
) -> dict[int, tuple[int, bool]]:
    """{target id: (marks, marked by the viewer)} in one query.

    ``target_ids`` is a list or a subquery of ids; items without marks are
    left out.
    """
    rows = (
        HelpedMark.objects.filter(target_kind=kind, target_id__in=target_ids)
        .values("target_id")
        .annotate(
            count=Count("id"),
            mine=Count("id", filter=Q(giver_id=getattr(viewer, "pk", None) or 0)),
        )
    )
    return {row["target_id"]: (row["count"], row["mine"] > 0) for row in rows}


def build_export(person: Any) -> dict[str, Any]:
    """What recognition stores about ``person``, for their data download.

    Points they earned and the marks they gave; givers by id only, as
    elsewhere in the download.
    """
    return {
        "points": [
            {
                "kind": point.kind,
                "value": point.value,
                "giver_id": point.giver_id,
                "target_kind": point.target_kind,
                "target_id": point.target_id,
                "created_at": point.created_at.isoformat(),
            }
            for point in Point.objects.filter(person_id=person.pk).order_by("pk")
        ],
        "helped_marks_given": [
            {
                "target_kind": mark.target_kind,
                "target_id": mark.target_id,
                "created_at": mark.created_at.isoformat(),
            }
            for mark in HelpedMark.objects.filter(giver_id=person.pk).order_by("pk")
        ],
    }
