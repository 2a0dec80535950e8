"""Domain events: ``<domain>.<noun>.<verb>``, emitted after commit.

An action computes the audience (through ``plein.access``) and emits one event
per user-visible change. Consumers register with :func:`on`; tests capture
events with :func:`capture_events`.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    name: str
    payload: dict[str, Any]
    audience_ids: frozenset[int] = field(default_factory=frozenset)


Handler = Callable[[Event], None]
_handlers: dict[str, list[Handler]] = defaultdict(list)
_captures: list[list[Event]] = []


def on(name: str) -> Callable[[Handler], Handler]:
    """Register a consumer for an event name ("*" receives every event)."""

    def register(handler: Handler) -> Handler:
        _handlers[name].append(handler)
        return handler

    return register


def _dispatch(event: Event) -> None:
    for captured in _captures:
        captured.append(event)
    for handler in [*_handlers.get(event.name, []), *_handlers.get("*", [])]:
        try:
            handler(event)
        except Exception:
            # One broken consumer must not undo the committed change or starve
            # the other consumers.
            logger.exception("event handler failed for %s", event.name)


def emit_on_commit(
    name: str, payload: dict[str, Any], audience_ids: Iterable[int] = ()
) -> None:
    event = Event(name=name, payload=payload, audience_ids=frozenset(audience_ids))
    transaction.on_commit(lambda: _dispatch(event))


@contextmanager
def capture_events() -> Iterator[list[Event]]:
    captured: list[Event] = []
    _captures.append(captured)
    try:
        yield captured
    finally:
        _captures.remove(captured)
