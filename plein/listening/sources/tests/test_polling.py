"""Polling: due feeds are claimed once, fetched, parsed and taken in; each
outcome is the source's health; errors back off; a hostile feed costs its
own source an error and nothing else."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from plein.listening.mentions.models import Mention, MentionSighting
from plein.listening.sources.actions import (
    LEASE,
    MAX_BACKOFF,
    POLL_EVERY,
    build_backoff,
    do_add_source,
    do_claim_due_sources,
    do_set_source_active,
)
from plein.listening.sources.models import Source
from plein.listening.sources.polling import PollLimits, run_poll
from plein.listening.sources.tests import feedserver as fs

pytestmark = pytest.mark.django_db

# Short bounds, so the hostile feeds cost the tests little time.
QUICK = PollLimits(fetch_seconds=1.0, parse_seconds=2.0, max_bytes=1024 * 1024)


def _source(name, url):
    return do_add_source(None, name=name, url=url)


def _make_due(*sources):
    Source.objects.filter(pk__in=[s.pk for s in sources]).update(
        next_poll_at=timezone.now() - timedelta(seconds=1)
    )


def test_real_dutch_feeds_become_mentions_in_dutch(
    feed_server, nos_feed, tweakers_feed
):
    nos = _source("NOS", feed_server.add("/nos", fs.with_etag(nos_feed)))
    tweakers = _source("Tweakers", feed_server.add_body("/tweakers", tweakers_feed))
    totals = run_poll(limits=QUICK)
    assert totals == {
        "polled": 2,
        "not_modified": 0,
        "errors": 0,
        "items": 6,
        "mentions": 6,
    }
    assert Mention.objects.count() == 6
    assert set(Mention.objects.values_list("language", flat=True)) == {"nl"}
    assert Mention.objects.filter(source=nos).count() == 3
    nos.refresh_from_db()
    assert nos.etag == '"v1"' and nos.consecutive_errors == 0
    assert nos.items_seen == 3 and nos.last_success_at is not None
    assert nos.next_poll_at > timezone.now() + POLL_EVERY - timedelta(minutes=1)
    tweakers.refresh_from_db()
    assert tweakers.last_success_at is not None

    # Not due yet: nothing is polled. Once due, the NOS feed answers 304.
    assert run_poll(limits=QUICK)["polled"] == 0
    _make_due(nos)
    assert run_poll(limits=QUICK) == {
        "polled": 1,
        "not_modified": 1,
        "errors": 0,
        "items": 0,
        "mentions": 0,
    }
    assert feed_server.seen[-1][1]["If-None-Match"] == '"v1"'
    nos.refresh_from_db()
    assert nos.items_seen == 3 and Mention.objects.count() == 6


def test_one_article_in_two_feeds_is_one_mention_with_both_sources(feed_server):
    shared = fs.rss(
        ("Zuiderhaven opent kantoor", "https://nieuws.example/zuiderhaven?utm_source=a")
    )
    other = fs.rss(
        ("Zuiderhaven opent kantoor", "https://NIEUWS.example/zuiderhaven/#top"),
        ("Iets anders", "https://nieuws.example/anders"),
    )
    first = _source("Eerste", feed_server.add_body("/a", shared))
    second = _source("Tweede", feed_server.add_body("/b", other))
    assert run_poll(limits=QUICK)["mentions"] == 2
    mention = Mention.objects.get(canonical_url="https://nieuws.example/zuiderhaven")
    assert set(mention.sightings.values_list("source", flat=True)) == {
        first.pk,
        second.pk,
    }
    # Polled again, nothing new and nothing doubled.
    _make_due(first, second)
    assert run_poll(limits=QUICK)["mentions"] == 0
    assert Mention.objects.count() == 2
    assert MentionSighting.objects.count() == 3


def test_hostile_feeds_each_record_their_error_and_spare_the_rest(feed_server):
    routes = {
        "/never-ends": (fs.never_ending, "timeout"),
        "/slow-headers": (fs.slow_headers, "timeout"),
        "/declared-huge": (fs.declared_huge, "too_large"),
        "/streamed-huge": (fs.streamed_huge, "too_large"),
        "/gzip-bomb": (fs.gzip_bomb, "too_large"),
        "/html": (
            lambda h: h.answer(fs.HTML_PAGE, content_type="text/html"),
            "not_a_feed",
        ),
        "/empty": (lambda h: h.answer(b""), "empty"),
        "/gone": (lambda h: h.send_error(410), "http:410"),
    }
    sources = {
        path: _source(path, feed_server.add(path, route))
        for path, (route, _error) in routes.items()
    }
    laughs = _source("laughs", feed_server.add_body("/laughs", fs.BILLION_LAUGHS))
    nested = _source("nested", feed_server.add_body("/nested", fs.deeply_nested()))
    bad_encoding = _source("encoding", feed_server.add_body("/enc", fs.BAD_UTF8))
    good = _source(
        "good", feed_server.add_body("/good", fs.rss(("Goed", "https://goed.example/")))
    )
    started = time.monotonic()
    totals = run_poll(limits=QUICK)
    # The slow ones wait in parallel; nothing waits twice.
    assert time.monotonic() - started < 10
    assert totals["polled"] == len(routes) + 4
    assert totals["errors"] == len(routes)
    for path, (_route, error) in routes.items():
        source = sources[path]
        source.refresh_from_db()
        assert (path, source.last_error) == (path, error)
        assert source.consecutive_errors == 1 and source.last_success_at is None
        assert source.last_error_text  # shown to people, in their language
    for source in (laughs, nested, bad_encoding, good):
        source.refresh_from_db()
        assert (source.name, source.last_error) == (source.name, "")
        assert source.last_success_at is not None
    assert Mention.objects.filter(source=good).count() == 1
    assert Mention.objects.filter(source=bad_encoding).count() == 1


def test_errors_back_off_doubling_up_to_six_hours(feed_server):
    source = _source("weg", feed_server.add("/gone", lambda h: h.send_error(503)))
    waits = []
    for _ in range(7):
        _make_due(source)
        before = timezone.now()
        run_poll(limits=QUICK)
        source.refresh_from_db()
        waits.append(round((source.next_poll_at - before) / timedelta(minutes=1)))
    assert waits == [30, 60, 120, 240, 360, 360, 360]
    assert source.consecutive_errors == 7 and source.last_error == "http:503"
    assert build_backoff(0) == POLL_EVERY and build_backoff(99) == MAX_BACKOFF
    # Once it works again the run of errors ends; the last error stays shown.
    feed_server.add_body("/gone", fs.rss(("Terug", "https://terug.example/")))
    _make_due(source)
    run_poll(limits=QUICK)
    source.refresh_from_db()
    assert source.consecutive_errors == 0 and source.last_error == "http:503"
    assert not source.is_failing


def test_a_due_source_is_claimed_by_one_worker_only(feed_server):
    url = feed_server.add_body("/feed", fs.rss())
    due = _source("due", url)
    later = do_add_source(None, name="later", url=url + "?later")
    Source.objects.filter(pk=later.pk).update(
        next_poll_at=timezone.now() + timedelta(minutes=5)
    )
    off = do_add_source(None, name="off", url=url + "?off")
    do_set_source_active(None, off, is_active=False)

    assert do_claim_due_sources(10) == [due]
    # A second worker finds it leased.
    assert do_claim_due_sources(10) == []
    # A worker that read the same due row before the claim matches nothing.
    stale = Source.objects.filter(
        pk=due.pk, next_poll_at=due.next_poll_at, is_active=True
    ).update(next_poll_at=timezone.now())
    assert stale == 0
    # The lease ends: a worker that died leaves it to the next run.
    assert do_claim_due_sources(10, now=timezone.now() + LEASE + timedelta(seconds=1))


def test_turning_a_source_on_again_makes_it_due_at_once(feed_server):
    source = _source("feed", feed_server.add_body("/feed", fs.rss()))
    do_set_source_active(None, source, is_active=False)
    assert run_poll(limits=QUICK)["polled"] == 0
    Source.objects.filter(pk=source.pk).update(
        next_poll_at=timezone.now() + timedelta(hours=1)
    )
    source.refresh_from_db()
    do_set_source_active(None, source, is_active=True)
    assert run_poll(limits=QUICK)["polled"] == 1


def test_a_run_stops_at_its_limit(feed_server):
    url = feed_server.add_body("/feed", fs.rss())
    for n in range(5):
        _source(f"feed {n}", f"{url}?n={n}")
    assert run_poll(limit=3, batch=2, limits=QUICK)["polled"] == 3
    assert run_poll(limits=QUICK)["polled"] == 2


def test_the_poll_runs_every_five_minutes():
    from plein.core.scheduler import load_jobs

    [job] = [
        j for j in load_jobs() if j.name.endswith("listening.sources.tasks.poll_feeds")
    ]
    assert "*/5" in str(job.trigger)
