"""Domain events: ``<domain>.<noun>.<verb>``, recorded now, dispatched after commit.

An action computes the audience (through ``plein.access``) and emits one event
per change. Two kinds of consumers:

- recorders (:func:`record_with`) run at once, inside the action's
  transaction, so what they write commits or rolls back with the change:
  the compliance audit log is one;
- handlers (:func:`on`) run after commit, for side effects.

Tests capture events with :func:`capture_events`.
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
    actor_id: int | None = None  # who did it; None for the system


Handler = Callable[[Event], None]
_handlers: dict[str, list[Handler]] = defaultdict(list)
_recorders: list[Handler] = []
_captures: list[list[Event]] = []


def record_with(recorder: Handler) -> Handler:
    """Register a recorder: called with every event inside its transaction.

    A recorder that raises undoes the action, on purpose: a change that
    cannot be recorded (in the audit log) must not happen.
    """
    if recorder not in _recorders:
        _recorders.append(recorder)
    return recorder


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
    name: str,
    payload: dict[str, Any],
    audience_ids: Iterable[int] = (),
    *,
    actor_id: int | None = None,
) -> None:
    """Record the event now (recorders) and dispatch it after commit (handlers).

    ``payload`` holds ids and codes, never personal data: it is kept in the
    append-only audit log, which erasure cannot rewrite.
    """
    event = Event(
        name=name,
        payload=payload,
        audience_ids=frozenset(audience_ids),
        actor_id=actor_id,
    )
    for recorder in _recorders:
        recorder(event)
    transaction.on_commit(lambda: _dispatch(event))


@contextmanager
def capture_events() -> Iterator[list[Event]]:
    captured: list[Event] = []
    _captures.append(captured)
    try:
        yield captured
    finally:
        _captures.remove(captured)
