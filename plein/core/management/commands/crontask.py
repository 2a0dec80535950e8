"""``plein crontask``: the scheduler that enqueues the periodic jobs.

Replaces django-crontask's command of the same name (its in-memory
scheduler neither catches up after a crash nor keeps two schedulers from
both enqueueing without Redis): see ``plein.core.scheduler``.
"""

import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from plein.core.scheduler import Scheduler, load_jobs
from plein.core.workers import build_worker_id


class Command(BaseCommand):
    help = "Run the scheduler: enqueue the periodic jobs (@cron) on time, once each."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--module",
            action="append",
            default=[],
            help="also load periodic jobs from this module (repeatable)",
        )
        parser.add_argument(
            "--list", action="store_true", help="list the periodic jobs and stop"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = load_jobs(options["module"])
        if options["list"]:
            for job in jobs:
                self.stdout.write(f"{job.name}  {job.trigger}")
            return
        scheduler = Scheduler(jobs, holder=build_worker_id())
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, scheduler.stop)
        scheduler.run()
