"""The nightly rollup: one day's figures per scope, computed from scratch.

``do_rollup_day(day)`` recomputes a day wholly: it first settles the day's
person-level activity from the content (who posted, commented or reacted,
and where), then writes one ``Rollup`` row for the organisation, one per
reporting unit and one per group of at least INSIGHTS_MIN_GROUP members,
replacing whatever the day had. Running it twice gives the same rows.

Reporting units are departments merged upward (a small department into its
parent, a small top-level one into "other departments", and while those are
still too few the smallest unit joins them; ``plein.engagement.surveys``
decides this, see its units.py), so every unit stands for at least the
minimum and the organisation is exactly the sum of its units: nothing can
be found by subtracting one breakdown from another.

Figures count the organisation's people (not external guests) for the
organisation and its units, and everyone in a group for the group. See
docs/insights.md for what each figure counts.
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max, Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from plein.access.roles import OUTSIDER_ROLES
from plein.engagement.events.models import Rsvp
from plein.engagement.kudos.models import Kudos
from plein.engagement.polls.models import PollVoter
from plein.engagement.surveys.units import department_key, merge_units
from plein.groups.models import Group, Membership
from plein.insights.activity import day_start, org_day
from plein.insights.models import ActivityDay, Rollup, Scope
from plein.knowledge.qna.models import QUESTION, Question
from plein.knowledge.wiki.models import Page
from plein.people.models import Department, User
from plein.posts.models import Comment, Post, Reaction

logger = logging.getLogger(__name__)

WINDOWS = (1, 7, 30)
# The last days are computed again each night: answers that came late,
# content deleted since, "unanswered after 24 hours" that could not be
# known yet.
RECOMPUTE_DAYS = 8
DAY_MINUTES = 24 * 60
# The figures each scope's row holds (zero when nothing happened).
COUNTED = (
    "posts",
    "comments",
    "reactions",
    "interactions",
    "cross_interactions",
    "questions",
    "questions_unanswered_24h",
    "posts_answerable",
    "posts_uncommented_24h",
    "kudos",
    "poll_votes",
    "rsvps",
)
PEOPLE = tuple(
    f"{who}_{window}d" for who in ("readers", "posters") for window in (1, 7, 30)
)
METRICS: dict[str, tuple[str, ...]] = {
    Scope.ORGANISATION: (*PEOPLE, *COUNTED, "unanswered_questions", "stale_pages"),
    Scope.UNIT: (*PEOPLE, *COUNTED),
    Scope.GROUP: (
        *COUNTED,
        "active_members_30d",
        "lurkers_30d",
        "unanswered_questions",
        "stale_pages",
    ),
}


def min_group() -> int:
    """The fewest people a figure may stand for: the setting, never below 5."""
    return max(5, int(getattr(settings, "INSIGHTS_MIN_GROUP", 5)))


def activity_days_kept() -> int:
    """How long person-level activity is kept: at least the 30-day window."""
    return max(
        30 + RECOMPUTE_DAYS, int(getattr(settings, "INSIGHTS_ACTIVITY_DAYS", 60))
    )


def catch_up_days() -> int:
    """How far back a first run (or one after a long pause) computes."""
    return max(1, int(getattr(settings, "INSIGHTS_CATCH_UP_DAYS", 35)))


@dataclass
class _Tally:
    figures: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    samples: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))


class _Day:
    """Everything one day's rollup collects, keyed by (scope, key)."""

    def __init__(self, day: datetime.date) -> None:
        self.day = day
        self.start = day_start(day)
        self.end = day_start(day + datetime.timedelta(days=1))
        self.tallies: dict[tuple[str, str], _Tally] = defaultdict(_Tally)
        self.person_unit: dict[int, str] = {}
        self.group_ids: set[int] = set()

    def scopes(
        self, person_id: int | None, group_id: int | None
    ) -> list[tuple[str, str]]:
        """Where an item by ``person_id`` in ``group_id`` counts."""
        out: list[tuple[str, str]] = []
        unit = self.person_unit.get(person_id or 0)
        if unit is not None:
            out += [(Scope.ORGANISATION, ""), (Scope.UNIT, unit)]
        if group_id is not None and group_id in self.group_ids:
            out.append((Scope.GROUP, str(group_id)))
        return out

    def add(
        self, person_id: int | None, group_id: int | None, metric: str, value: float = 1
    ) -> None:
        for scope in self.scopes(person_id, group_id):
            self.tallies[scope].figures[metric] += value

    def sample(
        self, person_id: int | None, group_id: int | None, name: str, value: int
    ) -> None:
        for scope in self.scopes(person_id, group_id):
            self.tallies[scope].samples[name].append(value)


def _population(end: datetime.datetime) -> dict[int, int | None]:
    """The organisation's people on the day ending at ``end``: id → department."""
    here = (
        User.objects.filter(date_joined__lt=end)
        .exclude(role__in=OUTSIDER_ROLES)
        .filter(
            Q(is_active=True, deactivated_at__isnull=True) | Q(deactivated_at__gte=end)
        )
    )
    return dict(here.values_list("pk", "department_id"))


def _units(
    population: dict[int, int | None],
) -> tuple[dict[int, str], dict[str, list[int]]]:
    """Each person's reporting unit, and the departments each unit stands for."""
    counts: dict[str, int] = defaultdict(int)
    for department_id in population.values():
        counts[department_key(department_id)] += 1
    parent_of: dict[str, str | None] = {
        department_key(pk): (department_key(parent) if parent else None)
        for pk, parent in Department.objects.values_list("pk", "parent_id")
    }
    unit_of = merge_units(counts, parent_of, min_group())
    if not unit_of:
        return {}, {}
    departments: dict[str, list[int]] = defaultdict(list)
    for key, unit in unit_of.items():
        if key.startswith("d"):
            departments[unit].append(int(key[1:]))
    person_unit = {
        person_id: unit_of[department_key(department_id)]
        for person_id, department_id in population.items()
    }
    return person_unit, {unit: sorted(ids) for unit, ids in departments.items()}


def do_settle_activity(day: datetime.date) -> int:
    """Recompute who posted, commented or reacted on ``day``, and where.

    Rewrites ``has_posted``, ``has_reacted`` and ``group_ids`` of the day's
    ``ActivityDay`` rows from the content (deleted content does not count)
    and adds rows for people who wrote but did not read. Returns the number
    of people who took part. Runs in the caller's transaction.
    """
    start, end = day_start(day), day_start(day + datetime.timedelta(days=1))
    posted: dict[int, set[int]] = defaultdict(set)
    reacted: dict[int, set[int]] = defaultdict(set)
    when = {"created_at__gte": start, "created_at__lt": end}
    for author_id, group_id in Post.objects.filter(
        deleted_at__isnull=True, **when
    ).values_list("author_id", "group_id"):
        groups = posted[author_id]
        if group_id is not None:
            groups.add(group_id)
    for author_id, group_id in Comment.objects.filter(
        deleted_at__isnull=True, **when
    ).values_list("author_id", "post__group_id"):
        groups = posted[author_id]
        if group_id is not None:
            groups.add(group_id)
    for user_id, group_id in (
        Reaction.objects.filter(**when)
        .annotate(where=Coalesce("post__group_id", "comment__post__group_id"))
        .values_list("user_id", "where")
    ):
        groups = reacted[user_id]
        if group_id is not None:
            groups.add(group_id)
    rows = {row.person_id: row for row in ActivityDay.objects.filter(day=day)}
    changed: list[ActivityDay] = []
    new: list[ActivityDay] = []
    empty: list[int] = []
    for person_id in set(rows) | set(posted) | set(reacted):
        has_posted = person_id in posted
        has_reacted = person_id in reacted
        group_ids = sorted(posted.get(person_id, set()) | reacted.get(person_id, set()))
        row = rows.get(person_id)
        if row is None:
            new.append(
                ActivityDay(
                    person_id=person_id,
                    day=day,
                    has_posted=has_posted,
                    has_reacted=has_reacted,
                    group_ids=group_ids,
                )
            )
        elif not (row.has_read or has_posted or has_reacted):
            empty.append(row.pk)
        elif (row.has_posted, row.has_reacted, row.group_ids) != (
            has_posted,
            has_reacted,
            group_ids,
        ):
            row.has_posted, row.has_reacted, row.group_ids = (
                has_posted,
                has_reacted,
                group_ids,
            )
            changed.append(row)
    ActivityDay.objects.filter(pk__in=empty).delete()
    ActivityDay.objects.bulk_update(
        changed, ["has_posted", "has_reacted", "group_ids"], batch_size=500
    )
    ActivityDay.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    return len(set(posted) | set(reacted))


def _first_answers(
    post_ids: Iterable[int], before: datetime.datetime | None = None
) -> dict[int, datetime.datetime]:
    """The first comment by someone else than the author, per post."""
    comments = Comment.objects.filter(
        post_id__in=list(post_ids), deleted_at__isnull=True, withheld_at__isnull=True
    ).exclude(author_id=F("post__author_id"))
    if before is not None:
        comments = comments.filter(created_at__lt=before)
    return dict(
        comments.values("post_id")
        .annotate(first=Min("created_at"))
        .values_list("post_id", "first")
    )


def _activity(d: _Day, population: dict[int, int | None]) -> None:
    """Readers and posters over 1, 7 and 30 days; groups' active members and lurkers."""
    since = d.day - datetime.timedelta(days=max(WINDOWS) - 1)
    rows = ActivityDay.objects.filter(day__gte=since, day__lte=d.day).values_list(
        "person_id", "day", "has_read", "has_posted", "has_reacted", "group_ids"
    )
    last_read: dict[int, datetime.date] = {}
    last_post: dict[int, datetime.date] = {}
    read_30: set[int] = set()
    active_in: dict[int, set[int]] = defaultdict(set)
    for person_id, day, has_read, has_posted, _has_reacted, group_ids in rows:
        # The most recent day of each, to place the person in the windows.
        if has_read:
            read_30.add(person_id)
            if last_read.get(person_id, datetime.date.min) < day:
                last_read[person_id] = day
        if has_posted and last_post.get(person_id, datetime.date.min) < day:
            last_post[person_id] = day
        for group_id in group_ids or ():
            active_in[group_id].add(person_id)
    for window in WINDOWS:
        edge = d.day - datetime.timedelta(days=window - 1)
        for person_id, last in last_read.items():
            if last >= edge and person_id in population:
                d.add(person_id, None, f"readers_{window}d")
        for person_id, last in last_post.items():
            if last >= edge and person_id in population:
                d.add(person_id, None, f"posters_{window}d")
    members: dict[int, set[int]] = defaultdict(set)
    for group_id, user_id in Membership.objects.filter(
        created_at__lt=d.end, user__is_active=True
    ).values_list("group_id", "user_id"):
        members[group_id].add(user_id)
    for group_id in d.group_ids:
        here = members.get(group_id, set())
        active = here & active_in.get(group_id, set())
        tally = d.tallies[Scope.GROUP, str(group_id)].figures
        tally["active_members_30d"] = len(active)
        tally["lurkers_30d"] = len((here & read_30) - active)


def _content(d: _Day) -> None:
    """Posts, comments, reactions, and how many interactions crossed departments."""
    when = {"created_at__gte": d.start, "created_at__lt": d.end}
    department = dict(
        User.objects.filter(department__isnull=False).values_list("pk", "department_id")
    )

    def interaction(actor_id: int, author_id: int | None, group_id: int | None) -> None:
        if author_id is None or actor_id == author_id:
            return
        mine, theirs = department.get(actor_id), department.get(author_id)
        if mine is None or theirs is None:
            return
        d.add(actor_id, group_id, "interactions")
        if mine != theirs:
            d.add(actor_id, group_id, "cross_interactions")

    for author_id, group_id in Post.objects.filter(
        deleted_at__isnull=True, **when
    ).values_list("author_id", "group_id"):
        d.add(author_id, group_id, "posts")
    for author_id, post_author_id, group_id in Comment.objects.filter(
        deleted_at__isnull=True, **when
    ).values_list("author_id", "post__author_id", "post__group_id"):
        d.add(author_id, group_id, "comments")
        interaction(author_id, post_author_id, group_id)
    for user_id, target_author_id, group_id in (
        Reaction.objects.filter(**when)
        .annotate(
            target_author=Coalesce("post__author_id", "comment__author_id"),
            where=Coalesce("post__group_id", "comment__post__group_id"),
        )
        .values_list("user_id", "target_author", "where")
    ):
        d.add(user_id, group_id, "reactions")
        interaction(user_id, target_author_id, group_id)


def _responsiveness(d: _Day) -> None:
    """Time to a first answer (questions) or comment (other posts) of the day's posts."""
    posts = list(
        Post.objects.filter(
            created_at__gte=d.start,
            created_at__lt=d.end,
            deleted_at__isnull=True,
            withheld_at__isnull=True,
        ).values_list("pk", "author_id", "group_id", "kind", "created_at")
    )
    first = _first_answers(pk for pk, *_rest in posts)
    for pk, author_id, group_id, kind, created_at in posts:
        is_question = kind == QUESTION
        counted = "questions" if is_question else "posts_answerable"
        late = "questions_unanswered_24h" if is_question else "posts_uncommented_24h"
        samples = "answer_minutes" if is_question else "comment_minutes"
        d.add(author_id, group_id, counted)
        answered_at = first.get(pk)
        if answered_at is None:
            d.add(author_id, group_id, late)
            continue
        minutes = int((answered_at - created_at).total_seconds() // 60)
        if minutes >= DAY_MINUTES:
            d.add(author_id, group_id, late)
        d.sample(author_id, group_id, samples, max(minutes, 0))


def _engagement(d: _Day) -> None:
    """Kudos given, votes in the day's polls, answers to events."""
    for giver_id, group_id in Kudos.objects.filter(
        created_at__gte=d.start, created_at__lt=d.end
    ).values_list("giver_id", "post__group_id"):
        d.add(giver_id, group_id, "kudos")
    # A vote carries no time (by design): votes count on the poll's day.
    for voter_id, group_id in PollVoter.objects.filter(
        poll__post__created_at__gte=d.start,
        poll__post__created_at__lt=d.end,
        poll__post__deleted_at__isnull=True,
    ).values_list("voter_id", "poll__post__group_id"):
        d.add(voter_id, group_id, "poll_votes")
    for user_id, group_id in Rsvp.objects.filter(
        answered_at__gte=d.start, answered_at__lt=d.end
    ).values_list("user_id", "event__post__group_id"):
        d.add(user_id, group_id, "rsvps")


def _snapshots(d: _Day) -> None:
    """Open questions without an answer, and stale wiki pages, at the day's end."""
    questions = list(
        Question.objects.filter(
            post__created_at__lt=d.end,
            post__deleted_at__isnull=True,
            post__withheld_at__isnull=True,
        ).values_list("post_id", "post__group_id")
    )
    answered = _first_answers((pk for pk, _g in questions), before=d.end)
    org = d.tallies[Scope.ORGANISATION, ""].figures
    org["unanswered_questions"] = 0
    for pk, group_id in questions:
        if pk in answered:
            continue
        org["unanswered_questions"] += 1
        if group_id in d.group_ids:
            d.tallies[Scope.GROUP, str(group_id)].figures["unanswered_questions"] += 1
    cutoff = d.end - datetime.timedelta(days=settings.WIKI_STALE_AFTER_DAYS)
    org["stale_pages"] = 0
    for (group_id,) in Page.objects.filter(
        Q(last_verified_at__isnull=True) | Q(last_verified_at__lt=cutoff),
        deleted_at__isnull=True,
        created_at__lt=d.end,
    ).values_list("group_id"):
        org["stale_pages"] += 1
        if group_id in d.group_ids:
            d.tallies[Scope.GROUP, str(group_id)].figures["stale_pages"] += 1


def do_rollup_day(day: datetime.date) -> int:
    """Compute ``day`` wholly and replace its rollup rows; return how many.

    Idempotent: the day's rows are deleted and written again in one
    transaction, from the content and the activity rows, so a second run
    (or one after a crash) leaves the same figures.
    """
    d = _Day(day)
    with transaction.atomic():
        do_settle_activity(day)
        population = _population(d.end)
        d.person_unit, unit_departments = _units(population)
        k = min_group()
        group_sizes: dict[int, int] = defaultdict(int)
        for (group_id,) in Membership.objects.filter(
            created_at__lt=d.end, user__is_active=True
        ).values_list("group_id"):
            group_sizes[group_id] += 1
        d.group_ids = {
            pk
            for pk in Group.objects.filter(created_at__lt=d.end).values_list(
                "pk", flat=True
            )
            if group_sizes.get(pk, 0) >= k
        }
        # Every scope has a row, even on a quiet day.
        if d.person_unit:
            d.tallies[Scope.ORGANISATION, ""]
            for unit in set(d.person_unit.values()):
                d.tallies[Scope.UNIT, unit]
        for group_id in d.group_ids:
            d.tallies[Scope.GROUP, str(group_id)]
        _activity(d, population)
        _content(d)
        _responsiveness(d)
        _engagement(d)
        _snapshots(d)
        unit_sizes: dict[str, int] = defaultdict(int)
        for unit in d.person_unit.values():
            unit_sizes[unit] += 1
        now = timezone.now()
        rows = []
        for (scope, key), tally in d.tallies.items():
            if scope == Scope.ORGANISATION:
                population_size = len(population)
            elif scope == Scope.UNIT:
                population_size = unit_sizes[key]
            else:
                population_size = group_sizes[int(key)]
            if population_size < k:
                continue  # never written, so never shown
            rows.append(
                Rollup(
                    day=day,
                    scope=scope,
                    key=key,
                    population=population_size,
                    figures={
                        name: tally.figures.get(name, 0) for name in METRICS[scope]
                    },
                    samples={
                        name: sorted(values)
                        for name, values in sorted(tally.samples.items())
                    },
                    departments=unit_departments.get(key, [])
                    if scope == Scope.UNIT
                    else [],
                    computed_at=now,
                )
            )
        Rollup.objects.filter(day=day).delete()
        Rollup.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def days_due(today: datetime.date | None = None) -> list[datetime.date]:
    """The days the next run computes: those missed, and the last few again.

    Up to yesterday; after a pause, back to the last computed day (but no
    further than INSIGHTS_CATCH_UP_DAYS).
    """
    today = today or org_day()
    yesterday = today - datetime.timedelta(days=1)
    earliest = today - datetime.timedelta(days=catch_up_days())
    last = Rollup.objects.filter(scope=Scope.ORGANISATION).aggregate(last=Max("day"))[
        "last"
    ]
    start = earliest
    if last is not None:
        start = max(
            earliest,
            min(
                last + datetime.timedelta(days=1),
                yesterday - datetime.timedelta(days=RECOMPUTE_DAYS - 1),
            ),
        )
    return [
        start + datetime.timedelta(days=n) for n in range((yesterday - start).days + 1)
    ]


def do_purge_activity(today: datetime.date | None = None) -> int:
    """Delete person-level activity older than INSIGHTS_ACTIVITY_DAYS."""
    today = today or org_day()
    cutoff = today - datetime.timedelta(days=activity_days_kept())
    deleted, _by_model = ActivityDay.objects.filter(day__lt=cutoff).delete()
    return deleted


def do_rollup(today: datetime.date | None = None) -> list[datetime.date]:
    """The nightly run: catch up on missed days, recompute the last ones, purge.

    Each day commits on its own, so an interrupted run keeps what it
    finished and the next run carries on. Returns the days computed.
    """
    days = days_due(today)
    for day in days:
        do_rollup_day(day)
    do_purge_activity(today)
    return days
