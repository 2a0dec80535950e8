"""The e-mail reduction report: what the gateway saved, in deliveries.

A *delivery* is one message in one inbox. A mail that became a post (or a
comment on one) would have been delivered to each of its internal
recipients; instead they get at most a notification, and only some of
those go out by e-mail. So:

    deliveries avoided = internal recipients of converted mails
                         - notification e-mails actually sent for those posts

The same ``Figures`` are printed by ``plein mail-replay``.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.mail.models import InboundMessage

CONVERTED = (
    InboundMessage.Outcome.POSTED,
    InboundMessage.Outcome.GROUP_POST,
    InboundMessage.Outcome.COMMENTED,
)


@dataclass
class Figures:
    messages: int = 0
    converted: int = 0
    rejected: int = 0
    deliveries: int = 0
    converted_deliveries: int = 0
    emails_sent: int = 0

    @property
    def avoided(self) -> int:
        return max(0, self.converted_deliveries - self.emails_sent)

    @property
    def converted_percent(self) -> float:
        return 100.0 * self.converted / self.messages if self.messages else 0.0

    @property
    def avoided_percent(self) -> float:
        return 100.0 * self.avoided / self.deliveries if self.deliveries else 0.0

    def add(self, other: "Figures") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _emails_by_post(post_ids: set[int]) -> dict[int, int]:
    from plein.notifications.models import Notification

    if not post_ids:
        return {}
    rows = (
        Notification.objects.filter(post_id__in=post_ids, emailed_at__isnull=False)
        .values("post_id")
        .annotate(sent=Count("id"))
    )
    return {row["post_id"]: row["sent"] for row in rows}


@dataclass
class Report:
    total: Figures
    by_department: list[tuple[str, Figures]]
    by_week: list[tuple[date, Figures]]


def build_report(qs: QuerySet[InboundMessage] | None = None) -> Report:
    """Totals, per sender's department and per week (Monday), in two queries."""
    qs = InboundMessage.objects.all() if qs is None else qs
    rows = list(
        qs.values(
            "outcome",
            "recipient_count",
            "internal_recipient_count",
            "received_at",
            "post_id",
            "sender_department__name",
        )
    )
    converted_posts = {
        r["post_id"] for r in rows if r["outcome"] in CONVERTED and r["post_id"]
    }
    # A comment's post may have several mails; count its e-mails once.
    sent = _emails_by_post(
        {r["post_id"] for r in rows if r["outcome"] != "commented"} & converted_posts
    )
    total = Figures()
    departments: dict[str, Figures] = defaultdict(Figures)
    weeks: dict[date, Figures] = defaultdict(Figures)
    for row in rows:
        one = Figures(messages=1, deliveries=row["recipient_count"])
        if row["outcome"] == InboundMessage.Outcome.REJECTED:
            one.rejected = 1
        if row["outcome"] in CONVERTED:
            one.converted = 1
            one.converted_deliveries = row["internal_recipient_count"]
            if row["outcome"] != "commented":
                one.emails_sent = sent.pop(row["post_id"], 0)
        total.add(one)
        name = row["sender_department__name"] or pgettext("department", "None")
        departments[name].add(one)
        weeks[_week(row["received_at"].date())].add(one)
    return Report(
        total=total,
        by_department=sorted(departments.items()),
        by_week=sorted(weeks.items()),
    )


def build_csv(report: Report) -> str:
    """One row per week and per department, then the total."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("scope"),
            _("name"),
            _("mails received"),
            _("converted to posts"),
            _("rejected"),
            _("recipient deliveries"),
            _("notification e-mails sent"),
            _("deliveries avoided"),
            _("deliveries avoided (%)"),
        ]
    )

    def row(scope: str, name: str, figures: Figures) -> None:
        # Neutralise spreadsheet formulas in department names (CSV injection).
        if name[:1] in ("=", "+", "-", "@"):
            name = "'" + name
        writer.writerow(
            [
                scope,
                name,
                figures.messages,
                figures.converted,
                figures.rejected,
                figures.deliveries,
                figures.emails_sent,
                figures.avoided,
                f"{figures.avoided_percent:.1f}",
            ]
        )

    for week, figures in report.by_week:
        row(pgettext("report scope", "week"), week.isoformat(), figures)
    for name, figures in report.by_department:
        row(pgettext("report scope", "department"), name, figures)
    row(pgettext("report scope", "total"), "", report.total)
    return out.getvalue()


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: int
    y: int
    width: int
    height: int
    label_x: int


def build_chart(report: Report, *, width: int = 640, height: int = 200) -> dict:
    """Geometry for a server-rendered SVG bar chart of deliveries avoided per week."""
    weeks = report.by_week[-26:]
    peak = max([f.avoided for _w, f in weeks] or [0]) or 1
    slot = width // max(1, len(weeks))
    bars = []
    for index, (week, figures) in enumerate(weeks):
        bar_height = round((height - 20) * figures.avoided / peak)
        x = index * slot + 2
        bars.append(
            Bar(
                label=week.strftime("%d-%m"),
                value=figures.avoided,
                x=x,
                y=height - 20 - bar_height,
                width=max(1, slot - 4),
                height=bar_height,
                label_x=x + max(1, slot - 4) // 2,
            )
        )
    return {"bars": bars, "width": width, "height": height, "axis_y": height - 20}
