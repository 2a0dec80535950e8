"""Polling at the issue's size (``plein bench --only listening``).

500 feeds, each a copy of a real Dutch feed (NOS and Tweakers from
``../shared/corpora/feeds-nl/``, or a made-up one without the corpus) with
its links made its own, served by an HTTP server on loopback with ETags.
The sources are polled through the real polling code (``run_poll``: claim,
fetch through the guard, parse in the bounded child, take in, record),
allowed two cores; then polled again, when every feed answers 304. Target:
all 500 within a minute.

Intake does what it does in use: the mentions are matched against 25
watches (some match the feeds' words, most do not) and get their triage
row, in intake's transaction; telling people is left to the workers.
"""

import os
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from plein.listening.mentions.models import Mention
from plein.listening.sources.actions import do_add_source
from plein.listening.sources.models import Source
from plein.listening.sources.polling import run_poll
from plein.posts.previews import PreviewFetcher, allow_any_address

SOURCES = 500
TARGET_SECONDS = 60.0
NAME_PREFIX = "bench feed "
WATCH_PREFIX = "bench watch "
# Words of the corpus feeds (NOS, Tweakers) and of the made-up one, and
# names that match nothing: what communications would watch.
WATCH_QUERIES = (
    "spaarders",
    "beleggers OR kabinet",
    '"Sierra Leone"',
    "framework ssd",
    "software-update",
    "Zuiderhaven",
    *(f"concurrent{n} OR klant{n} hypotheek" for n in range(19)),
)
CORPUS_FILES = ("landingspagina_nos_excerpt.xml", "landingspagina_tweakers.xml")
MADE_UP = (
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
    "<title>Bench</title><language>nl</language>"
    + "".join(
        f"<item><title>Bericht {n} over Zuiderhaven</title>"
        f"<link>https://nieuws.example/{n}</link>"
        "<description>&lt;p&gt;Een bericht.&lt;/p&gt;</description>"
        "<pubDate>Thu, 01 Oct 2026 12:00:00 +0200</pubDate></item>"
        for n in range(5)
    )
    + "</channel></rss>"
).encode()


def _templates() -> list[bytes]:
    corpus = Path(settings.BASE_DIR).parent / "shared" / "corpora" / "feeds-nl"
    found = [corpus / name for name in CORPUS_FILES if (corpus / name).is_file()]
    return [path.read_bytes() for path in found] or [MADE_UP]


def _feeds(count: int) -> dict[str, bytes]:
    """``/feed/<n>`` -> a feed whose links are its own (``?feed=<n>``)."""
    templates = _templates()
    return {
        f"/feed/{n}": templates[n % len(templates)].replace(
            b"</link>", b"?feed=%d</link>" % n
        )
        for n in range(count)
    }


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_GET(self) -> None:
        body = self.server.feeds.get(self.path)
        if body is None:
            self.send_error(404)
            return
        etag = f'"{len(body)}-{self.path}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, feeds: dict[str, bytes]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.feeds = feeds


def _two_cores() -> set[int] | None:
    """Allow this process (and its parse children) two cores; the old set."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    before = os.sched_getaffinity(0)
    cores = set(range(os.cpu_count() or 1))
    wanted = set(sorted(cores)[:2])
    try:
        os.sched_setaffinity(0, wanted)
    except OSError:
        return None
    return before


def _forget_bench_sources() -> None:
    from plein.listening.watches.models import Watch

    bench = Source.objects.filter(name__startswith=NAME_PREFIX)
    Mention.objects.filter(source__in=bench).delete()
    bench.delete()
    Watch.objects.filter(name__startswith=WATCH_PREFIX).delete()


def _add_watches() -> None:
    from plein.listening.watches.actions import do_create_watch
    from plein.listening.watches.matching import build_watch_query

    for n, text in enumerate(WATCH_QUERIES):
        query, compiled = build_watch_query(text)
        do_create_watch(
            None,
            name=f"{WATCH_PREFIX}{n}",
            kind="sector",
            query=query,
            compiled=compiled,
        )


def _matched() -> int:
    from plein.listening.watches.models import WatchMatch

    return WatchMatch.objects.filter(watch__name__startswith=WATCH_PREFIX).count()


def measure_listening(
    *, sources: int = SOURCES, log: Callable[[str], None] = print
) -> list[dict[str, Any]]:
    """Poll ``sources`` loopback feeds twice; seconds and mentions per second."""
    _forget_bench_sources()
    server = _Server(_feeds(sources))
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
    )
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    for n in range(sources):
        do_add_source(None, name=f"{NAME_PREFIX}{n}", url=f"{base}/feed/{n}")
    _add_watches()
    # The feeds are on loopback: the guard lets this poll reach them.
    fetcher = PreviewFetcher(is_allowed=allow_any_address, timeout=10.0)
    before = _two_cores()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0
    results: list[dict[str, Any]] = []
    try:
        for label, expect_new in (("first poll", True), ("again, all 304", False)):
            Source.objects.filter(name__startswith=NAME_PREFIX).update(
                next_poll_at=timezone.now() - timedelta(seconds=1)
            )
            started = time.perf_counter()
            totals = run_poll(limit=sources, seconds=600, fetcher=fetcher)
            seconds = time.perf_counter() - started
            rate = totals["mentions"] / seconds if seconds else 0.0
            matches = _matched()
            log(
                f"  {label}: {totals['polled']} feeds in {seconds:.1f} s, "
                f"{totals['mentions']} new mentions ({rate:.0f}/s), "
                f"{matches} watch matches, "
                f"{totals['errors']} errors, {totals['not_modified']} not modified"
            )
            complete = totals["polled"] == sources and totals["errors"] == 0
            if not expect_new:
                complete = complete and totals["not_modified"] == sources
            results.append(
                {
                    "name": f"listening: {sources} feeds polled, {label}",
                    "runs": totals["polled"],
                    "p50_ms": round(seconds * 1000, 1),
                    "p95_ms": round(seconds * 1000, 1),
                    "mentions": totals["mentions"],
                    "mentions_per_second": round(rate, 1),
                    "watch_matches": matches,
                    "errors": totals["errors"],
                    "cores": cores,
                    "target": f"<= {TARGET_SECONDS:g} s",
                    "status": "PASS"
                    if complete and seconds <= TARGET_SECONDS
                    else "MISS",
                    "note": f"{seconds:.1f} s, {rate:.0f} mentions/s on {cores} cores",
                }
            )
    finally:
        if before is not None:
            os.sched_setaffinity(0, before)
        server.shutdown()
        server.server_close()
        _forget_bench_sources()
    return results
