"""What a dead process leaves behind on RQ is picked up by the workers.

- A task for RQ is enqueued on Redis after the commit; the outbox row
  written in the transaction is relayed when the process died in between.
- A job taken off the queue by a worker that died before starting it is
  run again.

tests/scaleout kills real web processes and workers for both.
"""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from plein.core import workers
from plein.core.models import PendingTask
from plein.core.tasks import enqueue_on_commit, retrying_task
from plein.core.tests.test_tasks import redis_available
from plein.core.workers import STRANDED_AFTER_SECONDS, relay_stranded_tasks
from plein.feed.tasks import deliver_post

REDIS_URL = "redis://127.0.0.1:6379/13"  # a database of this test's own

RAN: list[int] = []


@retrying_task
def record(*, value: int) -> int:
    RAN.append(value)
    return value


@pytest.mark.django_db
def test_a_task_for_rq_waits_in_the_outbox_until_it_is_on_redis(
    django_capture_on_commit_callbacks,
):
    # The callbacks are captured, not run: the process "dies" after the commit.
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        enqueue_on_commit(deliver_post.using(backend="redis"), post_id=7)

    assert len(callbacks) == 1
    assert list(
        PendingTask.objects.values_list("task_path", "backend", "queue_name", "kwargs")
    ) == [("plein.feed.tasks.deliver_post", "redis", "default", {"post_id": 7})]


@pytest.mark.django_db
def test_a_task_for_rq_leaves_no_row_when_its_work_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(deliver_post.using(backend="redis"), post_id=8)
        raise RuntimeError("the work fails")

    assert not PendingTask.objects.exists()


@pytest.mark.django_db
def test_stranded_tasks_are_relayed_and_recent_ones_left_to_their_process():
    now = timezone.now()
    stranded_at = now - timedelta(seconds=STRANDED_AFTER_SECONDS + 1)

    def pending(value: int, created_at, path: str = record.module_path):
        return PendingTask.objects.create(
            task_path=path,
            backend="default",  # the inline backend of the tests
            queue_name="default",
            kwargs={"value": value},
            created_at=created_at,
        )

    pending(1, stranded_at)
    recent = pending(2, now)
    pending(3, stranded_at, path="plein.core.tests.gone.task")
    RAN.clear()

    relayed = relay_stranded_tasks(now)

    assert relayed == 1
    assert RAN == [1]
    assert list(PendingTask.objects.values_list("pk", flat=True)) == [recent.pk]


@pytest.mark.redis
def test_a_job_whose_worker_died_taking_it_runs_again(monkeypatch):
    if not redis_available():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    import redis
    from rq import Queue

    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    queue = Queue("default", connection=connection)
    job = queue.enqueue(record.module_path, value=4)
    # A worker takes the job off the queue (into RQ's intermediate queue),
    # then dies before its work horse marks it started.
    Queue.dequeue_any([queue], None, connection=connection)
    rerun: list[str] = []
    monkeypatch.setattr(workers, "rerun_rq_job", lambda job, why: rerun.append(job.id))
    survivor = workers.RescuingWorker([queue], connection=connection)
    stuck = queue.intermediate_queue

    stuck.cleanup(survivor, queue)  # RQ notes when it first saw the job
    assert rerun == []
    connection.set(stuck.get_first_seen_key(job.id), time.time() - 120)
    stuck.cleanup(survivor, queue)  # and gives up on it a minute later

    assert rerun == [job.id]
    connection.flushdb()
