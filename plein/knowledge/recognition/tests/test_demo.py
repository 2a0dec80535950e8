"""The recognition demo marks visible posts of others only."""

import pytest

from plein.knowledge.recognition.demo import load_demo
from plein.knowledge.recognition.models import HelpedMark, Point

pytestmark = pytest.mark.django_db


def test_demo_marks_posts_helpful(make_person, make_post, make_group):
    people = {
        local: make_person(local.title(), handle=local.replace(".", "-"))
        for local in ("pieter.degroot", "anna", "karin.schouten", "mila.janssen")
    }
    make_post(people["pieter.degroot"], "Rente-update")
    secret = make_group(people["anna"], "Geheim", "secret")
    make_post(people["anna"], "Geheim plan", group=secret)
    load_demo(people, {})
    assert HelpedMark.objects.filter(receiver=people["pieter.degroot"]).count() == 1
    # Anna's secret post is seen by nobody else, and she never marks her own.
    assert not HelpedMark.objects.filter(receiver=people["anna"]).exists()
    assert Point.objects.filter(person=people["pieter.degroot"]).count() == 1
