"""The scheduler: enqueue each run of the periodic jobs once, crash or not.

Apps declare periodic jobs with django-crontask's ``@cron`` on a task in
their ``tasks.py``; ``plein crontask`` runs this loop instead of the
library's in-memory one, so that

- *a run is never enqueued twice*: each run is claimed by moving the job's
  ``ScheduledJob.last_run_at`` forward with a conditional update, in the
  transaction that enqueues it (on the database queue the task row commits
  with the claim; on RQ it is enqueued just before the commit, so a crash
  between the two can at worst enqueue it again: at least once);
- *only one scheduler is active*: it holds the ``Lease`` named "scheduler"
  and renews it every quarter of ``TASK_LEASE_SECONDS``; others stand by and
  take over once it expires (at most one lease period after a ``kill -9``);
- *a run is not lost while no scheduler runs*: the scheduler that takes over
  enqueues, once, each job whose time came since its last run (missed runs
  are coalesced into one, as cron's anacron does). A job seen for the first
  time waits for its next time.
"""

import importlib
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from apscheduler.triggers.base import BaseTrigger
from django.apps import apps
from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import Q
from django.tasks import Task
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from plein.core.models import Lease, ScheduledJob

logger = logging.getLogger(__name__)

LEASE_NAME = "scheduler"
# Enough to coalesce a year of per-minute runs; beyond it the latest run is
# taken to be now.
MAX_MISSED_RUNS = 600_000


@dataclass
class Job:
    """One periodic job: its task and when it runs."""

    name: str
    task: Task[..., Any]
    trigger: BaseTrigger
    next_at: datetime | None = None


def load_jobs(extra_modules: Iterable[str] = ()) -> list[Job]:
    """Import every app's ``tasks`` module (and ``extra_modules``) and list the jobs.

    ``@cron`` registers each job with django-crontask's scheduler object as
    the module is imported; this reads them back, sorted by name.
    """
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "tasks"):
            importlib.import_module(f"{config.name}.tasks")
    for module in extra_modules:
        importlib.import_module(module)
    from crontask import scheduler as registry

    jobs: dict[str, Job] = {}
    for entry in registry.get_jobs():
        task = entry.func.__self__  # @cron schedules the bound Task.enqueue
        jobs[task.module_path] = Job(task.module_path, task, entry.trigger)
    return sorted(jobs.values(), key=lambda job: job.name)


def hold_lease(name: str, holder: str, now: datetime | None = None) -> bool:
    """Take or renew the lease ``name`` for ``holder``; True while holding it.

    Renewing and taking over an expired lease are one conditional update;
    the first holder ever inserts the row (the primary key refuses a
    second). Runs in its own transaction.
    """
    now = now or timezone.now()
    until = now + timedelta(seconds=settings.TASK_LEASE_SECONDS)
    with transaction.atomic():
        held = (
            Lease.objects.filter(name=name)
            .filter(Q(holder=holder) | Q(expires_at__lt=now))
            .update(holder=holder, expires_at=until)
        )
        if held:
            return True
        _lease, created = Lease.objects.get_or_create(
            name=name, defaults={"holder": holder, "expires_at": until}
        )
        return created


def release_lease(name: str, holder: str) -> None:
    """Give up the lease ``name`` if ``holder`` has it, so a successor need not wait."""
    Lease.objects.filter(name=name, holder=holder).delete()


def latest_fire_time(job: Job, due: datetime, now: datetime) -> datetime:
    """The last time ``job`` was due at or before ``now``, counting from ``due``."""
    latest = due
    for _ in range(MAX_MISSED_RUNS):
        following = job.trigger.get_next_fire_time(latest, now)
        if following is None or following > now:
            return latest
        latest = following
    return now


def claim_run(job: Job, fire_at: datetime) -> bool:
    """Enqueue the run of ``job`` due at ``fire_at`` unless it was enqueued already.

    The conditional update of ``last_run_at`` is the claim: of two schedulers
    (or one that crashed and came back) only one moves it past ``fire_at``.
    The task is enqueued inside the same transaction. Returns whether this
    call enqueued the run.
    """
    with transaction.atomic():
        claimed = ScheduledJob.objects.filter(
            name=job.name, last_run_at__lt=fire_at
        ).update(last_run_at=fire_at)
        if claimed:
            # Not enqueue_on_commit: on RQ a crash after the commit would
            # lose the run; enqueued first, it can only arrive twice.
            job.task.enqueue()
    return bool(claimed)


class Scheduler:
    """The loop behind ``plein crontask``: hold the lease, enqueue what is due."""

    def __init__(self, jobs: list[Job], holder: str) -> None:
        self.jobs = jobs
        self.holder = holder
        self.is_active = False
        self.told_standing_by = False
        self.stopping = threading.Event()
        self.tick = max(0.2, settings.TASK_LEASE_SECONDS / 4)

    def stop(self, *args: Any) -> None:
        """Stop after the current pass (a signal handler)."""
        self.stopping.set()

    def run(self) -> None:
        logger.info("scheduler %s: %d periodic jobs", self.holder, len(self.jobs))
        try:
            while not self.stopping.is_set():
                close_old_connections()
                try:
                    wait = self.step()
                except Exception:
                    # The database is away or locked: try again shortly.
                    logger.warning("scheduler pass failed", exc_info=True)
                    wait = self.tick
                self.stopping.wait(wait)
        finally:
            if self.is_active:
                release_lease(LEASE_NAME, self.holder)

    def step(self, now: datetime | None = None) -> float:
        """One pass: keep or take the lease, enqueue due runs; seconds to wait."""
        now = now or timezone.now()
        if not hold_lease(LEASE_NAME, self.holder, now):
            if self.is_active:
                logger.warning("scheduler %s: lost its lease", self.holder)
            elif not self.told_standing_by:
                holder = (
                    Lease.objects.filter(name=LEASE_NAME)
                    .values_list("holder", flat=True)
                    .first()
                )
                logger.info(
                    "scheduler %s: %s is active, standing by", self.holder, holder
                )
                self.told_standing_by = True
            self.is_active = False
            return self.tick
        if not self.is_active:
            self.take_over(now)
        for job in self.jobs:
            if job.next_at is not None and job.next_at <= now:
                self.run_due(job, now)
        upcoming = [job.next_at for job in self.jobs if job.next_at is not None]
        until_next = (min(upcoming) - now).total_seconds() if upcoming else self.tick
        return max(0.05, min(self.tick, until_next))

    def take_over(self, now: datetime) -> None:
        """Become the active scheduler: read each job's last run from the database."""
        self.is_active = True
        self.told_standing_by = False
        for job in self.jobs:
            state, _created = ScheduledJob.objects.get_or_create(
                name=job.name, defaults={"last_run_at": now}
            )
            job.next_at = job.trigger.get_next_fire_time(state.last_run_at, now)
        logger.info("scheduler %s: active", self.holder)

    def run_due(self, job: Job, now: datetime) -> None:
        due = job.next_at
        assert due is not None  # noqa: S101 (checked by the caller)
        fire_at = latest_fire_time(job, due, now)
        if claim_run(job, fire_at):
            if fire_at != due or now - fire_at > timedelta(minutes=1):
                logger.info(
                    "enqueued %s for %s, catching up (late, or due while no scheduler ran)",
                    job.name,
                    fire_at.isoformat(),
                )
            else:
                logger.debug("enqueued %s for %s", job.name, fire_at.isoformat())
        job.next_at = job.trigger.get_next_fire_time(fire_at, now)
