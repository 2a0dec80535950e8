"""Listening insights for communications: a page, and the same figures as CSV."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from plein.access.listening import access_watch, can_use_listening
from plein.core import charts
from plein.core.csv import csv_response
from plein.core.errors import NotFound
from plein.listening.insights import queries
from plein.listening.mentions.models import Sentiment
from plein.listening.watches.models import Watch
from plein.people.http import AuthedRequest


def _read(request: AuthedRequest) -> queries.ListeningInsights:
    if not can_use_listening(request.user):
        raise NotFound()
    watch: Watch | None = None
    if request.GET.get("watch"):
        watch = access_watch(request.user, request.GET["watch"])
    return queries.get_listening_insights(
        request.user,
        period=queries.parse_period(request.GET.get("period")),
        watch=watch,
    )


def _chart(insights: queries.ListeningInsights) -> SafeString | None:
    if not insights.total:
        return None
    high = max(max(values) for values in insights.series.values())
    date_format = "j M" if insights.bucket == "day" else "j M y"
    return charts.line_chart(
        [formats.date_format(day, date_format) for day in insights.buckets],
        [(str(label), insights.series[value]) for value, label in Sentiment.choices],
        low=0,
        high=float(max(high, 5)),
        title=_("Mentions by sentiment"),
        label_every=max(1, len(insights.buckets) // 6),
    )


@login_required
@require_GET
def insights_show(request: AuthedRequest) -> HttpResponse:
    insights = _read(request)
    return render(
        request,
        "listening_insights/insights.html",
        {
            "insights": insights,
            "chart": _chart(insights),
            "legend": [
                (label, charts.legend_colour(i))
                for i, (_value, label) in enumerate(Sentiment.choices)
            ],
            "periods": queries.PERIODS,
            "sentiments": Sentiment.choices,
        },
    )


@login_required
@require_GET
def insights_csv(request: AuthedRequest) -> HttpResponse:
    insights = _read(request)
    return csv_response(queries.build_csv(insights), "listening.csv")
