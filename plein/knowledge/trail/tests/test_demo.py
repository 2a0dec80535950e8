"""The demo data of the search trail shows Anna her shared topics only."""

import pytest

from plein.knowledge.trail.demo import load_demo
from plein.knowledge.trail.queries import list_shared_topics

pytestmark = pytest.mark.django_db


def test_demo_gives_anna_two_shared_topics(make_person):
    people = {
        local: make_person(local.title(), handle=local.replace(".", "-"))
        for local in (
            "anna",
            "karin.schouten",
            "sanne.smit",
            "mila.janssen",
            "youssef.benali",
        )
    }
    load_demo(people, {})
    labels = sorted(t.label for t in list_shared_topics(people["anna"]))
    assert labels == ["hypotheek", "thuiswerken"]
