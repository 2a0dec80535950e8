"""Open live streams in tests: real ASGI requests on one event loop thread."""

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import AsyncClient

from plein.channels.live import stream as live_stream


@dataclass
class Received:
    id: str
    type: str
    data: dict[str, Any]


@dataclass
class Listener:
    """One open stream: what it received, in order, and how it ended."""

    status: int = 0
    events: list[Received] = field(default_factory=list)
    comments: int = 0
    ended: bool = False
    future: Any = None

    def types(self) -> list[str]:
        return [e.type for e in self.events if e.type != "ready"]

    def of(self, kind: str) -> list[Received]:
        return [e for e in self.events if e.type == kind]

    def type_seen(self, kind: str) -> bool:
        return any(e.type == kind for e in self.events)

    @property
    def last_id(self) -> str:
        return next((e.id for e in reversed(self.events) if e.id), "")

    def close(self) -> None:
        if self.future is not None:
            self.future.cancel()


def _parse(block: str) -> Received | None:
    import json

    if block.startswith(":"):
        return None
    fields: dict[str, str] = {}
    for line in block.split("\n"):
        name, _sep, value = line.partition(": ")
        fields[name] = value
    if "event" not in fields:
        return None
    return Received(
        fields.get("id", ""), fields["event"], json.loads(fields.get("data", "{}"))
    )


class Streams:
    """Opens streams on a private event loop, as an ASGI server would."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.listeners: list[Listener] = []

    def open(
        self,
        user: Any = None,
        *,
        path: str = "/live/stream",
        headers: dict[str, str] | None = None,
    ) -> Listener:
        listener = Listener()

        async def run() -> None:
            client = AsyncClient()
            if user is not None:
                await client.aforce_login(user)
            response = await client.get(path, headers=headers or {})
            listener.status = response.status_code
            if not getattr(response, "streaming", False):
                listener.ended = True
                return
            buffer = ""
            try:
                async for chunk in response.streaming_content:
                    buffer += chunk.decode()
                    while "\n\n" in buffer:
                        block, buffer = buffer.split("\n\n", 1)
                        if block.startswith(":"):
                            listener.comments += 1
                        received = _parse(block)
                        if received is not None:
                            listener.events.append(received)
            finally:
                listener.ended = True

        listener.future = asyncio.run_coroutine_threadsafe(run(), self.loop)
        self.listeners.append(listener)

        def answered() -> bool:
            if listener.type_seen("reload"):
                return True
            return listener.status != 0 and (
                listener.ended or listener.type_seen("ready")
            )

        self.wait_for(answered)
        return listener

    @staticmethod
    def wait_for(condition: Callable[[], bool], timeout: float = 10) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.02)
        return False

    def stop(self) -> None:
        for listener in self.listeners:
            listener.close()
        hub = live_stream._dispatcher

        async def halt() -> None:
            if hub is not None:
                for task in (hub.task, hub.redis_task):
                    if task is not None:
                        task.cancel()

        asyncio.run_coroutine_threadsafe(halt(), self.loop).result(timeout=5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)
        live_stream._dispatcher = None


def _read_uncommitted(sender: Any, connection: Any, **kwargs: Any) -> None:
    # The test database is SQLite in memory with a shared cache, where a
    # reader's table lock makes a writer in another thread fail at once
    # ("database table is locked") instead of waiting, as a file in WAL mode
    # (the real set-up) would. Readers that take no table locks avoid it.
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = true")


@pytest.fixture
def streams(settings: Any) -> Iterator[Streams]:
    from django.db.backends.signals import connection_created

    settings.LIVE_POLL_MS = 50
    live_stream._dispatcher = None
    connection_created.connect(_read_uncommitted, dispatch_uid="live-tests")
    opened = Streams()
    try:
        yield opened
    finally:
        opened.stop()
        connection_created.disconnect(dispatch_uid="live-tests")
