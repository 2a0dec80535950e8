"""The workers that drain the task queues, safe under ``kill -9``.

A worker can die at any moment: killed, out of memory, its machine switched
off. The task it was running must then run again, elsewhere or after a
restart, and run once more at most per death: tasks are idempotent, so
running one again is safe, and losing one never is.

*The database queue* (django-tasks-db, the embedded default): the package
claims a task by setting it RUNNING and has no way back from there.
``LeasingWorker`` is its worker with a lease per running task
(``TaskLease``), written in the transaction that claims the task and renewed
by a heartbeat thread every quarter of ``TASK_LEASE_SECONDS``. The same
thread reclaims the tasks of workers that stopped: an expired lease is
deleted with a conditional delete (one reclaimer wins) and its task set
READY again, or FAILED once it has used ``TASK_MAX_ATTEMPTS``.

*RQ on Redis*: RQ notices a dead worker itself (its started-job registry
expires) but only reruns jobs enqueued with retries, which Django's tasks
API does not ask for. ``rerun_abandoned_rq_job`` enqueues such a job again as
the next attempt. A task is put on Redis after its transaction commits; one
whose process died in between waits in the outbox (``PendingTask``), which
``RescuingWorker`` empties on each maintenance pass; the same worker reruns
a job whose worker died as it took it off the queue. See
docs/decisions/0003-database-task-queue.md.
"""

import inspect
import logging
import os
import signal
import socket
import sys
import threading
import time
from datetime import datetime, timedelta
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import close_old_connections, connections, transaction
from django.db.models import QuerySet
from django.db.models.signals import post_save
from django.tasks import TaskContext, TaskResultStatus
from django.tasks.signals import task_finished, task_started
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from rq import Worker as RQWorker

from plein.core.models import PendingTask, TaskLease

logger = logging.getLogger(__name__)

# The exception class recorded on a task that failed because its worker
# died every time it ran it (there is no exception of the task's own).
WORKER_LOST = "plein.core.workers.WorkerLost"
# RUNNING tasks without a lease (claimed by a bare `db_worker`, or before
# leases existed) are looked for at start-up and then this often.
UNLEASED_SCAN_SECONDS = 600
# What RQ's clean-up says of a job whose worker died before starting it.
STUCK_IN_INTERMEDIATE_QUEUE = "stuck in intermediate queue"
# A task for RQ still in the outbox this long after its row was written
# belongs to a process that died between the commit and the enqueue.
STRANDED_AFTER_SECONDS = 30


def build_worker_id() -> str:
    """``host:pid:random``: names the worker holding a lease in logs and rows."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"


def lease_period() -> timedelta:
    return timedelta(seconds=settings.TASK_LEASE_SECONDS)


def attempts_of(args_kwargs: dict[str, Any], worker_ids: list[str]) -> int:
    """How often the work of a task row has been started, retries included.

    ``retrying_task`` counts the retries it enqueued in ``_attempt``; every
    rerun of the same row after a worker died adds a worker id.
    """
    first = int(args_kwargs.get("kwargs", {}).get("_attempt", 1))
    return first + max(0, len(worker_ids) - 1)


def _give_back(
    running: "QuerySet[DBTaskResult[..., Any]]", now: datetime, why: str
) -> int:
    """Set the one RUNNING task in ``running`` READY again, or FAILED when spent.

    ``running`` is a conditional filter: nothing happens when the task
    finished or was claimed again in the meantime. Returns 1 when the task
    was given back, 0 otherwise.
    """
    row = running.only("task_path", "args_kwargs", "worker_ids").first()
    if row is None:
        return 0
    attempts = attempts_of(row.args_kwargs, row.worker_ids)
    if attempts >= settings.TASK_MAX_ATTEMPTS:
        changed = running.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=WORKER_LOST,
            traceback=(
                f"The worker running this task stopped ({why}) on attempt "
                f"{attempts} of {settings.TASK_MAX_ATTEMPTS}."
            ),
        )
        if changed:
            logger.error(
                "task %s (%s) failed for good: %s on attempt %d",
                row.pk,
                row.task_path,
                why,
                attempts,
            )
        return changed
    changed = running.update(status=TaskResultStatus.READY)
    if changed:
        logger.warning(
            "task %s (%s) is back in the queue: %s (attempt %d of %d)",
            row.pk,
            row.task_path,
            why,
            attempts,
            settings.TASK_MAX_ATTEMPTS,
        )
    return changed


def reclaim_stale_tasks(now: datetime | None = None) -> int:
    """Put the tasks whose lease expired back in the queue.

    A lease expires when its worker stopped renewing it: the process died,
    or hangs. Each expired lease is claimed with a conditional delete, so of
    several workers reclaiming at once exactly one requeues the task. The
    task goes back READY (it runs again, as the next attempt) or, once it has
    used ``TASK_MAX_ATTEMPTS``, FAILED. Returns how many tasks changed.
    Runs its own short transactions; call it outside any.
    """
    now = now or timezone.now()
    changed = 0
    expired = TaskLease.objects.filter(expires_at__lt=now).values_list(
        "task_id", "worker_id"
    )
    for task_id, holder in list(expired):
        with transaction.atomic():
            won, _kinds = TaskLease.objects.filter(
                task_id=task_id, worker_id=holder, expires_at__lt=now
            ).delete()
            if not won:  # renewed, or another worker reclaimed it first
                continue
            changed += _give_back(
                DBTaskResult.objects.filter(pk=task_id, status="RUNNING"),
                now,
                f"worker {holder} stopped renewing its lease",
            )
    return changed


def reclaim_unleased_tasks(backend_name: str, now: datetime | None = None) -> int:
    """Requeue RUNNING tasks that have no lease and started a lease period ago.

    Such a task was claimed by a worker without leases (a bare
    ``db_worker``, or one from before leases existed): nobody can tell
    whether it is still alive, so one lease period is all it gets. Returns
    how many tasks changed.
    """
    now = now or timezone.now()
    candidates = DBTaskResult.objects.filter(
        status="RUNNING",
        backend_name=backend_name,
        plein_lease__isnull=True,
        started_at__lt=now - lease_period(),
    ).values_list("pk", "started_at")
    changed = 0
    for task_id, started_at in list(candidates):
        with transaction.atomic():
            changed += _give_back(
                DBTaskResult.objects.filter(
                    pk=task_id,
                    status="RUNNING",
                    started_at=started_at,
                    plein_lease__isnull=True,
                ),
                now,
                "it ran without a lease for longer than a lease period",
            )
    return changed


class LeasingWorker(Worker):
    """django-tasks-db's worker, with a lease on the task it runs.

    The package's loop claims tasks as before; this class adds the lease
    (through the claim's ``post_save``, inside the claiming transaction), a
    heartbeat thread that renews it and reclaims other workers' stale
    tasks, and puts an interrupted task back in the queue instead of
    recording it as failed.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._lock = threading.Lock()
        self._current: Any = None  # the pk of the task being run
        self._stopping = threading.Event()

    # The loop -----------------------------------------------------------------
    def run(self) -> None:
        post_save.connect(
            self._lease_on_claim,
            sender=DBTaskResult,
            weak=False,
            dispatch_uid=f"plein-lease-{self.worker_id}",
        )
        keeper = threading.Thread(
            target=self._keep_leases, name="plein-lease-keeper", daemon=True
        )
        keeper.start()
        try:
            super().run()
        finally:
            self._stopping.set()
            keeper.join(timeout=10)
            post_save.disconnect(
                sender=DBTaskResult, dispatch_uid=f"plein-lease-{self.worker_id}"
            )

    def _lease_on_claim(
        self, sender: Any, instance: DBTaskResult[..., Any], **kwargs: Any
    ) -> None:
        # DBTaskResult.claim() saves status, started_at and worker_ids inside
        # the worker's claiming transaction: the lease commits with the claim,
        # so no task of this worker is ever RUNNING without one.
        update_fields = kwargs.get("update_fields") or ()
        if "worker_ids" not in update_fields:
            return
        if instance.worker_ids[-1:] != [self.worker_id]:
            return
        TaskLease.objects.update_or_create(
            task_id=instance.pk,
            defaults={
                "worker_id": self.worker_id,
                "expires_at": timezone.now() + lease_period(),
            },
        )

    def run_task(self, db_task_result: DBTaskResult[..., Any]) -> None:
        """Run one claimed task, then record its outcome and drop the lease.

        The package's ``run_task``, except that an interruption (a second
        Ctrl-C, SystemExit) puts the task back in the queue at once: it did
        not fail, and its lease would only make it wait.
        """
        with self._lock:
            self._current = db_task_result.pk
        try:
            self._run_claimed(db_task_result)
        finally:
            with self._lock:
                self._current = None
            TaskLease.objects.filter(
                task_id=db_task_result.pk, worker_id=self.worker_id
            ).delete()

    def _run_claimed(self, db_task_result: DBTaskResult[..., Any]) -> None:
        self.running_task = True
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = type(task.get_backend())
            task_started.send(sender=backend_type, task_result=task_result)
            if task.takes_context:
                value = task.call(
                    TaskContext(task_result=task_result),
                    *task_result.args,
                    **task_result.kwargs,
                )
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
            db_task_result.set_successful(value)
            task_finished.send(
                sender=backend_type, task_result=db_task_result.task_result
            )
        except (KeyboardInterrupt, SystemExit):
            DBTaskResult.objects.filter(pk=db_task_result.pk, status="RUNNING").update(
                status=TaskResultStatus.READY
            )
            logger.warning(
                "task %s (%s) interrupted: back in the queue",
                db_task_result.pk,
                db_task_result.task_path,
            )
            raise
        except BaseException as exc:
            db_task_result.set_failed(exc)
            try:
                sender = type(db_task_result.task.get_backend())
                task_result = db_task_result.task_result
            except (ImportError, SuspiciousOperation):
                logger.exception("task %s failed unexpectedly", db_task_result.pk)
            else:
                task_finished.send(sender=sender, task_result=task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        # As the package's, but a requested stop is no warning.
        if not self.running:
            logger.warning("%s again: stopping the current task", signal_name(signum))
            self.reset_signals()
            sys.exit(1)
        logger.debug("%s: stopping after the current task", signal_name(signum))
        self.running = False
        if not self.running_task:
            sys.exit(0)

    # The heartbeat ----------------------------------------------------------------
    def _keep_leases(self) -> None:
        tick = max(0.2, settings.TASK_LEASE_SECONDS / 4)
        next_unleased_scan = 0.0
        try:
            while True:
                try:
                    close_old_connections()
                    self._renew()
                    reclaim_stale_tasks()
                    if time.monotonic() >= next_unleased_scan:
                        reclaim_unleased_tasks(self.backend_name)
                        next_unleased_scan = time.monotonic() + UNLEASED_SCAN_SECONDS
                except Exception:
                    # The database is away or locked: try again next tick. The
                    # lease is a quarter period from expiring at worst.
                    logger.warning("lease heartbeat failed", exc_info=True)
                if self._stopping.wait(tick):
                    return
        finally:
            connections.close_all()  # this thread's connections only

    def _renew(self) -> None:
        with self._lock:
            if self._current is None:
                return
            renewed = TaskLease.objects.filter(
                task_id=self._current, worker_id=self.worker_id
            ).update(expires_at=timezone.now() + lease_period())
            if not renewed:
                logger.warning(
                    "task %s: lease lost (this worker was taken for dead); it may "
                    "run again elsewhere",
                    self._current,
                )


def signal_name(signum: int) -> str:
    return signal.Signals(signum).name


# RQ on Redis -----------------------------------------------------------------------
def rerun_rq_job(job: Any, why: str) -> bool:
    """Enqueue the task of an RQ job whose worker died, as its next attempt.

    Only tasks declared with ``retrying_task`` are rerun (they count their
    attempts in ``_attempt``); after ``TASK_MAX_ATTEMPTS`` the job stays
    failed. Returns whether a new job was enqueued.
    """
    try:
        task = job.func
    except Exception:  # the task's code is gone: nothing to rerun
        logger.exception("job %s: cannot load its task to run it again", job.id)
        return False
    kwargs = dict(job.kwargs)
    if "_attempt" not in inspect.signature(task.func).parameters:
        logger.error("job %s (%s) lost: %s", job.id, job.func_name, why)
        return False
    attempt = int(kwargs.get("_attempt", 1))
    if attempt >= settings.TASK_MAX_ATTEMPTS:
        logger.error(
            "job %s (%s) failed for good: %s on attempt %d",
            job.id,
            job.func_name,
            why,
            attempt,
        )
        return False
    kwargs["_attempt"] = attempt + 1
    task.using(backend=job.meta["backend_name"], queue_name=job.origin).enqueue(
        *job.args, **kwargs
    )
    logger.warning(
        "job %s (%s) enqueued again: %s (attempt %d of %d)",
        job.id,
        job.func_name,
        why,
        attempt + 1,
        settings.TASK_MAX_ATTEMPTS,
    )
    return True


def rerun_abandoned_rq_job(job: Any, exc_type: Any, exc_value: Any, tb: Any) -> None:
    """RQ exception handler: rerun jobs RQ found abandoned by a dead worker.

    RQ's registry clean-up calls the worker's exception handlers with an
    ``AbandonedJobError`` for every job whose worker stopped sending
    heartbeats; other exceptions are the task's own and ``retrying_task``
    has dealt with them.
    """
    from rq.exceptions import AbandonedJobError

    if exc_type is AbandonedJobError:
        rerun_rq_job(job, "its worker died")


def rerun_after_horse_killed(job: Any, retpid: int, ret_val: int, rusage: Any) -> None:
    """RQ hook: the process running the job was killed (out of memory, SIGKILL)."""
    rerun_rq_job(job, f"the process running it was killed (status {ret_val})")


def relay_stranded_tasks(now: datetime | None = None) -> int:
    """Enqueue the RQ tasks left in the outbox by processes that died.

    ``enqueue_on_commit`` writes a task for RQ into ``PendingTask`` in the
    transaction that asks for it and deletes the row once the task is on
    Redis; a row older than ``STRANDED_AFTER_SECONDS`` was committed by a
    process that stopped before it could enqueue. Rows are locked while
    they are relayed, so workers relaying at once take different rows (and
    were one relayed twice, tasks are idempotent). Returns how many were
    enqueued. Runs its own transaction; call it outside any.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=STRANDED_AFTER_SECONDS)
    relayed = 0
    with transaction.atomic():
        rows = list(
            PendingTask.objects.select_for_update(skip_locked=True)
            .filter(created_at__lt=cutoff)
            .order_by("pk")[:1000]
        )
        for row in rows:
            try:
                task = import_string(row.task_path)
            except ImportError:
                logger.error("task %s lost: its code is gone", row.task_path)
                continue
            task.using(
                backend=row.backend, queue_name=row.queue_name, priority=row.priority
            ).enqueue(**row.kwargs)
            relayed += 1
            logger.warning(
                "task %s enqueued from the outbox: the process that committed "
                "it stopped before enqueueing it",
                row.task_path,
            )
        PendingTask.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return relayed


class RescuingWorker(RQWorker):
    """RQ's worker, which also picks up what dead processes left behind.

    - Each maintenance pass enqueues the tasks stranded in the outbox by
      processes that died between their commit and the enqueue.
    - A job taken off the queue by a worker that died before its work horse
      started it (the job is still QUEUED) is not among the abandoned jobs
      RQ hands to ``rerun_abandoned_rq_job``: RQ finds it in its
      intermediate queue a minute later and fails it. It is run again here.
    """

    def run_maintenance_tasks(self) -> None:
        # RQ leaves this method unannotated (the rest of Worker is typed).
        super().run_maintenance_tasks()  # type: ignore[no-untyped-call]
        try:
            relay_stranded_tasks()
        except Exception:
            # The database is away: the next pass tries again.
            logger.warning("could not relay the tasks in the outbox", exc_info=True)
        finally:
            # Each job runs in a process forked from this one, which must
            # not inherit an open database connection.
            connections.close_all()

    def handle_job_failure(
        self,
        job: Any,
        queue: Any,
        started_job_registry: Any = None,
        exc_string: str = "",
        execution: Any = None,
    ) -> None:
        super().handle_job_failure(
            job, queue, started_job_registry, exc_string, execution
        )
        if STUCK_IN_INTERMEDIATE_QUEUE in exc_string:
            rerun_rq_job(job, "its worker died as it took the job")
