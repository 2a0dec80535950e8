"""Polling the feeds: claim the due ones, fetch, parse, take the items in.

One run (the ``poll_feeds`` task, every five minutes) works in batches of
``BATCH`` sources until none is due, ``MAX_PER_RUN`` were polled or
``RUN_SECONDS`` have passed (before the next run starts):

1. claim the batch (``do_claim_due_sources``: a conditional update, so two
   workers never poll the same source);
2. fetch the batch's feeds ``FETCH_THREADS`` at a time (the fetches wait on
   the network, not the processor), each bounded in size and time
   (``fetching.py``);
3. parse every feed that changed in one child process (``parsing.py``);
4. per source, in a transaction of its own: the items go to
   ``do_take_in`` and the health is recorded (or the error, with back-off).
"""

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import transaction

from plein.listening.mentions.actions import do_take_in
from plein.listening.sources.actions import (
    do_claim_due_sources,
    do_record_poll_error,
    do_record_poll_success,
)
from plein.listening.sources.fetching import (
    DEADLINE_SECONDS,
    MAX_BYTES,
    Fetched,
    FetchFailed,
    build_fetcher,
    fetch_feed,
)
from plein.listening.sources.models import Source
from plein.listening.sources.parsing import (
    MAX_ITEMS,
    PARSE_MEMORY_BYTES,
    PARSE_SECONDS,
    ParseJob,
    parse_feeds,
)
from plein.posts.previews import PreviewFetcher

logger = logging.getLogger(__name__)

BATCH = 50
MAX_PER_RUN = 2000
RUN_SECONDS = 240.0
FETCH_THREADS = 8


@dataclass(frozen=True)
class PollLimits:
    """The bounds of one poll (the defaults are production's; tests and
    the benchmark may narrow them)."""

    max_bytes: int = MAX_BYTES
    fetch_seconds: float = DEADLINE_SECONDS
    parse_seconds: float = PARSE_SECONDS
    parse_memory_bytes: int = PARSE_MEMORY_BYTES
    max_items: int = MAX_ITEMS


@dataclass
class PollTotals:
    polled: int = 0
    not_modified: int = 0
    errors: int = 0
    items: int = 0
    mentions: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _fetch(
    source: Source, fetcher: PreviewFetcher, limits: PollLimits
) -> Fetched | FetchFailed:
    try:
        return fetch_feed(
            source.url,
            etag=source.etag,
            last_modified=source.last_modified,
            fetcher=fetcher,
            max_bytes=limits.max_bytes,
            deadline_seconds=limits.fetch_seconds,
        )
    except FetchFailed as failed:
        return failed


def poll_sources(
    sources: list[Source],
    *,
    fetcher: PreviewFetcher | None = None,
    threads: int = FETCH_THREADS,
    limits: PollLimits | None = None,
) -> PollTotals:
    """Poll ``sources`` (claimed by the caller) and record every outcome."""
    totals = PollTotals()
    if not sources:
        return totals
    fetcher = fetcher or build_fetcher()
    limits = limits or PollLimits()
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        outcomes = list(pool.map(lambda s: _fetch(s, fetcher, limits), sources))
    to_parse = [
        (source, outcome)
        for source, outcome in zip(sources, outcomes, strict=True)
        if isinstance(outcome, Fetched) and not outcome.is_not_modified
    ]
    parsed = parse_feeds(
        [
            ParseJob(
                body=fetched.body,
                url=fetched.url,
                content_type=fetched.content_type,
                content_language=fetched.content_language,
            )
            for _source, fetched in to_parse
        ],
        seconds=limits.parse_seconds,
        memory_bytes=limits.parse_memory_bytes,
        max_items=limits.max_items,
    )
    parsed_by_source = {
        source.pk: result
        for (source, _fetched), result in zip(to_parse, parsed, strict=True)
    }
    for source, outcome in zip(sources, outcomes, strict=True):
        totals.polled += 1
        with transaction.atomic():
            if isinstance(outcome, FetchFailed):
                totals.errors += 1
                do_record_poll_error(source, outcome.error)
                continue
            if outcome.is_not_modified:
                totals.not_modified += 1
                do_record_poll_success(
                    source,
                    etag=outcome.etag,
                    last_modified=outcome.last_modified,
                    items=0,
                )
                continue
            result = parsed_by_source[source.pk]
            if result.error:
                totals.errors += 1
                do_record_poll_error(source, result.error)
                continue
            totals.items += len(result.items)
            totals.mentions += do_take_in(source, result.items)
            do_record_poll_success(
                source,
                etag=outcome.etag,
                last_modified=outcome.last_modified,
                items=len(result.items),
            )
    return totals


def run_poll(
    *,
    limit: int = MAX_PER_RUN,
    batch: int = BATCH,
    seconds: float = RUN_SECONDS,
    fetcher: PreviewFetcher | None = None,
    threads: int = FETCH_THREADS,
    limits: PollLimits | None = None,
) -> dict[str, int]:
    """Poll due feeds in batches, within ``limit`` sources and ``seconds``."""
    started = time.monotonic()
    totals = PollTotals()
    while totals.polled < limit and time.monotonic() - started < seconds:
        claimed = do_claim_due_sources(min(batch, limit - totals.polled))
        if not claimed:
            break
        done = poll_sources(claimed, fetcher=fetcher, threads=threads, limits=limits)
        for name, value in done.as_dict().items():
            setattr(totals, name, getattr(totals, name) + value)
    if totals.polled:
        logger.info("listening poll: %s", totals.as_dict())
    return totals.as_dict()
