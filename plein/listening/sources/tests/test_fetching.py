"""Fetching a feed: conditional, through the SSRF guard, and bounded in size
and time whatever the server does. A real HTTP server on loopback plays the
feeds, good and hostile."""

import gzip
import socket
import time

import pytest

from plein.listening.sources.fetching import FetchFailed, fetch_feed
from plein.listening.sources.tests import feedserver as fs

FEED = fs.rss(("Nieuws", "https://nieuws.example/1"))


def test_etag_is_kept_and_sent_back_and_304_means_nothing_new(feed_server):
    url = feed_server.add("/feed", fs.with_etag(FEED))
    first = fetch_feed(url)
    assert (first.status, first.body, first.etag) == (200, FEED, '"v1"')
    again = fetch_feed(url, etag=first.etag)
    assert again.is_not_modified and again.body == b""
    assert again.etag == '"v1"'
    assert feed_server.seen[1][1]["If-None-Match"] == '"v1"'


def test_last_modified_is_sent_back_as_if_modified_since(feed_server):
    url = feed_server.add("/feed", fs.with_last_modified(FEED))
    first = fetch_feed(url)
    assert first.last_modified == "Thu, 01 Oct 2026 10:00:00 GMT"
    assert fetch_feed(url, last_modified=first.last_modified).is_not_modified


def test_a_validator_unfit_to_send_back_is_not_kept(feed_server):
    url = feed_server.add_body("/feed", FEED, headers={"ETag": "x" * 600})
    assert fetch_feed(url).etag == ""


def test_redirects_are_followed_and_checked_again(feed_server):
    feed_server.add_body("/real", FEED)
    url = feed_server.add("/old", fs.redirect_to("/real"))
    fetched = fetch_feed(url)
    assert fetched.body == FEED and fetched.url.endswith("/real")
    loop = feed_server.add("/loop", fs.redirect_to("/loop"))
    with pytest.raises(FetchFailed) as failed:
        fetch_feed(loop)
    assert failed.value.error == "redirects"


def test_loopback_is_refused_and_never_contacted_without_the_setting(
    feed_server, settings
):
    url = feed_server.add_body("/feed", FEED)
    settings.LISTENING_ALLOW_PRIVATE_HOSTS = False
    with pytest.raises(FetchFailed) as failed:
        fetch_feed(url)
    assert failed.value.error == "refused"
    assert feed_server.seen == []


@pytest.mark.parametrize("url", ["ftp://feeds.example/x", "file:///etc/passwd"])
def test_other_schemes_are_refused(url):
    with pytest.raises(FetchFailed) as failed:
        fetch_feed(url)
    assert failed.value.error == "refused"


def test_http_errors_and_closed_ports_are_short_errors(feed_server):
    with pytest.raises(FetchFailed) as failed:
        fetch_feed(feed_server.url("/missing"))
    assert failed.value.error == "http:404"
    # Nothing listens on port 9 (discard) of loopback here.
    with pytest.raises(FetchFailed) as failed:
        fetch_feed("http://127.0.0.1:9/feed")
    assert failed.value.error == "unreachable:ConnectionRefusedError"


def test_a_declared_huge_answer_is_refused_before_reading(feed_server):
    url = feed_server.add("/huge", fs.declared_huge)
    with pytest.raises(FetchFailed) as failed:
        fetch_feed(url)
    assert failed.value.error == "too_large"


def test_a_streamed_huge_answer_is_cut_off_at_the_size_cap(feed_server):
    url = feed_server.add("/huge", fs.streamed_huge)
    with pytest.raises(FetchFailed) as failed:
        fetch_feed(url, max_bytes=1024 * 1024)
    assert failed.value.error == "too_large"


def test_a_compressed_answer_is_unpacked_within_the_size_cap(feed_server):
    url = feed_server.add_body(
        "/gz", gzip.compress(FEED), headers={"Content-Encoding": "gzip"}
    )
    assert fetch_feed(url).body == FEED
    bomb = feed_server.add("/bomb", fs.gzip_bomb)
    with pytest.raises(FetchFailed) as failed:
        fetch_feed(bomb)
    assert failed.value.error == "too_large"
    broken = feed_server.add_body(
        "/broken", b"not gzip at all", headers={"Content-Encoding": "gzip"}
    )
    with pytest.raises(FetchFailed) as failed:
        fetch_feed(broken)
    assert failed.value.error == "bad_encoding"


@pytest.mark.parametrize("route", [fs.never_ending, fs.slow_headers])
def test_a_feed_that_never_ends_or_trickles_is_stopped_at_the_deadline(
    feed_server, route
):
    url = feed_server.add("/slow", route)
    started = time.monotonic()
    with pytest.raises(FetchFailed) as failed:
        fetch_feed(url, deadline_seconds=1.0)
    assert failed.value.error == "timeout"
    assert time.monotonic() - started < 3.0


def test_a_tls_handshake_that_never_comes_is_stopped_at_the_deadline(settings):
    settings.LISTENING_ALLOW_PRIVATE_HOSTS = True
    # Accepts the connection and says nothing: the TLS handshake waits.
    silent = socket.create_server(("127.0.0.1", 0))
    try:
        port = silent.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(FetchFailed) as failed:
            fetch_feed(f"https://127.0.0.1:{port}/feed", deadline_seconds=1.0)
        assert failed.value.error == "timeout"
        assert time.monotonic() - started < 3.0
    finally:
        silent.close()
