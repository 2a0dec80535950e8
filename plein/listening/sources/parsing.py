"""Reading fetched feeds in a child process that cannot take the worker down.

Feeds are written by strangers and parsers are large: a feed that makes
feedparser use gigabytes of memory, loop for minutes or crash must cost one
source an error, not the worker. So the parsing happens in a child process
(``parse_child.py``): started without the environment (no secrets), limited
to ``PARSE_MEMORY_BYTES`` of address space, unable to write files, and
killed when one feed takes more than ``PARSE_SECONDS``. One child reads a
whole batch of feeds in turn; when it dies or is killed, that feed gets the
error and a new child reads the rest.

The child hands back plain text (HTML stripped) and the parent checks every
value again: links as URLs, lengths, dates between 1990 and tomorrow,
languages as "nl", "en" or "".
"""

import contextlib
import json
import os
import select
import struct
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from plein.listening.mentions.actions import FeedItem, build_language, fold
from plein.listening.mentions.models import (
    EXCERPT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    URL_MAX_LENGTH,
)

CHILD = Path(__file__).with_name("parse_child.py")
PARSE_SECONDS = 10.0
STARTUP_SECONDS = 10.0
PARSE_MEMORY_BYTES = 256 * 1024 * 1024
MAX_ITEMS = 200
# An answer larger than this is not a list of MAX_ITEMS capped items.
MAX_ANSWER_BYTES = 16 * 1024 * 1024
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
# What the child writes once it is ready to read feeds.
READY = b"R"


@dataclass(frozen=True)
class ParseJob:
    body: bytes
    url: str
    content_type: str = ""
    content_language: str = ""


@dataclass(frozen=True)
class ParsedFeed:
    """The items of one feed, or ``error`` (a short code) and none."""

    items: list[FeedItem] = field(default_factory=list)
    error: str = ""
    title: str = ""
    language: str = ""


class _ChildGone(Exception):
    pass


class _TooSlow(Exception):
    pass


def _write_all(fd: int, data: bytes, deadline: float) -> None:
    view = memoryview(data)
    while view:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _TooSlow()
        _read, writable, _err = select.select([], [fd], [], remaining)
        if not writable:
            raise _TooSlow()
        try:
            written = os.write(fd, view[: 1 << 16])
        except BlockingIOError:
            continue
        except OSError:  # BrokenPipeError: the child is gone
            raise _ChildGone() from None
        view = view[written:]


def _read_exact(fd: int, size: int, deadline: float) -> bytes:
    buffer = bytearray()
    while len(buffer) < size:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _TooSlow()
        readable, _write, _err = select.select([fd], [], [], remaining)
        if not readable:
            raise _TooSlow()
        chunk = os.read(fd, min(size - len(buffer), 1 << 20))
        if not chunk:
            raise _ChildGone()
        buffer += chunk
    return bytes(buffer)


class _Child:
    """One parse process and the two ends of its pipes."""

    def __init__(self, memory_bytes: int) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own script
            [sys.executable, "-I", str(CHILD), str(memory_bytes)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={},
            close_fds=True,
        )
        if self.process.stdin is None or self.process.stdout is None:
            raise _ChildGone()
        self.stdin = self.process.stdin.fileno()
        self.stdout = self.process.stdout.fileno()
        os.set_blocking(self.stdin, False)
        self.started = time.monotonic()
        self.ready = False

    def ask(self, job: ParseJob, max_items: int, seconds: float) -> dict[str, Any]:
        header = json.dumps(
            {
                "url": job.url,
                "content_type": job.content_type,
                "content_language": job.content_language,
                "max_items": max_items,
            }
        ).encode()
        if not self.ready:
            # Start-up (Python and feedparser) is not the feed's time.
            if _read_exact(self.stdout, 1, self.started + STARTUP_SECONDS) != READY:
                raise _ChildGone()
            self.ready = True
        deadline = time.monotonic() + seconds
        _write_all(
            self.stdin,
            struct.pack(">II", len(header), len(job.body)) + header + job.body,
            deadline,
        )
        (size,) = struct.unpack(">I", _read_exact(self.stdout, 4, deadline))
        if size > MAX_ANSWER_BYTES:
            raise _ChildGone()
        answer = json.loads(_read_exact(self.stdout, size, deadline))
        if not isinstance(answer, dict):
            raise _ChildGone()
        return answer

    def stop(self) -> None:
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


def _build_time(value: Any) -> datetime | None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    try:
        moment = datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    # Dates from before the web's feeds or from the future are noise.
    if moment < EARLIEST or moment > timezone.now() + timedelta(days=1):
        return None
    return moment


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def build_parsed(answer: dict[str, Any], max_items: int = MAX_ITEMS) -> ParsedFeed:
    """The child's answer, every value checked and capped again."""
    error = _text(answer.get("error"))
    if error:
        return ParsedFeed(error=fold(error, 100))
    raw_items = answer.get("items")
    items: list[FeedItem] = []
    for raw in raw_items if isinstance(raw_items, list) else []:
        if len(items) >= max_items:
            break
        if not isinstance(raw, dict):
            continue
        url = _text(raw.get("url")).strip()
        if not url or len(url) > URL_MAX_LENGTH:
            continue
        items.append(
            FeedItem(
                url=url,
                title=fold(_text(raw.get("title")), TITLE_MAX_LENGTH),
                excerpt=fold(_text(raw.get("excerpt")), EXCERPT_MAX_LENGTH),
                published_at=_build_time(raw.get("published")),
                language=build_language(_text(raw.get("language"))),
            )
        )
    return ParsedFeed(
        items=items,
        title=fold(_text(answer.get("title")), TITLE_MAX_LENGTH),
        language=build_language(_text(answer.get("language"))),
    )


def parse_feeds(
    jobs: Sequence[ParseJob],
    *,
    seconds: float = PARSE_SECONDS,
    memory_bytes: int = PARSE_MEMORY_BYTES,
    max_items: int = MAX_ITEMS,
) -> list[ParsedFeed]:
    """Parse each job's body; one ``ParsedFeed`` per job, in order.

    Never raises for what a feed holds: a feed that is too slow to read
    (``parse_timeout``) or kills its reader (``parse_crashed``) gets that
    error, and the next feed a fresh child.
    """
    results: list[ParsedFeed] = []
    child: _Child | None = None
    try:
        for job in jobs:
            if child is None:
                child = _Child(memory_bytes)
            try:
                answer = child.ask(job, max_items, seconds)
            except _TooSlow:
                child.kill()
                child = None
                results.append(ParsedFeed(error="parse_timeout"))
                continue
            except (_ChildGone, ValueError, struct.error):
                child.kill()
                child = None
                results.append(ParsedFeed(error="parse_crashed"))
                continue
            results.append(build_parsed(answer, max_items))
            if answer.get("error") == "parse_crashed":
                child.stop()  # it leaves after running out of memory
                child = None
    finally:
        if child is not None:
            child.stop()
    return results


def parse_feed(job: ParseJob, **limits: Any) -> ParsedFeed:
    """One feed through ``parse_feeds``."""
    return parse_feeds([job], **limits)[0]
