"""Listening insights: mentions over time by sentiment, per watch, and how
long after publication the organisation found them and a person took them
up. Each figure is checked against mentions whose times the test sets."""

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from plein.listening.insights.queries import get_listening_insights
from plein.listening.mentions.actions import (
    FeedItem,
    check_submit_link,
    do_correct_sentiment,
    do_take_in,
)
from plein.listening.mentions.models import Mention, MentionSubmission
from plein.listening.sources.actions import do_add_source
from plein.listening.triage.actions import UNSET, check_add_note, check_change_triage
from plein.listening.watches.actions import do_create_watch, do_match_mentions
from plein.listening.watches.matching import build_watch_query
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


def _take_in(source, url, title, *, published, found, language="nl"):
    do_take_in(
        source,
        [FeedItem(url=url, title=title, published_at=published, language=language)],
        now=found,
    )
    mention = Mention.objects.get(url=url)
    # The intake stamps "found" with the time it runs: set the time the
    # test pretends it ran.
    Mention.objects.filter(pk=mention.pk).update(found_at=found)
    mention.refresh_from_db()
    return mention


def _watch(name, query, kind="competitor"):
    text, compiled = build_watch_query(query)
    return do_create_watch(None, name=name, kind=kind, query=text, compiled=compiled)


@pytest.fixture
def world(moderator, alice):
    now = timezone.now()
    feed = do_add_source(None, name="Nieuws", url="https://nieuws.example/feed")
    bank = _watch("Bank", "bank")
    haven = _watch("Zuiderhaven", "zuiderhaven", kind="organisation")
    good = _take_in(
        feed,
        "https://nieuws.example/1",
        "Zuiderhaven wint prijs voor goed werkgeverschap",
        published=now - 30 * HOUR,
        found=now - 28 * HOUR,
    )
    bad = _take_in(
        feed,
        "https://nieuws.example/2",
        "Zuiderhaven en de bank: de klantenservice was onvriendelijk en traag",
        published=now - 10 * HOUR,
        found=now - 6 * HOUR,
    )
    # Published long ago: outside a 30-day period.
    old = _take_in(
        feed,
        "https://nieuws.example/3",
        "Bank opent kantoor",
        published=now - timedelta(days=45),
        found=now - timedelta(days=44),
    )
    # No publication time: counted, but not in the times.
    undated = _take_in(
        feed,
        "https://nieuws.example/4",
        "Bank verhuist",
        published=None,
        found=now - 2 * HOUR,
    )
    do_match_mentions([good.pk, bad.pk, old.pk, undated.pk])
    return {
        "now": now,
        "feed": feed,
        "bank": bank,
        "haven": haven,
        "good": good,
        "bad": bad,
        "old": old,
        "undated": undated,
    }


def test_mentions_over_time_count_each_page_once_on_its_publication_day(
    world, moderator
):
    found = get_listening_insights(moderator, period=30, now=world["now"])
    assert found.total == 3
    assert found.bucket == "day" and len(found.buckets) == 31
    assert sum(sum(v) for v in found.series.values()) == 3
    assert found.by_sentiment["positive"] == 1
    assert found.by_sentiment["negative"] == 1
    assert found.by_sentiment["neutral"] == 1
    # A year: weeks, and the old mention is in.
    year = get_listening_insights(moderator, period=365, now=world["now"])
    assert year.bucket == "week" and year.total == 4
    assert all(day.weekday() == 0 for day in year.buckets)


def test_a_correction_counts_instead_of_what_was_computed(world, moderator):
    do_correct_sentiment(moderator, world["bad"], "neutral")
    found = get_listening_insights(moderator, period=30, now=world["now"])
    assert found.by_sentiment == {"positive": 1, "neutral": 2, "negative": 0}


def test_per_watch_counts_and_the_chart_of_one_watch(world, moderator):
    found = get_listening_insights(moderator, period=30, now=world["now"])
    rows = {row.watch.name: row for row in found.watches}
    # The old bank mention is outside the period; one mention counts for both.
    assert rows["Bank"].total == 2 and rows["Bank"].counts == [0, 1, 1]
    assert rows["Zuiderhaven"].total == 2 and rows["Zuiderhaven"].counts == [1, 0, 1]
    only = get_listening_insights(
        moderator, period=30, watch=world["haven"], now=world["now"]
    )
    assert only.total == 2 and only.by_sentiment["neutral"] == 0


def test_time_to_find_and_to_take_up(world, moderator, alice):
    now = world["now"]
    found = get_listening_insights(moderator, period=30, now=now)
    every = found.found[0]
    # Found after 2 h and after 4 h; the undated one is left out.
    assert (every.key, every.count, every.median_hours) == ("all", 2, 3.0)
    assert found.found[1].key == "feed" and found.found[1].p90_hours == 4.0
    assert found.without_publication == 1
    assert found.taken_up.count == 0 and found.not_taken_up == 2

    # A colleague sends the good one in 5 h after publication; communications
    # writes a note on the bad one 1 h after publication, then triages it.
    check_submit_link(
        alice, url=world["good"].url, note="", via=MentionSubmission.Via.FORM
    )
    MentionSubmission.objects.filter(mention=world["good"]).update(
        submitted_at=now - 25 * HOUR
    )
    note = check_add_note(moderator, world["bad"], "Wat zeggen we hierover?")
    type(note).objects.filter(pk=note.pk).update(created_at=now - 9 * HOUR)
    check_change_triage(moderator, world["bad"], state="ignored", assignee=UNSET)
    found = get_listening_insights(moderator, period=30, now=now)
    assert found.taken_up.count == 2
    assert found.taken_up.median_hours == 3.0  # 5 h and 1 h
    assert found.taken_up.p90_hours == 5.0
    assert found.not_taken_up == 0


def test_a_publication_time_in_the_future_is_not_a_time(world, moderator):
    feed = world["feed"]
    now = world["now"]
    _take_in(
        feed,
        "https://nieuws.example/toekomst",
        "Bericht uit de toekomst",
        published=now + 5 * HOUR,
        found=now - HOUR,
    )
    found = get_listening_insights(moderator, period=30, now=now + 6 * HOUR)
    assert found.without_publication == 2
    assert found.found[0].count == 2


def _client(person):
    client = Client()
    client.force_login(person)
    return client


def test_the_page_and_csv_for_communications(world, moderator):
    client = _client(moderator)
    page = client.get("/listening/insights/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-figure="total">3<' in html
    assert "<svg" in html and "Bank" in html
    one = client.get(f"/listening/insights/?watch={world['haven'].pk}&period=90")
    assert 'data-figure="total">2<' in one.content.decode()
    response = client.get("/listening/insights/listening.csv?period=30")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows[0]) == 4
    assert sum(int(v) for row in rows[1:32] for v in row[1:]) == 3
    watches = {row[0]: row for row in rows[33:]}
    assert watches["Bank"][2:] == ["2", "0", "1", "1"]


def test_nobody_else_sees_them(world, alice):
    client = _client(alice)
    assert client.get("/listening/insights/").status_code == 404
    assert client.get("/listening/insights/listening.csv").status_code == 404
    token = do_create_api_token(alice, name="t")[1]
    api = Client().get(
        "/api/v1/listening-insights", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert api.status_code == 404


def test_the_api(world, moderator):
    token = do_create_api_token(moderator, name="t")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = client.get("/api/v1/listening-insights?period=30").json()
    assert body["mentions"] == 3 and body["negative"] == 1
    assert len(body["buckets"]) == 31
    assert {w["name"]: w["mentions"] for w in body["watches"]} == {
        "Bank": 2,
        "Zuiderhaven": 2,
    }
    every = body["found"][0]
    assert (every["key"], every["mentions"], every["median_hours"]) == ("all", 2, 3.0)
    assert every["p90_hours"] == 4.0
    assert body["taken_up"]["mentions"] == 0 and body["not_taken_up"] == 2
    wrong = client.get("/api/v1/listening-insights?period=7")
    assert wrong.status_code == 400
    assert wrong.json()["field"] == "period" or "period" in wrong.content.decode()
    missing = client.get("/api/v1/listening-insights?watch=999999")
    assert missing.status_code == 404
