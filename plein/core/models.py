"""The core's own tables: what keeps background work safe when a process dies.

A worker or scheduler can be killed at any moment (``kill -9``, an
out-of-memory kill, a power cut). Each table here lets another process notice
and take over: a lease that is not renewed expires, and whoever finds it
expired claims the work with a conditional update. See
docs/decisions/0003-database-task-queue.md.
"""

from django.db import models
from django_tasks_db.models import DBTaskResult


class TaskLease(models.Model):
    """The claim of a worker on a running task of the database queue.

    Written in the transaction that claims the task and renewed by the
    worker's heartbeat while the task runs. A lease that expires belongs to
    a worker that stopped: its task goes back to the queue.
    """

    task = models.OneToOneField(
        DBTaskResult,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="plein_lease",
    )
    worker_id = models.CharField(max_length=64)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.task_id} held by {self.worker_id} until {self.expires_at}"


class Lease(models.Model):
    """A named lease that one process holds at a time (the scheduler's).

    The holder renews it; another process takes it over only once it has
    expired, so a killed holder is replaced after at most one lease period.
    """

    name = models.CharField(max_length=100, primary_key=True)
    holder = models.CharField(max_length=100)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder} until {self.expires_at}"


class ScheduledJob(models.Model):
    """The last run of a periodic job that the scheduler has enqueued.

    The scheduler claims a run by moving ``last_run_at`` forward with a
    conditional update in the transaction that enqueues it, so two schedulers
    (or one restarted after a crash) never enqueue the same run twice.
    """

    name = models.CharField(max_length=200, primary_key=True)
    last_run_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} last ran for {self.last_run_at}"


class PendingTask(models.Model):
    """A task for RQ, written in the transaction that asks for it (the outbox).

    Redis takes no part in the database's transaction: the task is enqueued
    there after the commit, and this row deleted once it is. A process
    killed between the commit and the enqueue leaves the row behind, and an
    RQ worker enqueues it a little later (``relay_stranded_tasks``): a change
    that committed never misses its task.
    """

    task_path = models.CharField(max_length=300)
    backend = models.CharField(max_length=100)
    queue_name = models.CharField(max_length=100)
    priority = models.IntegerField(default=0)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.task_path} pending since {self.created_at}"
