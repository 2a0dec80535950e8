"""One live stream per browser: Server-Sent Events from the live event log.

Each web process runs one :class:`Dispatcher` (started with the first
stream). It reads the log once for all its streams, decides per reader
what they may see (set-based, through ``plein.access``, at the moment of
sending), and hands each stream its share. A stream:

- starts after ``Last-Event-ID`` (a reconnecting browser catches up on
  what it missed, at most ``CATCH_UP_LIMIT`` events: beyond that it is told
  to reload, which gives the same state);
- sends a comment line every ``LIVE_HEARTBEAT_SECONDS`` so proxies keep it
  open and a dead client is noticed;
- ends after ``LIVE_MAX_STREAM_SECONDS`` (the browser reconnects with its
  last id), when its person is deactivated or logged out everywhere, and
  when it falls too far behind;
- is refused beyond ``LIVE_MAX_STREAMS_PER_PERSON`` open at once.
"""

import asyncio
import contextlib
import itertools
import json
import logging
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections

from plein.channels.live import bus

logger = logging.getLogger(__name__)

CATCH_UP_LIMIT = 500
BATCH = 1000
QUEUE_SIZE = 1000
_CLOSE = object()


@dataclass(frozen=True)
class Outgoing:
    """One event as one reader receives it."""

    id: int
    type: str
    data: dict[str, Any]

    def encode(self) -> bytes:
        body = json.dumps(self.data, separators=(",", ":"))
        return f"id: {self.id}\nevent: {self.type}\ndata: {body}\n\n".encode()


@dataclass
class Stream:
    user_id: int
    queue: "asyncio.Queue[object]" = field(
        default_factory=lambda: asyncio.Queue(QUEUE_SIZE)
    )


def _rows_after(after: int, limit: int) -> list[dict[str, Any]]:
    from plein.channels.live.models import LiveEvent

    close_old_connections()
    try:
        rows = (
            LiveEvent.objects.filter(pk__gt=after)
            .order_by("pk")
            .values(
                "pk",
                "type",
                "post_id",
                "comment_id",
                "actor_id",
                "recipient_ids",
                "for_moderators",
            )[:limit]
        )
        return [dict(row) for row in rows]
    finally:
        close_old_connections()


def _last_id() -> int:
    from plein.channels.live.models import LiveEvent

    close_old_connections()
    try:
        return (
            LiveEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        )
    finally:
        close_old_connections()


def audiences(rows: list[dict[str, Any]], user_ids: set[int]) -> dict[int, set[int]]:
    """For each event id, which of ``user_ids`` may receive it now.

    One check per post and a few queries per batch, whatever the number of
    readers: the post's visibility rule for each reader (``readers_among``),
    a held or deleted comment only for its author, personal events only for
    the people named, moderation events only for moderators and admins.
    """
    from plein.access.posts import readers_among
    from plein.access.roles import Role
    from plein.people.models import User
    from plein.posts.models import Comment, Post

    close_old_connections()
    try:
        active = set(
            User.objects.filter(pk__in=user_ids, is_active=True).values_list(
                "pk", flat=True
            )
        )
        post_ids = {r["post_id"] for r in rows if r["post_id"]}
        readers: dict[int, set[int]] = {}
        for post in Post.objects.filter(pk__in=post_ids).select_related("group"):
            readers[post.pk] = set(readers_among(post, active))
        comment_ids = {r["comment_id"] for r in rows if r["comment_id"]}
        shown_comments = set(
            Comment.objects.filter(
                pk__in=comment_ids, withheld_at__isnull=True, deleted_at__isnull=True
            ).values_list("pk", flat=True)
        )
        moderators: set[int] | None = None
        result: dict[int, set[int]] = {}
        for row in rows:
            if row["type"] == "streams.close":
                result[row["pk"]] = set(row["recipient_ids"]) & user_ids
                continue
            audience = set(active)
            if row["post_id"]:
                audience &= readers.get(row["post_id"], set())
            if row["comment_id"] and row["comment_id"] not in shown_comments:
                audience &= {row["actor_id"]}
            if row["recipient_ids"]:
                audience &= set(row["recipient_ids"])
            if row["for_moderators"]:
                if moderators is None:
                    moderators = set(
                        User.objects.filter(
                            pk__in=active, role__in=[Role.ADMIN, Role.MODERATOR]
                        ).values_list("pk", flat=True)
                    )
                audience &= moderators
            result[row["pk"]] = audience
        return result
    finally:
        close_old_connections()


def outgoing(row: dict[str, Any]) -> Outgoing:
    data = {
        key: row[key]
        for key in ("post_id", "comment_id", "actor_id")
        if row.get(key) is not None
    }
    return Outgoing(row["pk"], row["type"], data)


class Dispatcher:
    """Reads the log for all streams of this process and hands out their share."""

    def __init__(self) -> None:
        self.streams: dict[int, Stream] = {}
        self.per_person: dict[int, int] = defaultdict(int)
        self.cursor: int | None = None
        self.wakeup = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.redis_task: asyncio.Task[None] | None = None
        self._ids = itertools.count(1)
        self.loop: asyncio.AbstractEventLoop | None = None

    async def start(self) -> None:
        if self.task is not None and not self.task.done():
            return
        self.loop = asyncio.get_running_loop()
        if self.cursor is None:
            self.cursor = await sync_to_async(_last_id, thread_sensitive=False)()
        bus.listen(self.loop, self.wakeup)
        self.task = asyncio.create_task(self._run())
        if settings.REDIS_URL:
            self.redis_task = asyncio.create_task(self._listen_redis())

    async def _listen_redis(self) -> None:
        import redis.asyncio as aioredis

        while True:
            try:
                client = aioredis.Redis.from_url(settings.REDIS_URL)
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(bus.CHANNEL)
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            self.wakeup.set()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("live: Redis subscription lost", exc_info=True)
                await asyncio.sleep(2)

    def open(self, user_id: int) -> tuple[int, Stream] | None:
        """A new stream for ``user_id``; None when they have too many open."""
        if self.per_person[user_id] >= settings.LIVE_MAX_STREAMS_PER_PERSON:
            return None
        stream_id = next(self._ids)
        stream = Stream(user_id)
        self.streams[stream_id] = stream
        self.per_person[user_id] += 1
        return stream_id, stream

    def close(self, stream_id: int) -> None:
        stream = self.streams.pop(stream_id, None)
        if stream is not None:
            self.per_person[stream.user_id] -= 1
            if not self.per_person[stream.user_id]:
                del self.per_person[stream.user_id]

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self.wakeup.wait(), timeout=settings.LIVE_POLL_MS / 1000
                )
            self.wakeup.clear()
            if not self.streams:
                # Nobody to tell: move on, so that a stream opened later
                # starts from now and catches up from the log, not the queue.
                self.cursor = await sync_to_async(_last_id, thread_sensitive=False)()
                continue
            try:
                await self.deliver()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("live: could not deliver events")
                await asyncio.sleep(1)

    async def deliver(self) -> None:
        assert self.cursor is not None  # noqa: S101 - set in start()
        while True:
            rows = await sync_to_async(_rows_after, thread_sensitive=False)(
                self.cursor, BATCH
            )
            if not rows:
                return
            streams = dict(self.streams)
            user_ids = {s.user_id for s in streams.values()}
            allowed = await sync_to_async(audiences, thread_sensitive=False)(
                rows, user_ids
            )
            for row in rows:
                readers = allowed.get(row["pk"], set())
                if not readers:
                    continue
                message = outgoing(row)
                for stream in streams.values():
                    if stream.user_id not in readers:
                        continue
                    item = _CLOSE if row["type"] == "streams.close" else message
                    try:
                        stream.queue.put_nowait(item)
                    except asyncio.QueueFull:
                        # Too far behind: it reconnects and catches up.
                        stream.queue = asyncio.Queue(1)
                        stream.queue.put_nowait(_CLOSE)
            self.cursor = rows[-1]["pk"]
            if len(rows) < BATCH:
                return


_dispatcher: Dispatcher | None = None


def dispatcher() -> Dispatcher:
    global _dispatcher
    if _dispatcher is None or (
        _dispatcher.loop is not None and _dispatcher.loop.is_closed()
    ):
        _dispatcher = Dispatcher()
    return _dispatcher


def parse_last_event_id(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


async def catch_up(user_id: int, after: int, until: int) -> list[Outgoing] | None:
    """What ``user_id`` missed in ``(after, until]``; None when it is too much."""

    def read() -> list[dict[str, Any]]:
        return _rows_after(after, CATCH_UP_LIMIT + 1)

    rows = [
        r
        for r in await sync_to_async(read, thread_sensitive=False)()
        if r["pk"] <= until
    ]
    if len(rows) > CATCH_UP_LIMIT:
        return None
    allowed = await sync_to_async(audiences, thread_sensitive=False)(rows, {user_id})
    return [
        outgoing(r)
        for r in rows
        if user_id in allowed.get(r["pk"], set()) and r["type"] != "streams.close"
    ]


async def event_stream(
    stream_id: int, stream: Stream, *, last_event_id: int | None
) -> AsyncIterator[bytes]:
    """The bytes of one stream, from (after) ``last_event_id`` until it ends."""
    hub = dispatcher()
    started = time.monotonic()
    try:
        yield b"retry: 3000\n\n"
        sent = hub.cursor or 0
        if last_event_id is not None and last_event_id < sent:
            missed = await catch_up(stream.user_id, last_event_id, sent)
            if missed is None:
                # Too much to replay: a fresh page load is the same state.
                yield b"event: reload\ndata: {}\n\n"
                return
            for item in missed:
                yield item.encode()
        # Tell the browser where it stands, so a reconnect resumes from here.
        yield f"id: {sent}\nevent: ready\ndata: {{}}\n\n".encode()
        heartbeat = settings.LIVE_HEARTBEAT_SECONDS
        while time.monotonic() - started < settings.LIVE_MAX_STREAM_SECONDS:
            try:
                got = await asyncio.wait_for(stream.queue.get(), timeout=heartbeat)
            except TimeoutError:
                yield b": heartbeat\n\n"
                continue
            if not isinstance(got, Outgoing):  # _CLOSE
                return
            if got.id > sent:
                sent = got.id
                yield got.encode()
    finally:
        hub.close(stream_id)
