"""The demo's watches find the demo's mentions, and nobody is told."""

import pytest
from django.utils import timezone

from plein.core.tasks import collect_tasks
from plein.demo.builder import NOBODY_IS_TOLD
from plein.listening.mentions import demo as mentions_demo
from plein.listening.watches import demo as watches_demo
from plein.listening.watches.models import Watch, WatchMatch
from plein.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_demo_watches_are_filled_quietly(moderator, alice, make_person):
    people = {
        "moderator": moderator,
        "anna": alice,
        "pieter.degroot": make_person("Pieter de Groot"),
    }
    now = timezone.now()
    with collect_tasks() as collected:
        mentions_demo.add_demo(people, {}, now)
        watches_demo.add_demo(people, {}, now)
    # As the demo builder does: what tells nobody is dropped, the rest runs.
    for task_obj, kwargs in collected:
        if task_obj.module_path not in NOBODY_IS_TOLD:
            task_obj.call(**kwargs)
    by_name = {w.name: w for w in Watch.objects.all()}
    assert set(by_name) == {
        "Zuiderhaven",
        "Woonstichting De Linde",
        "Hollandse Hypotheekgroep",
        "Hypotheken en rente",
    }
    client = by_name["Woonstichting De Linde"]
    assert client.team_group.name == "Accountteam Woonstichting De Linde"
    for watch in by_name.values():
        assert WatchMatch.objects.filter(watch=watch).exists(), watch.name
    assert WatchMatch.objects.filter(watch=client).count() == 2
    assert not Notification.objects.filter(kind="mention_watched").exists()
