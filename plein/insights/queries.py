"""The dashboards' figures, read from the rollups (and a few small tables).

Nothing here reads the content tables row by row: a dashboard is one query
for its rollup rows over the period plus small queries (announcements,
survey rounds, the e-mail report, flagged groups), so it opens quickly
at any size. Callers pass a viewer who passed ``plein.access.insights``.
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from plein.access.insights import visible_insight_groups
from plein.access.posts import visible_posts
from plein.announcements.models import Announcement
from plein.core.markdown import plain_text
from plein.engagement.surveys.models import OTHER_UNIT, Round
from plein.groups.models import Group
from plein.insights.activity import day_start
from plein.insights.models import InactiveGroup, Rollup, Scope
from plein.insights.rollup import min_group
from plein.mail.models import InboundMessage
from plein.mail.report import build_report
from plein.people.models import Department
from plein.posts.models import Post

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
# Figures summed over the period (each day's rollup counts that day only).
SUMMED = (
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
# Figures that describe the day itself (a window ending that day, or the
# state at its end): the period shows the last day's.
LATEST = (
    "readers_1d",
    "readers_7d",
    "readers_30d",
    "posters_1d",
    "posters_7d",
    "posters_30d",
    "active_members_30d",
    "lurkers_30d",
    "unanswered_questions",
    "stale_pages",
)
SERIES = ("readers_1d", "readers_7d", "readers_30d", "posters_1d", "posters_30d")
GROUP_SERIES = ("active_members_30d", "lurkers_30d")


def _percent(part: float, whole: float) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


@dataclass
class Figures:
    """One scope over the period: latest-day figures, sums, medians, shares."""

    population: int = 0
    latest: dict[str, float] = field(default_factory=dict)
    sums: dict[str, float] = field(default_factory=dict)
    median_answer_minutes: float | None = None
    median_comment_minutes: float | None = None

    @property
    def cross_share(self) -> float | None:
        """Share of interactions across departments, in percent."""
        return _percent(
            self.sums.get("cross_interactions", 0), self.sums.get("interactions", 0)
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "population": self.population,
            **{name: int(self.latest.get(name, 0)) for name in LATEST},
            **{name: int(self.sums.get(name, 0)) for name in SUMMED},
            "cross_department_percent": self.cross_share,
            "median_minutes_to_first_answer": self.median_answer_minutes,
            "median_minutes_to_first_comment": self.median_comment_minutes,
        }


def _summarise(rows: list[Rollup]) -> Figures:
    """Fold a scope's rows (oldest first) into the period's figures."""
    figures = Figures()
    if not rows:
        return figures
    last = rows[-1]
    figures.population = last.population
    figures.latest = {name: last.figures.get(name, 0) for name in LATEST}
    sums: dict[str, float] = defaultdict(float)
    answers: list[int] = []
    comments: list[int] = []
    for row in rows:
        for name in SUMMED:
            sums[name] += row.figures.get(name, 0)
        answers += row.samples.get("answer_minutes", [])
        comments += row.samples.get("comment_minutes", [])
    figures.sums = dict(sums)
    figures.median_answer_minutes = _median(answers)
    figures.median_comment_minutes = _median(comments)
    return figures


@dataclass
class Series:
    """Day-by-day values for the chart and the CSV."""

    days: list[datetime.date]
    lines: dict[str, list[float | None]]


def _series(
    rows: list[Rollup], days: list[datetime.date], names: tuple[str, ...]
) -> Series:
    by_day = {row.day: row for row in rows}
    return Series(
        days=days,
        lines={
            name: [
                by_day[day].figures.get(name, 0) if day in by_day else None
                for day in days
            ]
            for name in names
        },
    )


@dataclass
class Unit:
    key: str
    label: str
    figures: Figures


def last_computed_day() -> datetime.date | None:
    row = (
        Rollup.objects.filter(scope=Scope.ORGANISATION)
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )
    return row


def _days(last: datetime.date, period: int) -> list[datetime.date]:
    return [last - datetime.timedelta(days=n) for n in range(period - 1, -1, -1)]


def _unit_label(key: str, departments: list[int], names: dict[int, str]) -> str:
    label = ", ".join(sorted(names.get(pk, "?") for pk in departments))
    if key == OTHER_UNIT:
        return _("Other departments") + (f" ({label})" if label else "")
    return label


@dataclass
class AnnouncementRate:
    post_id: int
    title: str
    created_at: datetime.datetime
    required: int
    opened: int
    confirmed: int
    is_shown: bool

    @property
    def opened_percent(self) -> float | None:
        return _percent(self.opened, self.required) if self.is_shown else None

    @property
    def confirmed_percent(self) -> float | None:
        return _percent(self.confirmed, self.required) if self.is_shown else None


@dataclass
class SurveyRate:
    survey_id: int
    title: str
    number: int
    closed_at: datetime.datetime
    invited: int
    responded: int
    is_shown: bool

    @property
    def percent(self) -> float | None:
        return _percent(self.responded, self.invited) if self.is_shown else None


@dataclass
class MailReduction:
    messages: int
    converted: int
    deliveries: int
    removed: int
    plein_mails: int
    net: int
    net_percent: float
    is_a_copy: bool


@dataclass
class OrgDashboard:
    period: int
    last_day: datetime.date | None
    days: list[datetime.date]
    unit_key: str
    units: list[Unit]
    figures: Figures
    series: Series
    is_hidden: bool
    min_group: int
    announcements: list[AnnouncementRate] = field(default_factory=list)
    surveys: list[SurveyRate] = field(default_factory=list)
    mail: MailReduction | None = None
    inactive_groups: list[tuple[Group, datetime.datetime]] = field(default_factory=list)

    @property
    def unit_label(self) -> str:
        return next((u.label for u in self.units if u.key == self.unit_key), "")


def parse_period(value: Any) -> int:
    try:
        period = int(value)
    except (TypeError, ValueError):
        return DEFAULT_PERIOD
    return period if period in PERIODS else DEFAULT_PERIOD


def _announcement_rates(
    viewer: Any, since: datetime.datetime, k: int
) -> list[AnnouncementRate]:
    """Required reading posted in the period that the viewer may see."""
    # The period's few announcements first, then which of them the viewer
    # may see (the visibility rule over every post would be slow).
    candidates = list(
        Announcement.objects.filter(created_at__gte=since)
        .order_by("-created_at")
        .values_list("post_id", flat=True)[:200]
    )
    seen = visible_posts(viewer, Post.objects.filter(pk__in=candidates)).values_list(
        "pk", flat=True
    )
    rows = (
        Announcement.objects.filter(post_id__in=list(seen))
        .select_related("post")
        .annotate(
            required=Count("readers"),
            opened=Count("readers", filter=Q(readers__opened_at__isnull=False)),
            confirmed=Count("readers", filter=Q(readers__confirmed_at__isnull=False)),
        )
        .order_by("-created_at")[:20]
    )
    return [
        AnnouncementRate(
            post_id=row.post_id,
            title=row.post.title or plain_text(row.post.body, limit=80),
            created_at=row.created_at,
            required=row.required,
            opened=row.opened if row.required >= k else 0,
            confirmed=row.confirmed if row.required >= k else 0,
            is_shown=row.required >= k,
        )
        for row in rows
    ]


def _survey_rates(since: datetime.datetime, k: int) -> list[SurveyRate]:
    """Rounds of pulse surveys that closed in the period (org managers see all)."""
    rows = (
        Round.objects.filter(closed_at__gte=since)
        .select_related("survey")
        .order_by("-closed_at")[:20]
    )
    return [
        SurveyRate(
            survey_id=row.survey_id,
            title=row.survey.title,
            number=row.number,
            closed_at=row.closed_at,
            invited=row.invited_count,
            responded=row.response_count if row.invited_count >= k else 0,
            is_shown=row.invited_count >= k,
        )
        for row in rows
        if row.closed_at is not None
    ]


def _mail_reduction(since: datetime.datetime) -> MailReduction:
    """The e-mail reduction report's own figures (plein.mail.report), for the period."""
    report = build_report(InboundMessage.objects.filter(received_at__gte=since))
    total = report.total
    return MailReduction(
        messages=total.messages,
        converted=total.converted,
        deliveries=total.deliveries,
        removed=total.removed,
        plein_mails=total.plein_total,
        net=total.net,
        net_percent=round(total.net_percent, 1),
        is_a_copy=report.is_a_copy,
    )


def get_org_dashboard(
    viewer: Any, *, period: int = DEFAULT_PERIOD, unit: str = "", extras: bool = True
) -> OrgDashboard:
    """The organisation's dashboard, or one reporting unit's (``unit``).

    ``viewer`` passed ``access_org_insights``. Units are those of the last
    computed day; an unknown ``unit`` shows the organisation. ``extras``
    adds the announcements, survey rounds, e-mail figures and flagged
    groups (the API and the page; the CSV needs none of them).
    """
    k = min_group()
    last = last_computed_day()
    if last is None:
        return OrgDashboard(
            period=period,
            last_day=None,
            days=[],
            unit_key="",
            units=[],
            figures=Figures(),
            series=Series(days=[], lines={}),
            is_hidden=True,
            min_group=k,
        )
    days = _days(last, period)
    rows = list(
        Rollup.objects.filter(
            scope__in=(Scope.ORGANISATION, Scope.UNIT), day__gte=days[0], day__lte=last
        ).order_by("day")
    )
    names = dict(Department.objects.values_list("pk", "name"))
    by_unit: dict[str, list[Rollup]] = defaultdict(list)
    org_rows: list[Rollup] = []
    for row in rows:
        if row.scope == Scope.ORGANISATION:
            org_rows.append(row)
        else:
            by_unit[row.key].append(row)
    current = [row for row in rows if row.scope == Scope.UNIT and row.day == last]
    units = sorted(
        (
            Unit(
                key=row.key,
                label=_unit_label(row.key, row.departments, names),
                figures=_summarise(by_unit[row.key]),
            )
            for row in current
        ),
        key=lambda u: (u.key == OTHER_UNIT, u.label.lower()),
    )
    unit_key = unit if any(u.key == unit for u in units) else ""
    chosen = by_unit[unit_key] if unit_key else org_rows
    dashboard = OrgDashboard(
        period=period,
        last_day=last,
        days=days,
        unit_key=unit_key,
        units=units,
        figures=_summarise(chosen),
        series=_series(chosen, days, SERIES),
        is_hidden=not chosen,
        min_group=k,
    )
    if extras:
        since = day_start(days[0])
        dashboard.announcements = _announcement_rates(viewer, since, k)
        dashboard.surveys = _survey_rates(since, k)
        dashboard.mail = _mail_reduction(since)
        dashboard.inactive_groups = [
            (flag.group, flag.last_activity_at)
            for flag in InactiveGroup.objects.filter(
                group__in=visible_insight_groups(viewer)
            )
            .select_related("group")
            .order_by("last_activity_at")
        ]
    return dashboard


@dataclass
class GroupDashboard:
    group: Group
    period: int
    last_day: datetime.date | None
    days: list[datetime.date]
    figures: Figures
    series: Series
    is_hidden: bool
    min_group: int
    inactive_since: datetime.datetime | None


def get_group_dashboard(
    group: Group, *, period: int = DEFAULT_PERIOD
) -> GroupDashboard:
    """A group's health over the period; ``group`` came from ``access_group_insights``.

    Days on which the group had fewer than the minimum of members have no
    rollup row and show nothing; when its last computed day has none, the
    dashboard is hidden as a whole.
    """
    k = min_group()
    last = last_computed_day()
    flag = InactiveGroup.objects.filter(group_id=group.pk).first()
    inactive_since = flag.last_activity_at if flag is not None else None
    if last is None:
        return GroupDashboard(
            group=group,
            period=period,
            last_day=None,
            days=[],
            figures=Figures(),
            series=Series(days=[], lines={}),
            is_hidden=True,
            min_group=k,
            inactive_since=inactive_since,
        )
    days = _days(last, period)
    rows = list(
        Rollup.objects.filter(
            scope=Scope.GROUP, key=str(group.pk), day__gte=days[0], day__lte=last
        ).order_by("day")
    )
    is_hidden = not rows or rows[-1].day != last
    return GroupDashboard(
        group=group,
        period=period,
        last_day=last,
        days=days,
        figures=Figures() if is_hidden else _summarise(rows),
        series=_series([] if is_hidden else rows, days, (*GROUP_SERIES, "posts")),
        is_hidden=is_hidden,
        min_group=k,
        inactive_since=inactive_since,
    )


CSV_COLUMNS = (
    "population",
    *LATEST,
    *SUMMED,
)


def build_org_csv(dashboard: OrgDashboard) -> list[list[Any]]:
    """One line per day and scope: the organisation and each unit."""
    header = [
        "day",
        "scope",
        *CSV_COLUMNS,
        "answer_minutes_median",
        "comment_minutes_median",
    ]
    out: list[list[Any]] = [header]
    if dashboard.last_day is None:
        return out
    labels = {u.key: u.label for u in dashboard.units}
    rows = Rollup.objects.filter(
        scope__in=(Scope.ORGANISATION, Scope.UNIT),
        day__gte=dashboard.days[0],
        day__lte=dashboard.last_day,
    ).order_by("day", "scope", "key")
    for row in rows:
        if row.scope == Scope.UNIT and row.key not in labels:
            continue  # a unit of earlier days that no longer exists
        label = (
            _("Organisation") if row.scope == Scope.ORGANISATION else labels[row.key]
        )
        out.append(_csv_line(row, label))
    return out


def build_group_csv(dashboard: GroupDashboard) -> list[list[Any]]:
    header = [
        "day",
        "scope",
        *CSV_COLUMNS,
        "answer_minutes_median",
        "comment_minutes_median",
    ]
    out: list[list[Any]] = [header]
    if dashboard.last_day is None or dashboard.is_hidden:
        return out
    rows = Rollup.objects.filter(
        scope=Scope.GROUP,
        key=str(dashboard.group.pk),
        day__gte=dashboard.days[0],
        day__lte=dashboard.last_day,
    ).order_by("day")
    out.extend(_csv_line(row, dashboard.group.name) for row in rows)
    return out


def _csv_line(row: Rollup, label: str) -> list[Any]:
    return [
        row.day.isoformat(),
        label,
        row.population,
        *(int(row.figures.get(name, 0)) for name in CSV_COLUMNS[1:]),
        _median(row.samples.get("answer_minutes", [])),
        _median(row.samples.get("comment_minutes", [])),
    ]
