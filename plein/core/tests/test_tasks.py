"""Background work on the real queues: the database worker and RQ on Redis."""

import socket

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from plein.core.tasks import retrying_task
from plein.feed.models import InboxEntry
from plein.feed.tasks import deliver_post
from plein.posts.actions import do_create_post

CALLS: list[int] = []


@retrying_task
def flaky(*, value: int) -> int:
    """Fails on its first run, succeeds afterwards."""
    CALLS.append(value)
    if len(CALLS) == 1:
        raise RuntimeError("first run fails")
    return value


def redis_available() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.django_db(transaction=True)
def test_database_worker_delivers_a_post(alice, bob, make_group):
    group = make_group(alice, "Team", "open", members=(bob,))
    post = do_create_post(alice, body="Via de wachtrij", group=group)
    InboxEntry.objects.filter(post=post).delete()
    deliver_post.using(backend="database").enqueue(post_id=post.pk)
    call_command(
        "db_worker",
        "--batch",
        "--backend",
        "database",
        "--no-startup-delay",
        verbosity=0,
    )
    assert set(
        InboxEntry.objects.filter(post=post).values_list("user_id", flat=True)
    ) == {alice.pk, bob.pk}
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_failed_task_is_retried_later_with_the_next_attempt(settings):
    CALLS.clear()
    flaky.using(backend="database").enqueue(value=7)
    call_command(
        "db_worker",
        "--batch",
        "--backend",
        "database",
        "--no-startup-delay",
        verbosity=0,
    )
    results = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [r.status for r in results] == ["FAILED", "READY"]
    retry = results[1]
    assert retry.args_kwargs["kwargs"] == {"_attempt": 2, "value": 7}
    assert retry.run_after is not None and retry.run_after > results[0].enqueued_at


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_rq_worker_on_redis_delivers_a_post(alice, bob, make_group):
    if not redis_available():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    queue = django_rq.get_queue("default")
    queue.empty()
    group = make_group(alice, "Team", "open", members=(bob,))
    post = do_create_post(alice, body="Via Redis", group=group)
    InboxEntry.objects.filter(post=post).delete()
    result = deliver_post.using(backend="redis").enqueue(post_id=post.pk)
    worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
    worker.work(burst=True)
    assert set(
        InboxEntry.objects.filter(post=post).values_list("user_id", flat=True)
    ) == {alice.pk, bob.pk}
    result.refresh()
    assert result.status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_database_queue_rows_commit_and_roll_back_with_the_work(alice):
    from django.db import transaction

    from plein.core.tasks import enqueue_on_commit

    database_deliver = deliver_post.using(backend="database")
    with transaction.atomic():
        enqueue_on_commit(database_deliver, post_id=1)
        # Written in the same transaction: visible to it before the commit.
        assert DBTaskResult.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    try:
        with transaction.atomic():
            enqueue_on_commit(database_deliver, post_id=2)
            raise RuntimeError("the work fails")
    except RuntimeError:
        pass
    assert list(
        DBTaskResult.objects.values_list("args_kwargs__kwargs__post_id", flat=True)
    ) == [1]


@pytest.mark.django_db
def test_collected_tasks_are_handed_to_the_caller_instead_of_enqueued() -> None:
    from django.db import transaction

    from plein.core.tasks import collect_tasks, enqueue_on_commit

    with transaction.atomic(), collect_tasks() as collected:
        enqueue_on_commit(deliver_post.using(backend="database"), post_id=3)

    assert [(t.module_path, kwargs) for t, kwargs in collected] == [
        ("plein.feed.tasks.deliver_post", {"post_id": 3})
    ]
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_finished_results_are_pruned_after_the_keeping_period(settings) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from plein.core.tasks import prune_task_results

    settings.TASK_RESULTS_KEEP_DAYS = 7
    now = timezone.now()
    database_deliver = deliver_post.using(backend="database")
    rows = {}
    for name, status, finished_days_ago in [
        ("old done", "SUCCESSFUL", 8),
        ("old failed", "FAILED", 30),
        ("recent", "SUCCESSFUL", 6),
        ("waiting", "READY", None),
        ("running", "RUNNING", None),
    ]:
        result = database_deliver.enqueue(post_id=1)
        finished_at = (
            None if finished_days_ago is None else now - timedelta(finished_days_ago)
        )
        DBTaskResult.objects.filter(pk=result.id).update(
            status=status, finished_at=finished_at
        )
        rows[name] = result.id

    assert prune_task_results.call() == 2

    kept = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert {str(pk) for pk in kept} == {
        str(rows[name]) for name in ("recent", "waiting", "running")
    }
