"""Listening insights in the API (registered in plein/api/main.py).

``GET /listening-insights``: the figures of the page, for communications
(org admins and moderators); anyone else gets 404. ``docs/listening-insights.md``
defines what each figure counts.
"""

import datetime

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from plein.access.listening import access_watch, can_use_listening
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID
from plein.core.errors import InvalidInput, NotFound
from plein.listening.insights import queries

router = Router(tags=["listening"])


class BucketOut(Schema):
    start: datetime.date = Field(description="The day, or the Monday of the week")
    positive: int
    neutral: int
    negative: int


class WatchFiguresOut(Schema):
    watch_id: int
    name: str
    kind: str
    mentions: int
    positive: int
    neutral: int
    negative: int


class DelayOut(Schema):
    key: str = Field(
        description='"all", a source kind ("feed", "alert_mail", "submitted") '
        'or "taken_up"'
    )
    label: str
    mentions: int
    median_hours: float | None
    p90_hours: float | None = Field(description="9 in 10 mentions within this time")


class ListeningInsightsOut(Schema):
    period_days: int
    bucket: str = Field(description='"day", or "week" for 365 days')
    watch_id: int | None
    mentions: int
    positive: int
    neutral: int
    negative: int
    buckets: list[BucketOut]
    watches: list[WatchFiguresOut]
    found: list[DelayOut]
    taken_up: DelayOut
    not_taken_up: int
    without_publication: int


class InsightsQuery(Schema):
    period: int = 30
    watch: int | None = Field(default=None, ge=1, le=MAX_ID)


def _delay(delay: queries.Delay) -> DelayOut:
    return DelayOut(
        key=delay.key,
        label=delay.label,
        mentions=delay.count,
        median_hours=delay.median_hours,
        p90_hours=delay.p90_hours,
    )


@router.get(
    "/listening-insights",
    response=ListeningInsightsOut,
    summary="Mentions over time by sentiment, per watch, and how quickly they "
    "were found and taken up (communications)",
)
def listening_insights(
    request: ApiRequest, filters: Query[InsightsQuery]
) -> ListeningInsightsOut:
    if not can_use_listening(request.auth):
        raise NotFound()
    if filters.period not in queries.PERIODS:
        raise InvalidInput(_("Choose a period of 30, 90 or 365 days."), field="period")
    watch = access_watch(request.auth, filters.watch) if filters.watch else None
    found = queries.get_listening_insights(
        request.auth, period=filters.period, watch=watch
    )
    positive, neutral, negative = (count for _v, _l, count in found.sentiment_rows)
    return ListeningInsightsOut(
        period_days=found.period,
        bucket=found.bucket,
        watch_id=watch.pk if watch else None,
        mentions=found.total,
        positive=positive,
        neutral=neutral,
        negative=negative,
        buckets=[
            BucketOut(
                start=day,
                positive=found.series["positive"][i],
                neutral=found.series["neutral"][i],
                negative=found.series["negative"][i],
            )
            for i, day in enumerate(found.buckets)
        ],
        watches=[
            WatchFiguresOut(
                watch_id=row.watch.pk,
                name=row.watch.name,
                kind=row.watch.kind,
                mentions=row.total,
                positive=row.counts[0],
                neutral=row.counts[1],
                negative=row.counts[2],
            )
            for row in found.watches
        ],
        found=[_delay(delay) for delay in found.found],
        taken_up=_delay(found.taken_up),
        not_taken_up=found.not_taken_up,
        without_publication=found.without_publication,
    )
