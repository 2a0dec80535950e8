"""Plein as several processes on shared services, for the scale-out test.

``Cluster`` starts, against a PostgreSQL database of its own, one Redis
database number (flushed before and after) and moto's S3 server:

| name | what |
|---|---|
| ``s3`` | ``python -m moto.server``: a test double of the S3 API, over HTTP |
| ``web-a``, ``web-b`` | granian WSGI, started as ``plein serve`` starts it, a port each |
| ``live`` | granian ASGI: the live stream, as ``plein serve`` starts it |
| ``worker-1``, ``worker-2`` | ``plein worker``: RQ on Redis |

Every process runs with the same production environment (DEBUG off) and
logs to ``<name>.log`` in the cluster's folder. Everything is reached over
HTTP on loopback and read back with psycopg, redis and boto3 from outside:
this process never opens Django's own database connection.
"""

import contextlib
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
# The server whose database the cluster creates its own next to, and the
# Redis database number it may flush.
POSTGRES_URL = os.environ.get(
    "PLEIN_SCALEOUT_POSTGRES", "postgres://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("PLEIN_SCALEOUT_REDIS", "redis://127.0.0.1:6379/11")
BUCKET = "plein-scaleout"
# People besides the author who post in the burst (tests/scaleout).
POSTERS = 3
SUCCESSFUL_READ = re.compile(r" GET \S+ [23]\d\d ")
S3_PREFIX = "media"
# What the test run set for itself; the children read their own settings.
LEAVE_OUT = {
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "PLEIN_IMMEDIATE_TASKS",
    "REDIS_URL",
    "LIVE_STREAM_URL",
    "MEDIA_ROOT",
    "EXPORTS_ROOT",
}
# The people the test needs, made through the actions in one transaction:
# an author, a reader and POSTERS more who post, in a closed group of
# MEMBERS. The tasks the set-up would enqueue (backfilling feeds of an
# empty group) are left out.
SETUP = """
import json
from django.db import transaction
from plein.core.tasks import collect_tasks
from plein.groups.actions import do_add_member, do_create_group
from plein.people.actions import do_create_api_token, do_create_person

with collect_tasks(), transaction.atomic():
    author = do_create_person(email="author@scaleout.test", full_name="Ada Author")
    reader = do_create_person(email="reader@scaleout.test", full_name="Rob Reader")
    group = do_create_group(author, name="Scale-out", description="", kind="closed")
    do_add_member(group, reader)
    posters = []
    for number in range({others}):
        person = do_create_person(
            email=f"member{{number}}@scaleout.test", full_name=f"Member {{number}}"
        )
        do_add_member(group, person)
        if number < {posters}:
            posters.append(do_create_api_token(person, name="scale-out")[1])
    facts = {{
        "author_id": author.pk,
        "reader_id": reader.pk,
        "group_id": group.pk,
        "author_token": do_create_api_token(author, name="scale-out")[1],
        "reader_token": do_create_api_token(reader, name="scale-out")[1],
        "poster_tokens": posters,
    }}
print("FACTS " + json.dumps(facts))
"""


def missing_service() -> str | None:
    """Why the cluster cannot run here, or None when everything it needs is."""
    import importlib.util

    try:
        import psycopg

        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
    except Exception as exc:
        return f"PostgreSQL at {POSTGRES_URL} does not answer: {exc}"
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_timeout=3).ping()
    except Exception as exc:
        return f"Redis at {REDIS_URL} does not answer: {exc}"
    for module in ("moto", "flask", "boto3"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is missing: pip install -e '.[dev]' (moto[server])"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (Linux: read from /proc, a file per thread)."""
    found = []
    for listing in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            found += [int(child) for child in listing.read_text().split()]
    return found


def descendants(pid: int) -> list[int]:
    """The processes ``pid`` started, and theirs."""
    found, todo = [], [pid]
    while todo:
        for child in children(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def leads_own_group(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:  # gone meanwhile
        return False
    return int(fields[2]) == pid


def kill_hard(process: subprocess.Popen[bytes]) -> None:
    """``kill -9`` a process and every process it started, as a crash would.

    Not only its process group: RQ runs each job in a work horse of its own
    group, and granian's workers are its children.
    """
    for pid in [process.pid, *descendants(process.pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def wait_for(what: str, condition: Callable[[], Any], timeout: float) -> Any:
    """Poll ``condition`` until it answers something truthy, at most ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        answer = condition()
        if answer:
            return answer
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.1)


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]  # names in lower case

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class SseEvent:
    id: int | None
    type: str
    data: dict[str, Any]


class LiveStream:
    """``GET /api/v1/stream`` read on a thread of its own, as EventSource reads it."""

    def __init__(
        self, port: int, token: str, *, last_event_id: int | None = None
    ) -> None:
        self.events: list[SseEvent] = []
        self.ended = False
        self._changed = threading.Condition()
        headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        self._connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self._connection.request("GET", "/api/v1/stream", headers=headers)
        self._response = self._connection.getresponse()
        if self._response.status != 200:
            raise AssertionError(f"the stream answered {self._response.status}")
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        fields: dict[str, str] = {}
        try:
            while line := self._response.readline():
                text = line.decode().rstrip("\r\n")
                if text.startswith(":"):  # a heartbeat
                    continue
                if text:
                    key, _colon, value = text.partition(":")
                    fields[key] = value.removeprefix(" ")
                    continue
                if "event" in fields:
                    event = SseEvent(
                        int(fields["id"]) if "id" in fields else None,
                        fields["event"],
                        json.loads(fields.get("data") or "{}"),
                    )
                    with self._changed:
                        self.events.append(event)
                        self._changed.notify_all()
                fields = {}
        except (OSError, ValueError, AttributeError, http.client.HTTPException):
            pass  # closed by close() (http.client may trip over it), or the server
        finally:
            with self._changed:
                self.ended = True
                self._changed.notify_all()

    def wait_for(
        self, what: str, condition: Callable[[list[SseEvent]], bool], timeout: float
    ) -> list[SseEvent]:
        """The events so far, once ``condition`` holds for them."""
        with self._changed:
            self._changed.wait_for(
                lambda: condition(self.events) or self.ended, timeout=timeout
            )
            events = list(self.events)
        if not condition(events):
            state = "ended" if self.ended else f"open after {timeout:.0f} s"
            raise AssertionError(f"stream {state} without {what}: {events[-20:]}")
        return events

    def post_ids(self) -> list[int]:
        with self._changed:
            return [e.data["post_id"] for e in self.events if e.type == "post.created"]

    def close(self) -> None:
        sock = self._connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._connection.close()
        self._reader.join(timeout=5)


@dataclass
class Cluster:
    folder: Path
    members: int
    database_url: str = ""
    ports: dict[str, int] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)

    # Setting up --------------------------------------------------------------------
    def create_database(self) -> None:
        import psycopg

        name = f"plein_scaleout_{os.getpid()}_{secrets.token_hex(3)}"
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        self.database_url = urlunsplit(urlsplit(POSTGRES_URL)._replace(path=f"/{name}"))

    def drop_database(self) -> None:
        import psycopg

        if not self.database_url:
            return
        name = urlsplit(self.database_url).path.lstrip("/")
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def configure(self) -> None:
        for name in ("s3", "web-a", "web-b", "live"):
            self.ports[name] = free_port()
        base = {
            k: v
            for k, v in os.environ.items()
            if k not in LEAVE_OUT and not k.startswith("PYTEST_")
        }
        self.env = {
            **base,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": REDIS_URL,
            "PLEIN_DATA_DIR": str(self.folder / "data"),
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SITE_URL": f"http://127.0.0.1:{self.ports['web-a']}",
            "LIVE_STREAM_URL": f"http://127.0.0.1:{self.ports['live']}/live/stream",
            "S3_BUCKET": BUCKET,
            "S3_ENDPOINT_URL": self.s3_endpoint,
            "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY": "scaleout",
            "S3_SECRET_KEY": "scaleout",
            "S3_PREFIX": S3_PREFIX,
            "LOG_LEVEL": "WARNING",
            "GUIDELINES_REQUIRED": "0",
            "LINK_PREVIEWS": "0",
            "API_RATE_LIMIT_PER_MINUTE": "100000",
            # Look for the jobs of dead workers every 5 s instead of every minute.
            "RQ_MAINTENANCE_SECONDS": "5",
            "LIVE_HEARTBEAT_SECONDS": "2",
        }

    @property
    def s3_endpoint(self) -> str:
        return f"http://127.0.0.1:{self.ports['s3']}"

    def s3(self) -> Any:
        import boto3  # type: ignore[import-untyped]

        return boto3.client(
            "s3",
            endpoint_url=self.s3_endpoint,
            region_name="us-east-1",
            aws_access_key_id="scaleout",
            aws_secret_access_key="scaleout",
        )

    def redis(self) -> Any:
        import redis

        return redis.Redis.from_url(REDIS_URL)

    def plein(self, *args: str, timeout: float = 120) -> str:
        """Run ``plein ARGS`` to completion; its output, or a failed assertion."""
        from plein.core.management.commands.serve import plein_command

        done = subprocess.run(  # noqa: S603
            plein_command(*args),
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
        assert done.returncode == 0, f"plein {args[0]}: {done.stdout}{done.stderr}"
        return done.stdout

    def prepare(self) -> None:
        self.plein("migrate", "--verbosity", "0")
        code = SETUP.format(others=self.members - 2, posters=POSTERS)
        out = self.plein("shell", "-c", code)
        line = next(x for x in out.splitlines() if x.startswith("FACTS "))
        self.facts = json.loads(line.removeprefix("FACTS "))

    # Processes ---------------------------------------------------------------------
    def start(self, name: str, argv: list[str]) -> None:
        log = (self.folder / f"{name}.log").open("ab")  # a restart appends
        self.processes[name] = subprocess.Popen(  # noqa: S603
            argv,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def start_s3(self) -> None:
        port = str(self.ports["s3"])
        self.start(
            "s3", [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", port]
        )

    def start_web(self, name: str) -> None:
        # The argument list of `plein serve` (plein/core/management/commands/serve.py).
        from plein.core.management.commands.serve import ACCESS_LOG_FORMAT

        self.start(
            name,
            [
                sys.executable,
                "-m",
                "granian",
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.ports[name]),
                "--workers",
                "1",
                "--respawn-failed-workers",
                "--blocking-threads",
                "8",
                "--no-ws",
                "--log-level",
                "error",
                "--access-log",
                "--access-log-fmt",
                ACCESS_LOG_FORMAT,
                "config.wsgi:application",
            ],
        )

    def start_live(self) -> None:
        # The argument list of `plein serve` for the live stream.
        self.start(
            "live",
            [
                sys.executable,
                "-m",
                "granian",
                "--interface",
                "asgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.ports["live"]),
                "--workers",
                "1",
                "--respawn-failed-workers",
                "--no-ws",
                "--workers-kill-timeout",
                "2",
                "--log-level",
                "error",
                "config.asgi:application",
            ],
        )

    def start_worker(self, name: str) -> None:
        from plein.core.management.commands.serve import plein_command

        self.start(name, plein_command("worker"))

    def kill(self, name: str) -> None:
        kill_hard(self.processes[name])

    def kill_worker_in_job(
        self, name: str, busy: Callable[[], object], timeout: float
    ) -> None:
        """``kill -9`` worker ``name`` while a work horse of its runs a job.

        RQ forks a work horse per job, in a process group of its own; the
        worker and all it started are killed the moment one is seen and
        ``busy()`` still says the job is unfinished.
        """
        worker = self.processes[name]
        deadline = time.monotonic() + timeout
        while not (any(leads_own_group(p) for p in children(worker.pid)) and busy()):
            assert time.monotonic() < deadline, f"{name} ran no job for {timeout} s"
            time.sleep(0.002)
        kill_hard(worker)

    def kill_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                kill_hard(process)

    def alive(self, name: str) -> bool:
        return self.processes[name].poll() is None

    def logs(self, tail: int = 60) -> str:
        """The end of each log, without the access log's successful reads."""
        parts = []
        for path in sorted(self.folder.glob("*.log")):
            lines = [
                line
                for line in path.read_text(errors="replace").splitlines()
                if not SUCCESSFUL_READ.search(line)
            ][-tail:]
            parts.append(f"--- {path.name} (last {tail} lines)\n" + "\n".join(lines))
        return "\n".join(parts)

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    # Talking to it -----------------------------------------------------------------
    def request(
        self,
        name: str,
        method: str,
        path: str,
        *,
        token: str | None = None,
        payload: Any = None,
        body: bytes | None = None,
        content_type: str | None = None,
        timeout: float = 15,
    ) -> Answer:
        """One HTTP request to process ``name``; connection errors are raised."""
        headers = {}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if payload is not None:
            body = json.dumps(payload).encode()
            content_type = "application/json"
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.ports[name], timeout=timeout
        )
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            headers = {k.lower(): v for k, v in response.headers.items()}
            return Answer(response.status, response.read(), headers)
        finally:
            connection.close()

    def answers(self, name: str, path: str, token: str | None = None) -> bool:
        try:
            return self.request(name, "GET", path, token=token, timeout=5).status < 300
        except OSError:
            return False

    def rq_queue(self) -> Any:
        from rq import Queue

        return Queue("default", connection=self.redis())

    def rq_workers(self) -> dict[int, Any]:
        """The live RQ workers by process id."""
        from rq import Worker

        return {
            w.pid: w for w in Worker.all(connection=self.redis()) if w.pid is not None
        }

    def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(query, params).fetchall()

    def stream(self, *, last_event_id: int | None = None) -> LiveStream:
        """A live stream of the reader's, on the live process."""
        return LiveStream(
            self.ports["live"], self.facts["reader_token"], last_event_id=last_event_id
        )
