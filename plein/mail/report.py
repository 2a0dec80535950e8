"""The e-mail reduction report: what reached inboxes, and what did not.

A *delivery* is one message in one inbox. With Plein in the mail path
(``plein mailgateway --filter``), a mail that became a post is not
delivered to the colleagues who can read it in Plein: those are the
deliveries removed (``InboundMessage.removed_deliveries``, counted by the
filter). Against them stand the e-mails Plein sends because of such mail
(``SentMail``: notifications, summaries, reminders, confirmations), so:

    net deliveries removed = deliveries removed - Plein's own e-mails

A gateway that only gets a copy of the mail (always_bcc) removes nothing,
and the report says so. ``plein mail-replay`` prints the same figures for
an export, simulated under two assumptions about the readers.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.mail.models import InboundMessage, SentMail

CONVERTED = (
    InboundMessage.Outcome.POSTED,
    InboundMessage.Outcome.GROUP_POST,
    InboundMessage.Outcome.COMMENTED,
)
KINDS = [kind.value for kind in SentMail.Kind]


@dataclass
class Figures:
    messages: int = 0
    converted: int = 0
    rejected: int = 0
    deliveries: int = 0
    removed: int = 0
    plein_mails: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    @property
    def plein_total(self) -> int:
        return sum(self.plein_mails.values())

    @property
    def net(self) -> int:
        """Deliveries removed minus Plein's own e-mails; negative when it sends more."""
        return self.removed - self.plein_total

    @property
    def net_percent(self) -> float:
        return 100.0 * self.net / self.deliveries if self.deliveries else 0.0

    @property
    def converted_percent(self) -> float:
        return 100.0 * self.converted / self.messages if self.messages else 0.0

    def add(self, other: "Figures") -> None:
        for name in ("messages", "converted", "rejected", "deliveries", "removed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind, count in other.plein_mails.items():
            self.plein_mails[kind] += count


def _week(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class Report:
    total: Figures
    by_department: list[tuple[str, Figures]]
    by_week: list[tuple[date, Figures]]

    @property
    def is_a_copy(self) -> bool:
        """Mail became posts, yet no inbox got a mail fewer: Plein gets copies."""
        return self.total.converted > 0 and self.total.removed == 0


def build_report(qs: QuerySet[InboundMessage] | None = None) -> Report:
    """Totals, per sender's department and per week (Monday), in two queries.

    Plein's own e-mails count where the mail that caused them does: its
    week and its sender's department.
    """
    restricted = qs is not None
    qs = InboundMessage.objects.all() if qs is None else qs
    rows = list(
        qs.values(
            "pk",
            "outcome",
            "recipient_count",
            "removed_deliveries",
            "received_at",
            "sender_department__name",
        )
    )
    none = pgettext("department", "None")
    total = Figures()
    departments: dict[str, Figures] = defaultdict(Figures)
    weeks: dict[date, Figures] = defaultdict(Figures)
    place: dict[int, tuple[str, date]] = {}
    for row in rows:
        one = Figures(
            messages=1,
            deliveries=row["recipient_count"],
            removed=row["removed_deliveries"],
        )
        if row["outcome"] == InboundMessage.Outcome.REJECTED:
            one.rejected = 1
        if row["outcome"] in CONVERTED:
            one.converted = 1
        name = row["sender_department__name"] or none
        week = _week(timezone.localdate(row["received_at"]))
        place[row["pk"]] = (name, week)
        for figures in (total, departments[name], weeks[week]):
            figures.add(one)
    sent = SentMail.objects.all()
    if restricted:
        sent = sent.filter(inbound__in=qs)
    for kind, inbound_id, sent_at in sent.values_list("kind", "inbound_id", "sent_at"):
        name, week = place.get(
            inbound_id or 0, (none, _week(timezone.localdate(sent_at)))
        )
        for figures in (total, departments[name], weeks[week]):
            figures.plein_mails[kind] += 1
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
            _("deliveries removed"),
            *[str(label) for label in SentMail.Kind.labels],
            _("Plein's own e-mails"),
            _("net deliveries removed"),
            _("net deliveries removed (%)"),
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
                figures.removed,
                *[figures.plein_mails[kind] for kind in KINDS],
                figures.plein_total,
                figures.net,
                f"{figures.net_percent:.1f}",
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
    """Geometry for a server-rendered SVG bar chart of net deliveries removed per week.

    A week in which Plein sent more than it removed has no bar; its title
    still says the (negative) figure.
    """
    weeks = report.by_week[-26:]
    peak = max([f.net for _w, f in weeks] or [0]) or 1
    slot = width // max(1, len(weeks))
    bars = []
    for index, (week, figures) in enumerate(weeks):
        bar_height = round((height - 20) * max(0, figures.net) / peak)
        x = index * slot + 2
        bars.append(
            Bar(
                label=week.strftime("%d-%m"),
                value=figures.net,
                x=x,
                y=height - 20 - bar_height,
                width=max(1, slot - 4),
                height=bar_height,
                label_x=x + max(1, slot - 4) // 2,
            )
        )
    return {"bars": bars, "width": width, "height": height, "axis_y": height - 20}
