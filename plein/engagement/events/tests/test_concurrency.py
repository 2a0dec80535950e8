"""Concurrent sign-ups never take more places than there are.

Real threads, each with its own database connection and transaction, as
concurrent requests would. On SQLite the IMMEDIATE transactions serialise
the writers; on PostgreSQL the row lock on the event does
(``select_for_update`` in ``do_rsvp``).
"""

import random
import threading
import time
from datetime import timedelta

import pytest
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from plein.access.events import access_event
from plein.engagement.events.actions import EventDetails, check_create_event, check_rsvp
from plein.engagement.events.models import Rsvp

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 12
CAPACITY = 3


def _answer(person, post_id, answer):
    """One request's transaction, tried again while the database is busy.

    The test database on SQLite is an in-memory one with a shared cache,
    which answers "table is locked" at once instead of waiting as a file
    database does: the retry stands in for that wait.
    """
    for _attempt in range(200):
        try:
            with transaction.atomic(durable=True):
                check_rsvp(person, access_event(person, post_id), answer)
            return
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(random.uniform(0.005, 0.03))
    raise AssertionError("the database stayed busy")


def test_concurrent_sign_ups_fill_the_places_and_queue_the_rest(make_person):
    organiser = make_person("Olga Organiser")
    people = [make_person(f"Deelnemer {n}") for n in range(PEOPLE)]
    start = timezone.now() + timedelta(days=2)
    with transaction.atomic():
        post = check_create_event(
            organiser,
            EventDetails(
                starts_at=start,
                ends_at=start + timedelta(hours=1),
                location="Zaal 3",
                capacity=CAPACITY,
            ),
            title="Workshop",
        )
    barrier = threading.Barrier(PEOPLE)
    errors: list[BaseException] = []

    def sign_up(person):
        try:
            barrier.wait()
            _answer(person, post.pk, "yes")
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = Rsvp.objects.filter(event_id=post.pk, answer="yes")
    assert rows.count() == PEOPLE
    assert rows.filter(is_waiting=False).count() == CAPACITY
    assert rows.filter(is_waiting=True).count() == PEOPLE - CAPACITY

    # Two of those going cancel at once: two from the queue move up, in order.
    going = list(rows.filter(is_waiting=False).values_list("user_id", flat=True))
    queue = list(
        rows.filter(is_waiting=True)
        .order_by("answered_at", "pk")
        .values_list("user_id", flat=True)
    )
    cancelling = [p for p in people if p.pk in going[:2]]
    barrier = threading.Barrier(2)

    def cancel(person):
        try:
            barrier.wait()
            _answer(person, post.pk, "no")
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel, args=(p,)) for p in cancelling]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    now_going = set(rows.filter(is_waiting=False).values_list("user_id", flat=True))
    assert len(now_going) == CAPACITY
    assert set(queue[:2]) <= now_going
