"""Domain events: what happened, told to every app that cares.

An action records what it changed as one event, ``<domain>.<noun>.<verb>``
(``posts.post.created``), with the audience it computed through
``plein.access``. The action does not know who listens: the feed, the
notifications, search, alerts and every feature subscribe from their own
``handlers.py`` (imported in their ``AppConfig.ready``). This is the only
fan-out: no action enqueues another app's task itself.

Three kinds of consumers, called in this order:

- recorders (:func:`record_with`) write the event down inside the action's
  transaction: the compliance audit log is one, so a change and its audit
  entry commit or roll back together;
- handlers (:func:`on`) run at once, inside the same transaction. They do
  small writes that must be true as soon as the change is (a search index
  row, the author's own feed row), and schedule slow work with
  ``plein.core.tasks.enqueue_on_commit``: on the embedded database queue the
  task row is written in the same transaction, so a process killed right
  after commit loses nothing. A handler that raises undoes the action;
- after-commit handlers (:func:`after_commit`) run once the change is
  committed, for effects outside the database that must never announce a
  change that did not happen. They are best effort: one that fails is logged.

``payload`` holds ids and codes, never personal data: recorders keep it in the
append-only audit log. ``context`` carries objects the action already holds
(the post it created, the links it rendered) so handlers need not fetch them
again; it is never recorded.

Tests capture committed events with :func:`capture_events`.

How an event reads to people (the audit log shows "Webhook added", not
``webhooks.webhook.created``): a feature labels its own events with
:func:`register_event_labels` from its ``hooks.py``.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    name: str
    payload: dict[str, Any]
    audience_ids: frozenset[int] = field(default_factory=frozenset)
    actor_id: int | None = None  # who did it; None for the system
    context: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


Handler = Callable[[Event], None]
_recorders: list[Handler] = []
_handlers: dict[str, list[Handler]] = defaultdict(list)
_after_commit: dict[str, list[Handler]] = defaultdict(list)
_captures: list[list[Event]] = []
_labels: dict[str, Any] = {}


def record_with(recorder: Handler) -> Handler:
    """Register a recorder: called with every event inside its transaction.

    A recorder that raises undoes the action, on purpose: a change that
    cannot be recorded (in the audit log) must not happen.
    """
    if recorder not in _recorders:
        _recorders.append(recorder)
    return recorder


def _subscribe(
    table: dict[str, list[Handler]], names: tuple[str, ...]
) -> Callable[[Handler], Handler]:
    if not names:
        raise ImproperlyConfigured("Name at least one event to subscribe to.")

    def register(handler: Handler) -> Handler:
        for name in names:
            if handler in table[name]:
                raise ImproperlyConfigured(
                    f"{handler.__module__}.{handler.__qualname__} subscribes "
                    f"to {name!r} twice"
                )
            table[name].append(handler)
        return handler

    return register


def on(*names: str) -> Callable[[Handler], Handler]:
    """Subscribe a handler, run inside the action's transaction, to events.

    ``"*"`` receives every event. Handlers run in the order they were
    registered; what they schedule happens only if the change commits.
    """
    return _subscribe(_handlers, names)


def after_commit(*names: str) -> Callable[[Handler], Handler]:
    """Subscribe a handler that runs once the change is committed."""
    return _subscribe(_after_commit, names)


def unsubscribe(handler: Handler) -> None:
    """Remove a handler everywhere (tests that subscribe a temporary one)."""
    for table in (_handlers, _after_commit):
        for handlers in table.values():
            if handler in handlers:
                handlers.remove(handler)


def subscriptions() -> dict[str, list[str]]:
    """Event name → the handlers subscribed to it, for listing and tests."""
    listing: dict[str, list[str]] = defaultdict(list)
    for table, suffix in ((_handlers, ""), (_after_commit, " (after commit)")):
        for name, handlers in table.items():
            listing[name].extend(
                f"{h.__module__}.{h.__qualname__}{suffix}" for h in handlers
            )
    return dict(sorted(listing.items()))


def _matching(table: dict[str, list[Handler]], name: str) -> list[Handler]:
    return [*table.get(name, ()), *table.get("*", ())]


def _dispatch_committed(event: Event) -> None:
    for captured in _captures:
        captured.append(event)
    for handler in _matching(_after_commit, event.name):
        try:
            handler(event)
        except Exception:
            # The change is committed: one broken consumer must not hide it
            # from the others.
            logger.exception("after-commit handler failed for %s", event.name)


def emit_on_commit(
    name: str,
    payload: dict[str, Any],
    audience_ids: Iterable[int] = (),
    *,
    actor_id: int | None = None,
    context: Mapping[str, Any] | None = None,
) -> Event:
    """Record the event and hand it to its subscribers; effects follow commit.

    Call it inside the action's transaction, after the change is written:
    recorders and handlers run now and see the change; what handlers
    schedule, and the after-commit handlers, happen only if it commits.
    """
    event = Event(
        name=name,
        payload=payload,
        audience_ids=frozenset(audience_ids),
        actor_id=actor_id,
        context=context or {},
    )
    for recorder in _recorders:
        recorder(event)
    for handler in _matching(_handlers, name):
        handler(event)
    if _captures or _matching(_after_commit, name):
        transaction.on_commit(lambda: _dispatch_committed(event))
    return event


@contextmanager
def capture_events() -> Iterator[list[Event]]:
    """Collect the events whose change committed while the block runs."""
    captured: list[Event] = []
    _captures.append(captured)
    try:
        yield captured
    finally:
        _captures.remove(captured)


def register_event_labels(labels: Mapping[str, Any]) -> None:
    """Name a feature's events for people (lazily translated strings)."""
    taken = sorted(set(labels) & set(_labels))
    if taken:
        raise ImproperlyConfigured(f"Event labels registered twice: {taken}")
    _labels.update(labels)


def event_labels() -> Mapping[str, Any]:
    """The labels features registered, by event name."""
    return _labels
