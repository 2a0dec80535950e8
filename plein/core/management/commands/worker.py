"""``plein worker``: drain the task queue, safe under ``kill -9``.

The database queue runs ``plein.core.workers.LeasingWorker`` (django-tasks-db's
worker with a lease per running task); RQ runs its own worker with the
scheduler for deferred retries and a handler that reruns the jobs of dead
workers. Several workers may run side by side, on one machine or many.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME

from config.env import env_int
from plein.core.workers import (
    LeasingWorker,
    RescuingWorker,
    build_worker_id,
    rerun_abandoned_rq_job,
    rerun_after_horse_killed,
)

# How often an RQ worker looks for jobs abandoned by dead workers (RQ's own
# default is ten minutes; a job is abandoned ~90 s after its last heartbeat).
# RQ_MAINTENANCE_SECONDS in the environment changes it (tests/scaleout: 5).
RQ_MAINTENANCE_SECONDS = 60


class Command(BaseCommand):
    help = (
        "Run the background worker for the configured task queue (database or Redis)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--burst", action="store_true", help="drain the queue, then stop"
        )
        parser.add_argument(
            "--backend",
            default=DEFAULT_TASK_BACKEND_ALIAS,
            help="the task backend (an alias in TASKS) to drain",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=0.5,
            help="seconds between looks at an empty database queue",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        alias = options["backend"]
        if alias not in settings.TASKS:
            raise CommandError(f"No task backend {alias!r} in TASKS.")
        # A dotted path (str() for the type checker: the plugin reads the
        # setting's type off the literals, where "QUEUES" holds a list).
        backend = str(settings.TASKS[alias]["BACKEND"])
        if backend.startswith("django_tasks_rq"):
            self._run_rq(burst=options["burst"])
        elif backend.startswith("django_tasks_db"):
            self._run_database(alias, options["interval"], burst=options["burst"])
        else:
            self.stdout.write(
                f"Tasks run in the web process ({backend}); no worker needed."
            )

    def _run_database(self, alias: str, interval: float, *, burst: bool) -> None:
        worker = LeasingWorker(
            queue_names=[DEFAULT_TASK_QUEUE_NAME],
            interval=interval,
            batch=burst,
            backend_name=alias,
            startup_delay=False,
            max_tasks=None,
            worker_id=build_worker_id(),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()

    def _run_rq(self, *, burst: bool) -> None:
        from django_rq.utils import reset_db_connections
        from django_rq.workers import get_worker

        maintenance = max(1, env_int("RQ_MAINTENANCE_SECONDS", RQ_MAINTENANCE_SECONDS))
        worker = get_worker(
            DEFAULT_TASK_QUEUE_NAME,
            job_class="django_tasks_rq.Job",
            # It also enqueues tasks stranded in the outbox, and reruns jobs
            # whose worker died as it took them.
            worker_class=RescuingWorker,
            maintenance_interval=maintenance,
            # RQ takes a job for abandoned 60 s plus this after its worker's
            # last heartbeat (RQ's default: 30 s).
            job_monitoring_interval=min(30, maintenance),
            # An idle worker waits for a job for worker_ttl - 15 s (RQ's
            # default: 405 s) and only looks after the registries between
            # waits: without this it would rerun a dead worker's job minutes
            # late, whatever the maintenance interval.
            worker_ttl=maintenance + 15,
            work_horse_killed_handler=rerun_after_horse_killed,
        )
        # RQ leaves push_exc_handler unannotated (the rest of Worker is typed).
        worker.push_exc_handler(rerun_abandoned_rq_job)  # type: ignore[no-untyped-call]
        reset_db_connections()  # RQ forks a process per job
        worker.work(
            burst=burst,
            # Deferred jobs (retries with back-off) wait in RQ's scheduled
            # registry; without the scheduler they would never run.
            with_scheduler=True,
            logging_level="DEBUG" if settings.LOG_LEVEL == "DEBUG" else "WARNING",
        )
