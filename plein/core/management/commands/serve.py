"""``plein serve``: the web server, and with ``--with-worker`` everything else.

granian serves the WSGI application and writes the access log (one line per
request); with ``--with-worker`` the task worker, the scheduler and the mail
gateway run beside it under ``plein.core.supervisor``, which restarts them
when they die and stops them all on Ctrl-C.
"""

import os
import socket
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from plein.core.supervisor import Child, Supervisor

# One readable line per request, as the rest of the log (plein.core.logs);
# no query string: it holds what people search for.
ACCESS_LOG_FORMAT = "%(time)s %(method)s %(path)s %(status)d %(dt_ms).0f ms"


def plein_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "plein.cli", *args]


def check_port_free(host: str, port: int, setting: str) -> None:
    """Refuse to start when ``port`` is taken, naming the setting that moves it."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as exc:
            raise CommandError(
                f"Port {port} on {host} is in use ({exc.strerror}): another Plein? "
                f"Stop it, or choose another port with {setting}=…"
            ) from None


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
            "--live-port",
            type=int,
            default=int(os.environ.get("LIVE_PORT", "0")) or None,
            help="the live stream's own port (ASGI); default: --port + 1",
        )
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="also run the task worker, the scheduler and the mail gateway",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        if not 0 < port < 65536:
            raise CommandError(f"Port {port} is not a valid TCP port.")
        check_port_free(host, port, "PORT")
        children = []
        if options["with_worker"]:
            check_port_free(
                settings.MAIL_GATEWAY_HOST,
                settings.MAIL_GATEWAY_PORT,
                "MAIL_GATEWAY_PORT",
            )
            children += [
                Child("scheduler", plein_command("crontask")),
                Child("mail gateway", plein_command("mailgateway")),
                Child("worker", plein_command("worker")),
            ]
        # Pages and the API run under WSGI (threads: the fastest for Django's
        # synchronous views); the live stream needs an asynchronous server
        # for its many open connections, so it gets its own ASGI process and
        # port unless a reverse proxy already routes /live/ (LIVE_STREAM_URL).
        live_port = options["live_port"] or port + 1
        web_env = None
        if not settings.LIVE_STREAM_URL:
            check_port_free(host, live_port, "LIVE_PORT")
            web_env = {
                **os.environ,
                "LIVE_STREAM_URL": f"http://{host}:{live_port}/live/stream",
            }
            children.append(
                Child(
                    "live stream",
                    [
                        sys.executable,
                        "-m",
                        "granian",
                        "--interface",
                        "asgi",
                        "--host",
                        host,
                        "--port",
                        str(live_port),
                        "--workers",
                        "1",
                        "--respawn-failed-workers",
                        "--no-ws",
                        # Open streams never end by themselves: stop the
                        # worker after a moment instead of waiting for them
                        # (browsers reconnect and resume).
                        "--workers-kill-timeout",
                        "2",
                        "--log-level",
                        "error",
                        "config.asgi:application",
                    ],
                    env=web_env,
                )
            )
        children.append(
            Child(
                "web server",
                [
                    sys.executable,
                    "-m",
                    "granian",
                    "--interface",
                    "wsgi",
                    "--host",
                    host,
                    "--port",
                    str(port),
                    "--workers",
                    str(options["workers"]),
                    "--respawn-failed-workers",
                    "--blocking-threads",
                    "8",
                    "--no-ws",
                    # granian's own warnings are tuning hints for operators
                    # (e.g. "8 threads on 2 cores"), not news for a console.
                    "--log-level",
                    "error",
                    "--access-log",
                    "--access-log-fmt",
                    ACCESS_LOG_FORMAT,
                    "config.wsgi:application",
                ],
                essential=True,
                env=web_env,
            )
        )
        url = f"http://{host}:{port}"

        def answering() -> bool:
            try:
                socket.create_connection((host, port), timeout=0.2).close()
            except OSError:
                return False
            self.stdout.write(
                f"Plein is running at {url}  (DEBUG={settings.DEBUG}; Ctrl-C stops it)"
            )
            self.stdout.flush()
            return True

        code = Supervisor(children, on_ready=answering).run()
        if code != 0:
            raise CommandError(f"The web server stopped with exit code {code}.")
        self.stdout.write("Plein stopped.")
