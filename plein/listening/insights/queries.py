"""Listening insights: how much is said outside, how it sounds, and how
quickly the organisation knows.

Every figure is computed from the mentions at read time (no rollup: a year
of mentions is thousands of rows, not millions). What each figure counts:

- **Mentions**: each page found outside once, dated by its publication
  (the date it was found when the source gives none), in the chosen period.
- **Sentiment**: the mention's sentiment as shown, a person's correction
  included.
- **Per watch**: the mentions a watch matched (``WatchMatch``); a mention
  matched by two watches counts for each.
- **Time to find**: from publication until Plein first had the mention,
  by the kind of the source that found it first. Only mentions whose
  publication time is known and not later than when they were found (a few
  minutes of clock difference allowed) count.
- **Time to take up**: from publication until the first person inside did
  something with it: a colleague sent it in, or communications changed its
  triage, wrote a note or started a discussion. Mentions nobody took up
  are counted apart.
"""

import datetime
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, DateTimeField, Min
from django.db.models.functions import Coalesce, TruncDate, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.access.listening import visible_mentions, visible_watches
from plein.listening.mentions.models import MentionSubmission, Sentiment
from plein.listening.sources.models import Source
from plein.listening.triage.models import MentionDiscussion, MentionNote, TriageChange
from plein.listening.watches.models import Watch, WatchMatch

PERIODS = (30, 90, 365)
DEFAULT_PERIOD = 30
# A feed's clock may run a little ahead of ours.
CLOCK_SLACK = datetime.timedelta(minutes=10)
SENTIMENTS = (Sentiment.POSITIVE, Sentiment.NEUTRAL, Sentiment.NEGATIVE)
# Mentions without a sentiment (an empty title) count as neutral.
UNSCORED = Sentiment.NEUTRAL


def parse_period(value: Any) -> int:
    try:
        period = int(value)
    except (TypeError, ValueError):
        return DEFAULT_PERIOD
    return period if period in PERIODS else DEFAULT_PERIOD


@dataclass
class Delay:
    """How long something took, from publication, over ``count`` mentions."""

    key: str
    label: str
    count: int = 0
    median_hours: float | None = None
    p90_hours: float | None = None


@dataclass
class WatchRow:
    watch: Watch
    total: int = 0
    by_sentiment: dict[str, int] = field(default_factory=dict)

    @property
    def counts(self) -> list[int]:
        """Positive, neutral, negative."""
        return [self.by_sentiment.get(str(s), 0) for s in SENTIMENTS]


@dataclass
class ListeningInsights:
    period: int
    since: datetime.datetime
    # "day" for 30 and 90 days, "week" for a year.
    bucket: str
    buckets: list[datetime.date]
    # Per bucket, per sentiment: mentions (of the chosen watch, if any).
    series: dict[str, list[int]]
    total: int
    by_sentiment: dict[str, int]
    watches: list[WatchRow]
    watch: Watch | None
    found: list[Delay]
    taken_up: Delay
    not_taken_up: int
    without_publication: int

    @property
    def sentiment_rows(self) -> list[tuple[str, str, int]]:
        """(value, label, mentions) for positive, neutral and negative."""
        return [
            (value, str(label), self.by_sentiment.get(value, 0))
            for value, label in Sentiment.choices
        ]


def _dated(qs: Any) -> Any:
    return qs.annotate(
        dated=Coalesce("published_at", "found_at", output_field=DateTimeField())
    )


def _buckets(
    since: datetime.datetime, now: datetime.datetime, bucket: str
) -> list[datetime.date]:
    start = timezone.localtime(since).date()
    end = timezone.localtime(now).date()
    if bucket == "week":
        start -= datetime.timedelta(days=start.weekday())
        step = datetime.timedelta(days=7)
    else:
        step = datetime.timedelta(days=1)
    days = []
    while start <= end:
        days.append(start)
        start += step
    return days


def _hours(seconds: Iterable[float]) -> tuple[int, float | None, float | None]:
    values = sorted(seconds)
    if not values:
        return 0, None, None
    median = statistics.median(values) / 3600
    # The nearest-rank 90th percentile: 9 in 10 took at most this long.
    rank = max(0, -(-len(values) * 9 // 10) - 1)
    return len(values), round(median, 1), round(values[rank] / 3600, 1)


def _delay(key: str, label: str, seconds: Iterable[float]) -> Delay:
    count, median, p90 = _hours(seconds)
    return Delay(key=key, label=label, count=count, median_hours=median, p90_hours=p90)


def _first_person_times(mention_ids: list[int]) -> dict[int, datetime.datetime]:
    """For each mention, when a person inside first did something with it."""
    firsts: dict[int, datetime.datetime] = {}
    reads = (
        MentionSubmission.objects.filter(mention_id__in=mention_ids)
        .values("mention_id")
        .annotate(first=Min("submitted_at")),
        TriageChange.objects.filter(
            mention_id__in=mention_ids, changed_by__isnull=False
        )
        .values("mention_id")
        .annotate(first=Min("changed_at")),
        MentionNote.objects.filter(mention_id__in=mention_ids)
        .values("mention_id")
        .annotate(first=Min("created_at")),
        MentionDiscussion.objects.filter(mention_id__in=mention_ids)
        .values("mention_id")
        .annotate(first=Min("created_at")),
    )
    for qs in reads:
        for row in qs:
            known = firsts.get(row["mention_id"])
            if known is None or row["first"] < known:
                firsts[row["mention_id"]] = row["first"]
    return firsts


def get_listening_insights(
    user: Any,
    *,
    period: int = DEFAULT_PERIOD,
    watch: Watch | None = None,
    now: datetime.datetime | None = None,
) -> ListeningInsights:
    """The figures for ``period`` days up to ``now``, for what ``user`` may read."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=period)
    bucket = "week" if period > 90 else "day"
    in_period = _dated(visible_mentions(user)).filter(dated__gte=since, dated__lte=now)

    # Over time, by sentiment (of the chosen watch's mentions).
    charted = in_period.filter(watch_matches__watch=watch) if watch else in_period
    trunc = TruncWeek if bucket == "week" else TruncDate
    buckets = _buckets(since, now, bucket)
    index = {day: i for i, day in enumerate(buckets)}
    series = {str(s): [0] * len(buckets) for s in SENTIMENTS}
    rows = (
        charted.annotate(bucket=trunc("dated", tzinfo=timezone.get_current_timezone()))
        .values("bucket", "sentiment")
        .annotate(n=Count("id"))
    )
    for row in rows:
        day = row["bucket"]
        if isinstance(day, datetime.datetime):
            day = day.date()
        label = row["sentiment"] or UNSCORED
        if day in index:
            series[label][index[day]] += row["n"]
    by_sentiment = {s: sum(values) for s, values in series.items()}

    # Per watch, in the period.
    counts: dict[int, dict[str, int]] = {}
    for row in (
        WatchMatch.objects.filter(mention__in=in_period.values("pk"))
        .values("watch_id", "mention__sentiment")
        .annotate(n=Count("mention_id", distinct=True))
    ):
        label = row["mention__sentiment"] or UNSCORED
        per = counts.setdefault(row["watch_id"], {str(s): 0 for s in SENTIMENTS})
        per[label] += row["n"]
    watches = [
        WatchRow(
            watch=w,
            total=sum(counts.get(w.pk, {}).values()),
            by_sentiment=counts.get(w.pk, {str(s): 0 for s in SENTIMENTS}),
        )
        for w in visible_watches(user).order_by("name", "pk")
    ]

    # How quickly: found, and taken up by a person.
    timed = list(charted.values_list("pk", "published_at", "found_at", "source__kind"))
    kinds = dict(Source.Kind.choices)
    found_by_kind: dict[str, list[float]] = {}
    published: dict[int, datetime.datetime] = {}
    without_publication = 0
    for pk, published_at, found_at, kind in timed:
        if published_at is None or published_at > found_at + CLOCK_SLACK:
            without_publication += 1
            continue
        published[pk] = published_at
        seconds = max((found_at - published_at).total_seconds(), 0.0)
        found_by_kind.setdefault(kind or "", []).append(seconds)
    found = [
        _delay("all", _("Every source"), (s for v in found_by_kind.values() for s in v))
    ] + [
        _delay(kind, str(kinds.get(kind, _("Removed source"))), found_by_kind[kind])
        for kind in sorted(found_by_kind)
    ]
    firsts = _first_person_times(list(published))
    taken = [
        max((firsts[pk] - at).total_seconds(), 0.0)
        for pk, at in published.items()
        if pk in firsts
    ]
    return ListeningInsights(
        period=period,
        since=since,
        bucket=bucket,
        buckets=buckets,
        series=series,
        total=sum(by_sentiment.values()),
        by_sentiment=by_sentiment,
        watches=watches,
        watch=watch,
        found=found,
        taken_up=_delay("taken_up", _("Taken up by a person"), taken),
        not_taken_up=len(published) - len(taken),
        without_publication=without_publication,
    )


def build_csv(insights: ListeningInsights) -> list[list[Any]]:
    """One line per day (or week) and sentiment count, then one per watch."""
    rows: list[list[Any]] = [
        [_("date"), *(str(label) for _value, label in Sentiment.choices)]
    ]
    for i, day in enumerate(insights.buckets):
        rows.append(
            [day.isoformat(), *(insights.series[str(s)][i] for s in SENTIMENTS)]
        )
    rows.append([])
    rows.append(
        [
            _("watch"),
            _("kind"),
            _("mentions"),
            *(str(label) for _v, label in Sentiment.choices),
        ]
    )
    rows.extend(
        [row.watch.name, row.watch.get_kind_display(), row.total, *row.counts]
        for row in insights.watches
    )
    return rows
