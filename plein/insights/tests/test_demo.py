"""The demo's month of activity fills the dashboards."""

import datetime

import pytest
from django.utils import timezone

from plein.insights.activity import org_day
from plein.insights.demo import add_demo
from plein.insights.models import ActivityDay, Rollup, Scope

pytestmark = pytest.mark.django_db


def test_demo_adds_a_month_of_reading_and_its_rollups(world):
    people = {p.email: p for group in world.people.values() for p in group}
    now = timezone.now()
    add_demo(people, {}, now)
    assert ActivityDay.objects.filter(has_read=True).count() > 14 * 5
    days = set(
        Rollup.objects.filter(scope=Scope.ORGANISATION).values_list("day", flat=True)
    )
    assert len(days) == 30
    assert max(days) == org_day(now) - datetime.timedelta(days=1)
