"""Reading is recorded from the feed, post pages and search, once a day."""

import pytest
from django.test import Client
from django.urls import reverse

from plein.insights.activity import do_record_reading, org_day
from plein.insights.models import ActivityDay

pytestmark = pytest.mark.django_db


def _client(person):
    client = Client()
    client.force_login(person)
    return client


def test_opening_the_feed_records_a_reading_day(alice):
    _client(alice).get(reverse("feed:home"))
    assert list(ActivityDay.objects.values_list("person_id", "day", "has_read")) == [
        (alice.pk, org_day(), True)
    ]


def test_opening_a_post_and_searching_record_the_day(alice, bob, make_post):
    post = make_post(bob, body="Over hypotheken")
    _client(alice).get(reverse("posts:detail", args=[post.pk]))
    assert ActivityDay.objects.filter(person=alice, has_read=True).exists()
    _client(bob).get(reverse("search:results"), {"q": "hypotheken"})
    assert ActivityDay.objects.filter(person=bob, has_read=True).exists()


def test_a_second_view_the_same_day_writes_nothing(alice, django_assert_num_queries):
    do_record_reading(alice)
    with django_assert_num_queries(0):
        do_record_reading(alice)
    assert ActivityDay.objects.filter(person=alice).count() == 1


def test_a_row_written_by_the_rollup_is_marked_read(alice):
    ActivityDay.objects.create(person=alice, day=org_day(), has_posted=True)
    do_record_reading(alice)
    row = ActivityDay.objects.get(person=alice)
    assert row.has_read and row.has_posted
