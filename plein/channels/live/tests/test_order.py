"""The live log commits in the order of its ids, so no stream skips a row."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from plein.channels.live.handlers import write_event
from plein.channels.live.models import LiveEvent

pytestmark = pytest.mark.django_db(transaction=True)


def _in_thread(work: Callable[[], None]) -> threading.Thread:
    def run() -> None:
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_a_later_event_waits_for_an_earlier_open_one() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises write transactions already")
    written = threading.Event()
    release = threading.Event()
    second_done = threading.Event()

    def slow() -> None:
        with transaction.atomic():
            write_event(type="moderation.changed", for_moderators=True)
            written.set()
            release.wait(10)

    def fast() -> None:
        with transaction.atomic():
            write_event(type="streams.close", recipient_ids=[1])
        second_done.set()

    first = _in_thread(slow)
    assert written.wait(10)
    second = _in_thread(fast)
    # Had the second committed now, with the higher id, a stream reading
    # the log would have moved past the first one's id before it committed.
    assert not second_done.wait(0.5)
    assert not LiveEvent.objects.exists()
    release.set()
    first.join(10)
    second.join(10)
    assert list(LiveEvent.objects.order_by("pk").values_list("type", flat=True)) == [
        "moderation.changed",
        "streams.close",
    ]
