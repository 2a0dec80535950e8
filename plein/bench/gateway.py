"""Mail gateway throughput for ``plein bench``: real SMTP on loopback into posts.

Self-contained: a fresh SQLite database in a temporary folder is migrated
and given a few people, ``plein mailgateway`` runs in a subprocess on a
free 127.0.0.1 port with production settings (DEBUG off, the database task
queue, so fan-out is queued for the worker as in production), and this
process sends ordinary mail to more than three colleagues with smtplib.
The same again with Plein in the mail path (``--filter``), handing each
mail back for its outside recipient to an SMTP server on loopback. The
Enron corpus slice is then replayed (dry run, then ``--apply``) against
the same database.
"""

import os
import secrets
import smtplib
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from django.conf import settings

from plein.bench.measure import stop_process

Result = dict[str, Any]
DOMAIN = "bench.test"
PEOPLE = 12
TARGET_PER_SECOND = 50
# A client outside the organisation, in To: of the mails in the path.
OUTSIDER = "client@partner.example"


def bench_env(folder: str, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a server the benchmark starts: production settings.

    DEBUG off, the database task queue (fan-out queued for a worker, as in
    production), a throwaway secret key and data folder.
    """
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PLEIN_DATA_DIR": folder,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    env.pop("PLEIN_IMMEDIATE_TASKS", None)
    env.pop("PLEIN_BENCH_CHILD", None)
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def _people_of(number: int) -> tuple[str, list[str], list[str]]:
    """Sender, To and Cc of message ``number``: senders take turns, as in an office."""
    ring = [f"person{(number + i) % PEOPLE}@{DOMAIN}" for i in range(8)]
    return ring[0], ring[1:5], ring[5:8]


def _message(number: int, *, external: bool = False) -> bytes:
    sender, to, cc = _people_of(number)
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join([*to, *([OUTSIDER] if external else [])])
    msg["Cc"] = ", ".join(cc)
    msg["Subject"] = f"Weekly update {number}"
    msg["Message-ID"] = f"<bench-{number}-{secrets.token_hex(4)}@{DOMAIN}>"
    msg.set_content(
        "Hello all,\n\nThe figures for this week are in the usual place.\n"
        "Please read them before Thursday's meeting.\n\n-- \nA colleague\n"
    )
    return bytes(msg)


def _plein(env: dict[str, str], *args: str, **kwargs: Any) -> Any:
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "plein.cli", *args],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        **kwargs,
    )


class _Sink:
    """Postfix's second smtpd in the benchmark: counts what is handed back."""

    def __init__(self) -> None:
        self.messages = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            self.messages += 1
        return "250 OK"


def _measure_server(
    env: dict[str, str],
    name: str,
    command: list[str],
    *,
    messages: int,
    connections: int,
    log: Callable[[str], None],
    first: int = 0,
    external: bool = False,
) -> Result:
    """Start ``plein <command> --port P``, send ``messages`` mails, time them."""
    port = _free_port()
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "plein.cli", *command, "--port", str(port)],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if not _wait_for_port(port, 30):
            return {"name": name, "status": "SKIP", "note": "server did not start"}
        bodies = [
            (i, _message(i, external=external)) for i in range(first, first + messages)
        ]
        errors = 0
        latencies: list[float] = []
        lock = threading.Lock()

        def send(share: list[tuple[int, bytes]]) -> None:
            nonlocal errors
            with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
                for number, body in share:
                    sender, to, cc = _people_of(number)
                    rcpts = [*to, *cc, *([OUTSIDER] if external else [])]
                    sent = time.perf_counter()
                    try:
                        client.sendmail(sender, rcpts, body)
                    except smtplib.SMTPException:
                        with lock:
                            errors += 1
                    with lock:
                        latencies.append((time.perf_counter() - sent) * 1000)

        # Several connections, as a mail server delivers in parallel.
        threads = [
            threading.Thread(target=send, args=(bodies[i::connections],))
            for i in range(connections)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        elapsed = time.perf_counter() - started
        rate = messages / elapsed
        latencies.sort()
        log(
            f"  {command[0]}{' --filter' if external else ''}: {messages} messages"
            f" over {connections} connections in {elapsed:.2f} s, {errors} errors"
        )
        return {
            "name": name,
            "runs": messages,
            "requests_per_second": round(rate, 1),
            "p50_ms": round(latencies[len(latencies) // 2], 3),
            "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 3),
            "errors": errors,
            "connections": connections,
            "target": f">= {TARGET_PER_SECOND} msg/s",
            "status": "PASS" if rate >= TARGET_PER_SECOND and not errors else "MISS",
        }
    finally:
        stop_process(proc)


def measure_gateway(
    *,
    messages: int = 500,
    connections: int | None = None,
    log: Callable[[str], None],
    corpus: Path | None = None,
    database_url: str | None = None,
    processes: int = 1,
    replay_apply: bool = True,
) -> list[Result]:
    """Messages per second into posts, and the corpus replay time.

    On a temporary SQLite database by default; with ``database_url`` (which
    is flushed!) on that database. Four SMTP connections at once, as a mail
    server delivers; one gateway process (on SQLite a second one loses more
    to the write lock than it gains).
    """
    if connections is None:
        connections = 4
    name = "mail gateway, SMTP into posts"
    corpus = corpus or Path(settings.BASE_DIR).parent / "shared/corpora/enron-berkeley"
    with tempfile.TemporaryDirectory(prefix="plein-gateway-bench-") as folder:
        env = bench_env(
            folder,
            database_url or f"sqlite:///{folder}/gateway.sqlite3",
            MAIL_INTERNAL_DOMAINS=DOMAIN,
        )
        log(
            "  gateway: migrating "
            + ("the given database…" if database_url else "a fresh SQLite database…")
        )
        _plein(env, "migrate", "--verbosity", "0")
        if database_url:
            _plein(env, "flush", "--noinput")
        _plein(
            env,
            "shell",
            "-c",
            "from plein.people.actions import do_create_person\n"
            "from plein.governance.guidelines.actions import"
            " do_accept_current_guidelines\n"
            f"for i in range({PEOPLE}):\n"
            f"    person = do_create_person(email=f'person{{i}}@{DOMAIN}',"
            " full_name=f'Person {i}')\n"
            # Colleagues who accepted the guidelines, as in a running organisation.
            "    do_accept_current_guidelines(person)\n",
        )
        results = [
            _measure_server(
                env,
                name,
                ["mailgateway", "--processes", str(processes)],
                messages=messages,
                connections=connections,
                log=log,
            )
        ]
        # In the mail path: Postfix's content filter, handing each mail back
        # (for its outside recipient) to a second SMTP server on loopback.
        sink = _Sink()
        sink_port = _free_port()
        downstream = Controller(sink, hostname="127.0.0.1", port=sink_port)
        downstream.start()
        try:
            results.append(
                _measure_server(
                    env,
                    "mail in the path (content filter), SMTP into posts and back",
                    [
                        "mailgateway",
                        "--filter",
                        "--reinject",
                        f"127.0.0.1:{sink_port}",
                        "--processes",
                        str(processes),
                    ],
                    messages=messages,
                    connections=connections,
                    log=log,
                    first=messages,
                    external=True,
                )
            )
        finally:
            downstream.stop()
        results[-1]["handed_back"] = sink.messages
        if sink.messages != messages:
            results[-1]["status"] = "MISS"
        replays: list[tuple[str, list[str]]] = [
            ("mail-replay of the Enron slice (dry run)", [])
        ]
        if replay_apply:
            replays.append(("mail-replay of the Enron slice (--apply)", ["--apply"]))
        for replay_name, extra in replays:
            if not corpus.is_dir():
                results.append(
                    {
                        "name": replay_name,
                        "status": "SKIP",
                        "note": f"no corpus at {corpus}",
                    }
                )
                continue
            started = time.perf_counter()
            _plein(
                env,
                "mail_replay",
                str(corpus),
                "--internal-domain",
                "enron.com",
                "--create-people",
                *extra,
            )
            seconds = time.perf_counter() - started
            log(f"  replay {' '.join(extra) or 'dry run'}: {seconds:.1f} s")
            results.append(
                {
                    "name": replay_name,
                    "runs": 1,
                    "p50_ms": round(seconds * 1000, 1),
                    "p95_ms": round(seconds * 1000, 1),
                    "target": "<= 60 s",
                    "status": "PASS" if seconds <= 60 else "MISS",
                }
            )
    return results
