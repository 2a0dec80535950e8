"""Workers survive ``kill -9``: a task whose worker died runs again, once in effect."""

import json
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from plein.core.models import TaskLease
from plein.core.tests.crash_probe import CREATE_TABLE, write_in_two_steps
from plein.core.tests.processes import SharedDatabase, kill_hard, shared_database
from plein.core.tests.test_tasks import CALLS, flaky, redis_available
from plein.core.workers import (
    WORKER_LOST,
    LeasingWorker,
    attempts_of,
    reclaim_stale_tasks,
    reclaim_unleased_tasks,
)

PROBE = "plein.core.tests.crash_probe.write_in_two_steps"
# Seconds: the heartbeat renews every half second, so a busy machine has to
# stall a worker for two seconds before its task is taken for abandoned.
LEASE = 2


def prepare(db: SharedDatabase, *, key: str, enqueue: bool = True) -> None:
    """Migrate the queue's tables, create the probe table, enqueue one probe task."""
    code = (
        "from django.core.management import call_command\n"
        "from django.db import connection\n"
        "from plein.core.tests.crash_probe import write_in_two_steps\n"
        "call_command('migrate', 'core', verbosity=0)\n"
        f"connection.cursor().execute({CREATE_TABLE!r})\n"
    )
    if enqueue:
        code += f"write_in_two_steps.enqueue(key={key!r}, folder={str(db.folder)!r})\n"
    db.run("shell", "-c", code)


def runs(db: SharedDatabase) -> list[str]:
    path = db.folder / "runs"
    return path.read_text().split() if path.exists() else []


def test_task_of_a_killed_worker_runs_again_to_completion_once(
    shared_db: SharedDatabase,
) -> None:
    db = shared_db
    prepare(db, key="delivery-1")
    (db.folder / "hold").touch()

    first = db.start("worker-1", "worker", TASK_LEASE_SECONDS=str(LEASE))
    db.wait_for("the first run to start", lambda: len(runs(db)) == 1)
    db.wait_for(
        "step 1 of the first run",
        lambda: (db.folder / f"step1-{runs(db)[0]}").exists(),
    )
    claimed = time.monotonic()
    # A second worker while the first is alive and holding the task for
    # longer than a lease: the heartbeat keeps the task the first worker's.
    second = db.start("worker-2", "worker", TASK_LEASE_SECONDS=str(LEASE))
    db.wait_for("the second worker", lambda: "Starting worker" in db.log("worker-2"))
    # Until the lease would have expired twice over without its heartbeat,
    # and the second worker has looked for stale leases a few times.
    time.sleep(max(1.0, claimed + 2 * LEASE - time.monotonic()))
    assert len(runs(db)) == 1, db.logs()
    assert db.query("SELECT status FROM django_tasks_database_dbtaskresult") == [
        ("RUNNING",)
    ]

    kill_hard(first)
    (db.folder / "hold").unlink()
    # The worker records the outcome, then drops its lease: wait for both.
    db.wait_for(
        "the task to succeed on the second worker and its lease to go",
        lambda: (
            db.query("SELECT status FROM django_tasks_database_dbtaskresult")
            == [("SUCCESSFUL",)]
            and db.query("SELECT * FROM core_tasklease") == []
        ),
    )

    # Ran twice, finished once: each step's row exists exactly once.
    assert len(runs(db)) == 2
    assert runs(db)[1] == str(second.pid)
    assert db.query("SELECT key, step FROM plein_crash_probe ORDER BY step") == [
        ("delivery-1", 1),
        ("delivery-1", 2),
    ]
    ((task_path, worker_ids),) = db.query(
        "SELECT task_path, worker_ids FROM django_tasks_database_dbtaskresult"
    )
    assert task_path == PROBE
    if isinstance(worker_ids, str):  # SQLite hands JSON over as text
        worker_ids = json.loads(worker_ids)
    # host:pid:random, one claim each.
    assert [w.split(":")[1] for w in worker_ids] == [str(first.pid), str(second.pid)]
    assert "is back in the queue" in db.log("worker-2")
    assert second.poll() is None


def test_worker_stopped_twice_puts_its_task_back_at_once(
    shared_db: SharedDatabase,
) -> None:
    db = shared_db
    prepare(db, key="delivery-2")
    (db.folder / "hold").touch()
    worker = db.start("worker", "worker")
    db.wait_for("the run to start", lambda: len(runs(db)) == 1)

    # What plein serve does when a worker does not stop within its grace
    # period: a first SIGTERM waits for the task, a second interrupts it.
    worker.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    assert worker.poll() is None
    worker.send_signal(signal.SIGTERM)

    assert worker.wait(timeout=10) == 1
    assert db.query("SELECT status FROM django_tasks_database_dbtaskresult") == [
        ("READY",)
    ]
    assert db.query("SELECT * FROM core_tasklease") == []
    assert "interrupted: back in the queue" in db.log("worker")


# Reclaiming, in this process -------------------------------------------------------
def running_task(*worker_ids: str, lease_in: float | None) -> DBTaskResult:
    """A probe task claimed by ``worker_ids`` (the last one holds it)."""
    result = write_in_two_steps.using(backend="database").enqueue(
        key="k", folder="/nonexistent"
    )
    row = DBTaskResult.objects.get(pk=result.id)
    row.status = "RUNNING"
    row.worker_ids = list(worker_ids)
    row.started_at = timezone.now() - timedelta(minutes=5)
    row.save()
    if lease_in is not None:
        TaskLease.objects.create(
            task=row,
            worker_id=worker_ids[-1],
            expires_at=timezone.now() + timedelta(seconds=lease_in),
        )
    return row


@pytest.mark.django_db
def test_task_whose_lease_expired_goes_back_to_the_queue() -> None:
    row = running_task("host:1:a", lease_in=-1)

    assert reclaim_stale_tasks() == 1

    row.refresh_from_db()
    assert row.status == "READY"
    assert not TaskLease.objects.exists()
    # The next worker to claim it adds its id: the rerun is attempt 2.
    assert attempts_of(row.args_kwargs, [*row.worker_ids, "host:2:b"]) == 2


@pytest.mark.django_db
def test_task_with_a_live_lease_is_left_alone() -> None:
    row = running_task("host:1:a", lease_in=10)

    assert reclaim_stale_tasks() == 0

    row.refresh_from_db()
    assert row.status == "RUNNING"
    assert TaskLease.objects.filter(task=row).exists()


@pytest.mark.django_db
def test_task_whose_workers_died_on_every_attempt_fails_for_good(settings) -> None:
    settings.TASK_MAX_ATTEMPTS = 3
    row = running_task("host:1:a", "host:2:b", "host:3:c", lease_in=-1)

    assert reclaim_stale_tasks() == 1

    row.refresh_from_db()
    assert row.status == "FAILED"
    assert row.exception_class_path == WORKER_LOST
    assert "attempt 3 of 3" in row.traceback


@pytest.mark.django_db
def test_lease_left_behind_by_a_finished_task_is_only_removed() -> None:
    row = running_task("host:1:a", lease_in=-1)
    DBTaskResult.objects.filter(pk=row.pk).update(status="SUCCESSFUL")

    assert reclaim_stale_tasks() == 0

    row.refresh_from_db()
    assert row.status == "SUCCESSFUL"
    assert not TaskLease.objects.exists()


@pytest.mark.django_db
def test_running_task_without_a_lease_is_requeued_after_a_lease_period() -> None:
    old = running_task("host:1:a", lease_in=None)
    recent = running_task("host:1:a", lease_in=None)
    DBTaskResult.objects.filter(pk=recent.pk).update(started_at=timezone.now())

    assert reclaim_unleased_tasks("database") == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, recent.status) == ("READY", "RUNNING")


@pytest.mark.django_db(transaction=True)
def test_retry_after_a_rerun_counts_the_rerun_as_an_attempt(settings) -> None:
    settings.TASK_MAX_ATTEMPTS = 5
    CALLS.clear()
    # The task failed once by raising (attempt 1, retried as _attempt=2) and
    # that retry's worker died twice: this run is attempt 4.
    result = flaky.using(backend="database").enqueue(value=1, _attempt=2)
    DBTaskResult.objects.filter(pk=result.id).update(
        worker_ids=["host:1:a", "host:2:b"]
    )
    worker = LeasingWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="database",
        startup_delay=False,
        max_tasks=None,
        worker_id="host:3:c",
        excluded_queue_names=[],
    )

    worker.run()

    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"_attempt": 5, "value": 1}
    assert DBTaskResult.objects.get(pk=result.id).status == "FAILED"
    assert not TaskLease.objects.exists()


# RQ on Redis --------------------------------------------------------------------------
REDIS_URL = "redis://127.0.0.1:6379/14"  # a database of this test's own


@pytest.mark.redis
@pytest.mark.own_sqlite
def test_rq_job_of_a_killed_worker_runs_again_to_completion_once(
    tmp_path: Path,
) -> None:
    if not redis_available():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    with shared_database("sqlite", tmp_path) as db:
        prepare(db, key="rq-1", enqueue=False)
        db.run(
            "shell",
            "-c",
            "from plein.core.tests.crash_probe import write_in_two_steps\n"
            f"write_in_two_steps.enqueue(key='rq-1', folder={str(db.folder)!r})\n",
            REDIS_URL=REDIS_URL,
        )
        (db.folder / "hold").touch()
        first = db.start("worker-1", "worker", REDIS_URL=REDIS_URL)
        db.wait_for("the first run to start", lambda: len(runs(db)) == 1)
        db.wait_for(
            "step 1 of the first run",
            lambda: (db.folder / f"step1-{runs(db)[0]}").exists(),
        )
        kill_hard(first)  # the worker and the work horse running the job
        # RQ takes a job for abandoned once its heartbeat lapsed (~90 s after
        # the last); age the started-job registry instead of waiting.
        registry = "rq:wip:default"
        for member in connection.zrange(registry, 0, -1):
            connection.zadd(registry, {member: 1})
        (db.folder / "hold").unlink()

        db.start("worker-2", "worker", REDIS_URL=REDIS_URL)
        db.wait_for(
            "step 2",
            lambda: (
                db.query("SELECT step FROM plein_crash_probe WHERE step = 2") == [(2,)]
            ),
        )

        assert len(runs(db)) == 2
        assert db.query("SELECT key, step FROM plein_crash_probe ORDER BY step") == [
            ("rq-1", 1),
            ("rq-1", 2),
        ]
        db.wait_for("the log line", lambda: "enqueued again" in db.log("worker-2"))
        assert "(attempt 2 of 5)" in db.log("worker-2")
    connection.flushdb()
