"""How fast feed readers are answered: ``measure_feeds`` for ``plein bench``.

Runs the real view stack in-process with Django's test client (no network),
on whatever data the database holds, as a sample of active people. Their
feed tokens are created in a transaction that is rolled back at the end:
the bench leaves nothing behind.
"""

import random
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.test import Client, override_settings

from plein.bench.measure import Result, _result, pick_readers, skipped
from plein.channels.feeds.actions import do_create_feed_token
from plein.channels.feeds.queries import build_feed_path

# A feed at the p50 costs about as much as a page of the home feed.
TARGET_P50_MS = 50.0
READERS = 20


class _Rollback(Exception):
    """Raised to undo the bench's tokens and their last-used stamps."""


def _feed_paths(readers: list[Any]) -> dict[str, list[str]]:
    """Per kind of feed, one path per reader (with a fresh token each)."""
    from plein.groups.models import Membership
    from plein.posts.models import Hashtag

    top_tag = (
        Hashtag.objects.annotate(uses=Count("posts"))
        .order_by("-uses")
        .values_list("name", flat=True)
        .first()
    )
    paths: dict[str, list[str]] = {"home": [], "group": [], "tag": [], "person": []}
    for reader in readers:
        _token, raw = do_create_feed_token(reader, name="bench")
        paths["home"].append(build_feed_path(raw, "home"))
        paths["person"].append(build_feed_path(raw, "person", reader.handle))
        slug = (
            Membership.objects.filter(user=reader)
            .values_list("group__slug", flat=True)
            .first()
        )
        if slug:
            paths["group"].append(build_feed_path(raw, "group", slug))
        if top_tag:
            paths["tag"].append(build_feed_path(raw, "tag", top_tag, "rss"))
    return paths


def _measure_kind(
    client: Client, name: str, paths: list[str], runs: int, *, conditional: bool
) -> Result:
    etags: dict[str, str] = {}
    for path in paths:  # warm, and learn each feed's ETag
        response = client.get(path, secure=True)
        if response.status_code != 200:
            return skipped(
                name, f"{path.split('/')[-1]} answered {response.status_code}"
            )
        etags[path] = response["ETag"]
    samples: list[float] = []
    errors = 0
    expected = 304 if conditional else 200
    started = time.perf_counter()
    for i in range(runs):
        path = paths[i % len(paths)]
        headers = {"If-None-Match": etags[path]} if conditional else {}
        t0 = time.perf_counter()
        response = client.get(path, secure=True, headers=headers)
        samples.append((time.perf_counter() - t0) * 1000)
        errors += response.status_code != expected
    elapsed = time.perf_counter() - started
    return _result(
        name,
        samples,
        target_ms=TARGET_P50_MS,
        requests_per_second=round(runs / elapsed, 1),
        errors=errors,
        readers=len(paths),
    )


def measure_feeds(
    *, requests: int = 400, log: Callable[[str], None] = print, seed: int = 7
) -> list[Result]:
    """Feed requests per second and latency, per kind of feed and for 304s.

    ``requests`` is spread over the five measurements. One process, one
    thread, the Django test client: the figure is the server's own cost
    without HTTP parsing.
    """
    readers = pick_readers(READERS, random.Random(seed))  # noqa: S311 - sampling
    if not readers:
        return [skipped("feeds", "no active people to read feeds as")]
    runs = max(10, requests // 5)
    results: list[Result] = []
    # The test client calls itself "testserver"; https so that
    # SECURE_SSL_REDIRECT does not answer with a redirect.
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(ALLOWED_HOSTS=hosts):
        try:
            with transaction.atomic():
                paths = _feed_paths(readers)
                client = Client()
                for kind, kind_paths in paths.items():
                    name = f"feed {kind} ({'rss' if kind == 'tag' else 'atom'})"
                    if not kind_paths:
                        results.append(skipped(name, f"no {kind} to read"))
                        continue
                    log(f"  feeds: {name}, {runs} requests")
                    results.append(
                        _measure_kind(client, name, kind_paths, runs, conditional=False)
                    )
                log(f"  feeds: home 304, {runs} requests")
                results.append(
                    _measure_kind(
                        client,
                        "feed home, 304 Not Modified",
                        paths["home"],
                        runs,
                        conditional=True,
                    )
                )
                raise _Rollback
        except _Rollback:
            pass
    return results
