from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Run the background worker for the configured task queue (database or Redis)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--burst", action="store_true", help="drain the queue, then stop"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        if backend.startswith("django_tasks_rq"):
            # RQ needs django-tasks-rq's job class to run Django tasks.
            extra = ["--burst"] if options["burst"] else []
            call_command(
                "rqworker", "default", "--job-class", "django_tasks_rq.Job", *extra
            )
            return
        if backend.startswith("django_tasks_db"):
            extra = ["--batch"] if options["burst"] else []
            call_command("db_worker", "--interval", "0.5", "--no-reload", *extra)
            return
        self.stdout.write(
            f"Tasks run in the web process ({backend}); no worker needed."
        )
