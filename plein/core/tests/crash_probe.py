"""A task for the crash tests: it works in two steps and can be held between them.

Imported by the worker processes the tests start (and by the tests), never by
the product. Each step writes a row with a unique key; the insert ignores a
row that is there already, as Plein's own tasks upsert, so running the task
again after a crash completes the work without doubling it.
"""

import os
import time
from pathlib import Path

from django.db import connection

from plein.core.tasks import retrying_task

TABLE = "plein_crash_probe"
CREATE_TABLE = (
    f"CREATE TABLE {TABLE} (key VARCHAR(100) NOT NULL, step INTEGER NOT NULL, "
    "PRIMARY KEY (key, step))"
)


def _write_step(key: str, step: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (key, step) VALUES (%s, %s) "  # noqa: S608
            "ON CONFLICT DO NOTHING",
            [key, step],
        )


@retrying_task
def write_in_two_steps(*, key: str, folder: str) -> str:
    """Write step 1, wait while ``folder/hold`` exists (30 s at most), write step 2.

    Every run appends its process id to ``folder/runs`` and, after step 1,
    creates ``folder/step1-<pid>``, so a test can see where a run is.
    """
    here = Path(folder)
    with (here / "runs").open("a") as runs:
        runs.write(f"{os.getpid()}\n")
    _write_step(key, 1)
    (here / f"step1-{os.getpid()}").touch()
    deadline = time.monotonic() + 30
    while (here / "hold").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    _write_step(key, 2)
    return key
