"""Activity days in "download my data", and gone after erasure."""

import datetime

import pytest

from plein.core.personal_data import export_sections
from plein.governance.compliance.erasure import do_erase_person
from plein.insights.models import ActivityDay
from plein.insights.personal_data import build_activity

pytestmark = pytest.mark.django_db


def test_export_shows_only_ones_own_days(alice, bob):
    day = datetime.date(2026, 3, 2)
    ActivityDay.objects.create(person=alice, day=day, has_read=True, group_ids=[4])
    ActivityDay.objects.create(person=bob, day=day, has_posted=True)
    assert build_activity(alice) == [
        {
            "day": "2026-03-02",
            "read": True,
            "posted_or_commented": False,
            "reacted": False,
            "group_ids": [4],
        }
    ]


def test_erasure_deletes_the_persons_days(alice, bob, admin):
    day = datetime.date(2026, 3, 2)
    ActivityDay.objects.create(person=alice, day=day, has_read=True)
    ActivityDay.objects.create(person=bob, day=day, has_read=True)
    do_erase_person(admin, alice)
    assert list(ActivityDay.objects.values_list("person_id", flat=True)) == [bob.pk]


def test_export_section_is_registered():
    assert "insights_activity" in [section.name for section in export_sections()]
