"""Waking the streams of every web process when live events are written.

The events themselves are rows (``LiveEvent``), so every process reads the
same ordered log and a reconnecting browser can catch up. What crosses
processes is only "there is something new":

- in the process that wrote the event, at once (``call_soon_threadsafe``);
- in other processes, through Redis pub/sub when ``REDIS_URL`` is set;
- and in any case by each process looking at the log every
  ``LIVE_POLL_MS`` (a primary-key range read): the embedded set-up on
  one machine (web, worker, mail gateway as separate processes on SQLite)
  needs nothing else.
"""

import asyncio
import logging
import threading
from typing import Any

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

CHANNEL = "plein:live"
_lock = threading.Lock()
_listeners: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
_publisher = None


def listen(loop: asyncio.AbstractEventLoop, wakeup: asyncio.Event) -> None:
    """Wake ``wakeup`` on ``loop`` whenever this process writes live events."""
    with _lock:
        _listeners.append((loop, wakeup))


def stop_listening(wakeup: asyncio.Event) -> None:
    with _lock:
        _listeners[:] = [(loop, w) for loop, w in _listeners if w is not wakeup]


def _redis_client() -> Any:
    global _publisher
    if _publisher is None and settings.REDIS_URL:
        import redis

        _publisher = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)
    return _publisher


def wake() -> None:
    """Tell this process's streams, and the other processes, to look now."""
    with _lock:
        listeners = list(_listeners)
    for loop, wakeup in listeners:
        try:
            loop.call_soon_threadsafe(wakeup.set)
        except RuntimeError:  # the loop has closed
            stop_listening(wakeup)
    client = _redis_client()
    if client is not None:
        try:
            client.publish(CHANNEL, b"1")
        except Exception:
            # The others still look at the log every few hundred milliseconds.
            logger.warning("could not publish a live wake-up to Redis", exc_info=True)


def wake_after_commit() -> None:
    transaction.on_commit(wake)
