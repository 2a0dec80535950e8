"""The bench's insights section at a tiny scale: it generates and measures."""

import random

import pytest

from plein.insights.bench import generate_insights, measure_insights
from plein.insights.models import ActivityDay, Rollup, Scope

pytestmark = pytest.mark.django_db


def test_insights_bench_generates_a_month_and_measures_the_dashboards(
    world, admin, settings, tmp_path
):
    settings.STATIC_ROOT = tmp_path  # the bench collects static files
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    seconds = generate_insights(seed=1, log=lambda _m: None)
    assert "rollup, 30 days" in seconds
    assert ActivityDay.objects.filter(has_read=True).exists()
    assert Rollup.objects.filter(scope=Scope.ORGANISATION).count() == 30
    results = measure_insights(2, random.Random(1), log=lambda _m: None)
    names = {r["name"]: r for r in results}
    assert names["insights: page /insights/"]["status"] == "PASS"
    assert all(r["runs"] == 2 for r in results)
    assert all("p95_ms" in r for r in results)
