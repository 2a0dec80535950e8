"""The demo events load through the actions, skipping missing people."""

import pytest
from django.utils import timezone

from plein.engagement.events.demo import add_demo
from plein.engagement.events.models import Event, Rsvp

pytestmark = pytest.mark.django_db


def test_demo_has_a_weekly_event_and_one_with_a_waiting_list(
    make_person, make_group, run_on_commit
):
    people = {
        key: make_person(key.title())
        for key in (
            "julia.evers",
            "chen.wei",
            "anna",
            "emma.peters",
            "sophie.dijkstra",
            "mila.janssen",
            "aylin.kaya",
            "iris.vos",
        )
    }
    ai = make_group(
        people["julia.evers"], "AI", members=(people["chen.wei"], people["anna"])
    )
    duurzaam = make_group(people["emma.peters"], "Duurzaam")
    run_on_commit(add_demo, people, {"ai": ai, "duurzaam": duurzaam}, timezone.now())
    weekly = Event.objects.get(post__group=ai)
    assert weekly.rrule == "FREQ=WEEKLY;COUNT=8"
    assert Rsvp.objects.filter(event=weekly, answer="yes").count() == 2
    full = Event.objects.get(post__group=duurzaam)
    assert full.capacity == 3
    assert Rsvp.objects.filter(event=full, is_waiting=True).count() == 1
    # Organisation-wide events of people not in this demo are left out.
    assert Event.objects.count() == 2
