"""The insights dashboards: the organisation's and a group's, with CSV.

Thin views: the access rules come from ``plein.access.insights``, the
figures from ``queries`` (rollups only). A filter change (period,
department) arrives as an htmx request and gets the figures partial.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from plein.access.insights import access_group_insights, access_org_insights
from plein.core import charts
from plein.core.csv import csv_response
from plein.insights import queries
from plein.people.http import AuthedRequest


def _line_chart(series: queries.Series, labels: dict[str, str], title: str) -> Any:
    if not series.days:
        return None
    values = [v for line in series.lines.values() for v in line if v is not None]
    high = max([*values, 5])
    return charts.line_chart(
        [formats.date_format(day, "j M") for day in series.days],
        [(labels[name], series.lines[name]) for name in labels],
        low=0,
        high=float(high),
        title=title,
        label_every=max(1, len(series.days) // 6),
    )


def _legend(labels: dict[str, str]) -> list[tuple[str, str]]:
    return [(label, charts.legend_colour(i)) for i, label in enumerate(labels.values())]


def _adoption_labels() -> dict[str, str]:
    return {
        "readers_1d": _("Readers per day"),
        "readers_7d": _("Readers in 7 days"),
        "readers_30d": _("Readers in 30 days"),
        "posters_1d": _("Posters per day"),
        "posters_30d": _("Posters in 30 days"),
    }


@login_required
@require_GET
@vary_on_headers("HX-Request")
def dashboard_show(request: AuthedRequest) -> HttpResponse:
    """The organisation's dashboard, or one department's (merged to 5+)."""
    access_org_insights(request.user)
    period = queries.parse_period(request.GET.get("period"))
    dashboard = queries.get_org_dashboard(
        request.user, period=period, unit=request.GET.get("unit", "")
    )
    labels = _adoption_labels()
    shares = [
        (unit.label, unit.figures.cross_share)
        for unit in dashboard.units
        if unit.figures.cross_share is not None
    ]
    context = {
        "dashboard": dashboard,
        "figures": dashboard.figures,
        "periods": queries.PERIODS,
        "adoption_chart": _line_chart(
            dashboard.series, labels, _("Active readers and posters")
        ),
        "adoption_legend": _legend(labels),
        "cross_chart": charts.bar_chart(
            [(label, float(share or 0)) for label, share in shares],
            low=0,
            high=100,
            title=_("Interactions across departments, in percent"),
        )
        if shares
        else None,
    }
    template = "insights/dashboard.html"
    if request.htmx:
        template += "#figures"
    return render(request, template, context)


@login_required
@require_GET
def dashboard_csv(request: AuthedRequest) -> HttpResponse:
    """Every day of the period, for the organisation and each department unit."""
    access_org_insights(request.user)
    period = queries.parse_period(request.GET.get("period"))
    dashboard = queries.get_org_dashboard(request.user, period=period, extras=False)
    return csv_response(queries.build_org_csv(dashboard), "insights.csv")


@login_required
@require_GET
@vary_on_headers("HX-Request")
def group_show(request: AuthedRequest, slug: str) -> HttpResponse:
    """A group's health: active members, lurkers, answers, stale pages."""
    group = access_group_insights(request.user, slug=slug)
    period = queries.parse_period(request.GET.get("period"))
    dashboard = queries.get_group_dashboard(group, period=period)
    labels = {
        "active_members_30d": _("Active members (30 days)"),
        "lurkers_30d": _("Readers who did not take part (30 days)"),
    }
    context = {
        "dashboard": dashboard,
        "group": group,
        "figures": dashboard.figures,
        "periods": queries.PERIODS,
        "health_chart": None
        if dashboard.is_hidden
        else _line_chart(dashboard.series, labels, _("Members taking part")),
        "health_legend": _legend(labels),
    }
    template = "insights/group_dashboard.html"
    if request.htmx:
        template += "#figures"
    return render(request, template, context)


@login_required
@require_GET
def group_csv(request: AuthedRequest, slug: str) -> HttpResponse:
    """Every day of the period for the group (nothing while it is under 5)."""
    group = access_group_insights(request.user, slug=slug)
    period = queries.parse_period(request.GET.get("period"))
    dashboard = queries.get_group_dashboard(group, period=period)
    return csv_response(
        queries.build_group_csv(dashboard), f"insights-{group.slug}.csv"
    )
