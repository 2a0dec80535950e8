"""Real processes on a database they share: the helpers of the crash tests.

The test database of pytest-django lives in this process (in memory, on
SQLite), so these tests give the processes they start a database of their
own: a SQLite file in a temporary folder, or a fresh PostgreSQL database on
the server of ``DATABASE_URL``, dropped afterwards.
"""

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit, urlunsplit

from django.utils.crypto import get_random_string

ROOT = Path(__file__).resolve().parents[3]
# What the test run set for itself; the children read their own settings.
LEAVE_OUT = {
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "PLEIN_IMMEDIATE_TASKS",
    "REDIS_URL",
}


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@dataclass
class SharedDatabase:
    """A database for child processes, and ways to start and watch them."""

    url: str
    folder: Path
    children: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    def env(self, **extra: str) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if k not in LEAVE_OUT}
        return {
            **base,
            "DATABASE_URL": self.url,
            "PLEIN_DATA_DIR": str(self.folder),
            # A process that stops renewing is taken for dead after a second.
            "TASK_LEASE_SECONDS": "1",
            **extra,
        }

    def run(self, *args: str, **env: str) -> str:
        """Run ``plein ARGS`` to completion; its output, or a failed assertion."""
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "plein.cli", *args],
            cwd=ROOT,
            env=self.env(**env),
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def start(self, name: str, *args: str, **env: str) -> subprocess.Popen[bytes]:
        """Start ``plein ARGS`` in its own process group, logging to ``name``.log."""
        log: IO[bytes] = (self.folder / f"{name}.log").open("wb")
        child = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "plein.cli", *args],
            cwd=ROOT,
            env=self.env(**env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.children.append(child)
        return child

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')}"
            for path in sorted(self.folder.glob("*.log"))
        )

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.is_sqlite:
            path = self.url.removeprefix("sqlite:///")
            with closing(sqlite3.connect(path, timeout=20)) as conn:
                return conn.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute(sql).fetchall()  # type: ignore[arg-type]

    def wait_for(
        self, what: str, condition: Callable[[], bool], timeout: float = 15
    ) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout} s for {what}\n{self.logs()}")
            time.sleep(0.05)

    def stop_all(self) -> None:
        for child in self.children:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGKILL)
            child.wait(timeout=10)


def descendants(pid: int) -> list[int]:
    """The processes ``pid`` started, and theirs (Linux: read from /proc)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # gone meanwhile
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_hard(child: subprocess.Popen[bytes]) -> None:
    """``kill -9`` the child and every process it started, as a crash would.

    Not only its process group: RQ runs each job in a process of its own
    group, so that Ctrl-C on the worker does not reach it.
    """
    for pid in [child.pid, *descendants(child.pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    child.wait(timeout=10)


@contextmanager
def shared_database(kind: str, folder: Path) -> Iterator[SharedDatabase]:
    """A fresh SQLite file or PostgreSQL database that child processes can share."""
    if kind == "sqlite":
        database = SharedDatabase(f"sqlite:///{folder / 'shared.sqlite3'}", folder)
        try:
            yield database
        finally:
            database.stop_all()
        return
    import psycopg

    server = postgres_url()
    assert server is not None
    name = f"plein_processes_{os.getpid()}_{get_random_string(6).lower()}"
    parts = urlsplit(server)
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    database = SharedDatabase(urlunsplit(parts._replace(path=f"/{name}")), folder)
    try:
        yield database
    finally:
        database.stop_all()
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')  # type: ignore[arg-type]
