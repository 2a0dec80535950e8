"""The scheduler enqueues each run once: across crashes, restarts and rivals."""

import re
import signal
from datetime import datetime, timedelta

import pytest
from apscheduler.triggers.cron import CronTrigger
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from plein.core.models import Lease, ScheduledJob
from plein.core.scheduler import (
    Job,
    Scheduler,
    claim_run,
    hold_lease,
    latest_fire_time,
    load_jobs,
)
from plein.core.tests.processes import SharedDatabase, kill_hard
from plein.core.tests.test_tasks import flaky

TICK = "plein.core.tests.cron_probe.tick"
ENQUEUED = re.compile(rf"enqueued {re.escape(TICK)} for ([0-9T:+.-]+)")


def fire_times(log: str) -> list[datetime]:
    return [datetime.fromisoformat(m) for m in ENQUEUED.findall(log)]


def test_killed_scheduler_is_replaced_without_losing_or_doubling_a_run(
    shared_db: SharedDatabase,
) -> None:
    db = shared_db
    db.run("migrate", "core", "--noinput", "-v", "0")
    args = ("crontask", "--module", "plein.core.tests.cron_probe")
    # A lease of three seconds: runs of the every-second job come due while
    # no scheduler is active.
    env = {"LOG_LEVEL": "DEBUG", "TASK_LEASE_SECONDS": "3"}

    first = db.start("scheduler-1", *args, **env)
    db.wait_for("two runs", lambda: len(fire_times(db.log("scheduler-1"))) >= 2)
    second = db.start("scheduler-2", *args, **env)
    db.wait_for("the rival to stand by", lambda: "standing by" in db.log("scheduler-2"))
    db.wait_for("a run after that", lambda: len(fire_times(db.log("scheduler-1"))) >= 4)

    kill_hard(first)
    # The rival takes over once the lease lapsed, first enqueueing
    # the runs that came while nobody was active, once, then on schedule.
    db.wait_for("the rival's runs", lambda: len(fire_times(db.log("scheduler-2"))) >= 3)
    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=10) == 0

    by_first = fire_times(db.log("scheduler-1"))
    by_second = fire_times(db.log("scheduler-2"))
    # One scheduler at a time, each run once...
    assert max(by_first) < min(by_second)
    assert len(set(by_first + by_second)) == len(by_first) + len(by_second)
    # ...in order, and the seconds while none was active in a single
    # catch-up run, which says so.
    assert by_first == sorted(by_first)
    assert by_second == sorted(by_second)
    assert min(by_second) - max(by_first) > timedelta(seconds=1)
    assert "catching up" in db.log("scheduler-2")
    rows = db.query(
        f"SELECT COUNT(*) FROM django_tasks_database_dbtaskresult "  # noqa: S608
        f"WHERE task_path = '{TICK}'"
    )[0][0]
    # Every logged run is a queued task; the first scheduler may have been
    # killed between committing a run and logging it.
    assert rows - (len(by_first) + len(by_second)) in (0, 1)
    # A scheduler that stops cleanly hands the lease back at once.
    assert db.query("SELECT * FROM core_lease") == []


# In this process ---------------------------------------------------------------------
def every_minute() -> Job:
    return Job("probe", flaky.using(backend="database"), CronTrigger(minute="*"))


@pytest.mark.django_db
def test_a_run_is_claimed_once() -> None:
    job = every_minute()
    at = timezone.now().replace(second=0, microsecond=0)
    ScheduledJob.objects.create(name=job.name, last_run_at=at - timedelta(minutes=1))

    assert claim_run(job, at) is True
    assert claim_run(job, at) is False

    assert DBTaskResult.objects.count() == 1
    assert ScheduledJob.objects.get().last_run_at == at


@pytest.mark.django_db
def test_lease_is_held_by_one_holder_until_it_expires(settings) -> None:
    settings.TASK_LEASE_SECONDS = 30
    now = timezone.now()

    assert hold_lease("x", "a", now) is True
    assert hold_lease("x", "b", now) is False
    assert hold_lease("x", "a", now + timedelta(seconds=20)) is True  # renewed
    assert hold_lease("x", "b", now + timedelta(seconds=45)) is False
    assert hold_lease("x", "b", now + timedelta(seconds=51)) is True  # lapsed
    assert Lease.objects.get().holder == "b"


def test_missed_runs_are_coalesced_into_the_latest() -> None:
    job = every_minute()
    due = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.get_default_timezone())

    assert latest_fire_time(job, due, due + timedelta(minutes=90, seconds=5)) == (
        due + timedelta(minutes=90)
    )
    assert latest_fire_time(job, due, due + timedelta(seconds=5)) == due


@pytest.mark.django_db
def test_scheduler_taking_over_catches_up_once_and_a_new_job_waits() -> None:
    missed, new = every_minute(), every_minute()
    new.name = "new"
    now = timezone.now().replace(second=30, microsecond=0)
    ScheduledJob.objects.create(name=missed.name, last_run_at=now - timedelta(hours=3))
    scheduler = Scheduler([missed, new], holder="me")

    scheduler.step(now)
    scheduler.step(now + timedelta(seconds=1))

    assert scheduler.is_active
    assert DBTaskResult.objects.count() == 1  # the missed job, once
    assert ScheduledJob.objects.get(name=missed.name).last_run_at == now.replace(
        second=0
    )
    assert ScheduledJob.objects.get(name="new").last_run_at == now


@pytest.mark.django_db
def test_second_scheduler_stands_by_while_the_first_holds_the_lease() -> None:
    job = every_minute()
    ScheduledJob.objects.create(
        name=job.name, last_run_at=timezone.now() - timedelta(hours=1)
    )
    first, second = Scheduler([job], holder="first"), Scheduler([job], holder="second")

    first.step()
    second.step()

    assert (first.is_active, second.is_active) == (True, False)
    assert DBTaskResult.objects.count() == 1


def test_every_periodic_job_of_the_apps_is_loaded() -> None:
    names = {job.name for job in load_jobs()}

    assert "plein.mail.tasks.send_pending_notification_emails" in names
    assert "plein.core.tasks.prune_task_results" in names
    assert "crontask.tasks.heartbeat" not in names
