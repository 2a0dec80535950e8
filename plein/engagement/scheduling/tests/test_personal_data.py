"""What scheduling holds about a person: export, erasure, retention."""

from datetime import timedelta

import pytest
from django.utils import timezone

from plein.core.personal_data import Holds, RetentionScope, RetentionTerms
from plein.engagement.scheduling.models import ScheduledPost, State
from plein.engagement.scheduling.personal_data import (
    build_scheduled,
    erase_scheduled,
    purge_scheduled,
    purgeable_scheduled,
)

pytestmark = pytest.mark.django_db


def test_export_and_erasure(alice, bob, schedule):
    schedule(alice, {"body": "Alice plans"})
    schedule(bob, {"body": "Bob plans"})
    exported = build_scheduled(alice)
    assert [item["text"] for item in exported] == ["Alice plans"]
    assert exported[0]["data"] == {"body": ["Alice plans"]}
    erase_scheduled(alice, None)
    assert list(ScheduledPost.objects.values_list("text", flat=True)) == ["Bob plans"]


def test_retention_purges_old_cancelled_and_failed_only(alice, schedule):
    old = timezone.now() - timedelta(days=40)
    kept = schedule(alice, {"body": "Still planned"})
    cancelled = schedule(alice, {"body": "Cancelled long ago"})
    recent = schedule(alice, {"body": "Cancelled yesterday"})
    ScheduledPost.objects.filter(pk=cancelled.pk).update(
        state=State.CANCELLED, updated_at=old
    )
    ScheduledPost.objects.filter(pk=recent.pk).update(state=State.CANCELLED)
    ScheduledPost.objects.filter(pk=kept.pk).update(updated_at=old)
    scope = RetentionScope(
        terms=RetentionTerms(now=timezone.now(), default_days=365), holds=Holds()
    )
    ids = list(purgeable_scheduled(scope).values_list("pk", flat=True))
    assert ids == [cancelled.pk]
    assert purge_scheduled(ids) == {"scheduled_ids": [cancelled.pk]}
    assert ScheduledPost.objects.count() == 2
