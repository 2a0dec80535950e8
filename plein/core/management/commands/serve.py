import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Serve Plein with granian; with --with-worker also the task worker, the "
        "scheduler and the mail gateway."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("PORT", "8000"))
        )
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "1"))
        )
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="also run the task worker, the scheduler and the mail gateway",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["port"] < 65536:
            raise CommandError(f"Port {options['port']} is not a valid TCP port.")
        children: list[subprocess.Popen[bytes]] = []
        if options["with_worker"]:
            # The scheduler enqueues the periodic jobs the worker runs; the
            # mail gateway listens on loopback for the organisation's mail server.
            children.append(
                subprocess.Popen([sys.executable, "-m", "plein.cli", "crontask"])
            )
            children.append(
                subprocess.Popen([sys.executable, "-m", "plein.cli", "mailgateway"])
            )
            children.append(
                subprocess.Popen([sys.executable, "-m", "plein.cli", "worker"])
            )
        url = f"http://{options['host']}:{options['port']}"
        self.stdout.write(
            f"Plein is running at {url}  (settings: DEBUG={settings.DEBUG})"
        )
        web = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "granian",
                "--interface",
                "wsgi",
                "--host",
                options["host"],
                "--port",
                str(options["port"]),
                "--workers",
                str(options["workers"]),
                "--blocking-threads",
                "8",
                "--no-ws",
                "config.wsgi:application",
            ]
        )
        children.append(web)

        def stop(signum: int, frame: object) -> None:
            for child in children:
                child.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            code = web.wait()
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
                    child.wait(timeout=10)
        if code not in (0, -signal.SIGTERM, -signal.SIGINT):
            raise CommandError(f"The web server stopped with exit code {code}.")
