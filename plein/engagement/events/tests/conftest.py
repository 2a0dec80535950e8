"""Builders for event tests: plan events through the actions."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


# Tests that need fixed dates (DST changes) run as if it were this day.
TODAY = datetime(2027, 6, 1, 9, 0, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
def frozen(time_machine: Any) -> datetime:
    """The clock at TODAY (and ticking), for fixed calendar dates."""
    time_machine.move_to(TODAY, tick=True)
    return TODAY


def at(*args: int) -> datetime:
    """A wall-clock time in Amsterdam."""
    return datetime(*args, tzinfo=AMSTERDAM)


@pytest.fixture
def plan(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    """Plan an event through the actions; its Event row (with the post)."""
    from plein.engagement.events.actions import EventDetails, check_create_event
    from plein.engagement.events.models import Event

    def make(
        author: Any,
        title: str = "Borrel op het dak",
        *,
        starts_at: datetime | None = None,
        hours: float = 2,
        body: str = "Met hapjes.",
        group: Any = None,
        **details: Any,
    ) -> Any:
        starts_at = starts_at or (timezone.now() + timedelta(days=3)).replace(
            microsecond=0
        )
        details.setdefault("location", "Dakterras, 8e verdieping")
        post = run_on_commit(
            check_create_event,
            author,
            EventDetails(
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=hours),
                **details,
            ),
            title=title,
            body=body,
            group=group,
        )
        event = Event.objects.select_related("post", "post__author", "post__group").get(
            pk=post.pk
        )
        return event

    return make


@pytest.fixture
def rsvp(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    from django.db import transaction

    from plein.access.events import access_event
    from plein.engagement.events.actions import check_rsvp

    def answer(person: Any, event: Any, value: str = "yes") -> Any:
        def run() -> Any:
            with transaction.atomic():
                return check_rsvp(person, access_event(person, event.pk), value)

        return run_on_commit(run)

    return answer
