"""The running cluster of the scale-out test (tests/scaleout/cluster.py).

No test here uses pytest-django's database: the processes share a
PostgreSQL database of their own, created and dropped by the ``cluster``
fixture, which also kills every process it started, whatever happens.
A failed test shows the end of each process's log.
"""

import contextlib
import os
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from tests.scaleout.cluster import Cluster, missing_service, wait_for

# The group the posts go to: enough members that delivering one post is work.
MEMBERS = 300
_running: list[Cluster] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Any:
    report = yield
    if report.failed and _running:
        report.sections.append(("processes of the cluster", _running[0].logs()))
    return report


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    reason = missing_service()
    if reason:
        if os.environ.get("PLEIN_REQUIRE_SCALEOUT") == "1":
            pytest.fail(f"PLEIN_REQUIRE_SCALEOUT=1, but {reason}")
        pytest.skip(reason)
    folder: Path = tmp_path_factory.mktemp("scaleout")
    running = Cluster(folder=folder, members=MEMBERS)
    _running.append(running)
    connection = running.redis()
    try:
        connection.flushdb()
        running.create_database()
        running.configure()
        running.start_s3()
        running.prepare()
        wait_for("the S3 server", lambda: running.answers("s3", "/"), 30)
        running.s3().create_bucket(Bucket="plein-scaleout")
        running.start_live()
        running.start_web("web-a")
        running.start_web("web-b")
        running.start_worker("worker-1")
        running.start_worker("worker-2")
        token = running.facts["reader_token"]
        for web in ("web-a", "web-b"):
            wait_for(web, partial(running.answers, web, "/api/v1/feed", token), 60)
        wait_for(
            "the live process", lambda: running.answers("live", "/live/stream"), 60
        )
        wait_for("two RQ workers", lambda: len(running.rq_workers()) == 2, 60)
        yield running
    finally:
        running.kill_all()
        with contextlib.suppress(Exception):
            connection.flushdb()
        running.drop_database()
        _running.remove(running)
