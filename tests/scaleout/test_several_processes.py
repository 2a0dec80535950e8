"""Plein as several processes: what one process writes, the others show;
killing a web process and a worker in the middle of work loses nothing.

Two WSGI web processes, one ASGI live process and two RQ workers share
PostgreSQL, Redis and an S3 server (moto's server mode, a test double of
the S3 API), as in docs/deployment.md. Everything goes over HTTP on
loopback; the database, the queue and the bucket are read from outside.

Runs only with PLEIN_SCALEOUT=1 (CI: the "several processes" stage of
.ci/run); with PLEIN_REQUIRE_SCALEOUT=1 a missing service fails instead of
skipping. The tests share one cluster and run in the order written: the
last one kills web A and worker 1.
"""

import contextlib
import http.client
import os
import secrets
import threading
import time
from collections.abc import Iterator
from functools import partial
from itertools import count
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.scaleout.cluster import (
    BUCKET,
    S3_PREFIX,
    Cluster,
    LiveStream,
    SseEvent,
    wait_for,
)

if os.environ.get("PLEIN_SCALEOUT") != "1":
    pytest.skip(
        "the scale-out test runs with PLEIN_SCALEOUT=1 (docs/deployment.md)",
        allow_module_level=True,
    )

# The burst during which web A and worker 1 are killed: posts by four
# people at once, web A killed once KILL_AFTER of them were answered.
BURST = 60
KILL_AFTER = 20
# The workers look after dead workers' jobs every 5 s (RQ_MAINTENANCE_SECONDS):
# RQ takes a job for abandoned 65 s after its worker's last heartbeat, and
# one its worker died taking a minute later still.
RECOVERY_SECONDS = 170


def publish(cluster: Cluster, web: str, body: str, **fields: Any) -> int:
    answer = cluster.request(
        web,
        "POST",
        "/api/v1/posts",
        token=cluster.facts["author_token"],
        payload={"body": body, "group_id": cluster.facts["group_id"], **fields},
    )
    assert answer.status == 201, answer.body
    return int(answer.json()["id"])


def feed_ids(cluster: Cluster, web: str) -> set[int]:
    answer = cluster.request(
        web, "GET", "/api/v1/feed?limit=100", token=cluster.facts["reader_token"]
    )
    assert answer.status == 200, answer.body
    return {item["id"] for item in answer.json()["items"]}


def created(events: list[SseEvent]) -> list[int]:
    return [e.data["post_id"] for e in events if e.type == "post.created"]


def has_ready(events: list[SseEvent]) -> bool:
    return any(e.type == "ready" for e in events)


def assert_ids_increase(events: list[SseEvent]) -> None:
    ids = [e.id for e in events if e.id is not None]
    assert ids == sorted(set(ids)), ids


@pytest.fixture(scope="module")
def watching(cluster: Cluster) -> Iterator[LiveStream]:
    """A stream of the reader's, open from start to end on the live process."""
    stream = cluster.stream()
    stream.wait_for("ready", has_ready, 15)
    yield stream
    stream.close()


def test_a_post_through_web_a_reaches_the_feed_on_web_b_and_the_live_stream(
    cluster: Cluster, watching: LiveStream
) -> None:
    first = cluster.stream()
    first.wait_for("ready", has_ready, 15)

    post = publish(cluster, "web-a", "Eerste bericht, via web A")

    wait_for(
        "the post in the reader's feed on web B",
        lambda: post in feed_ids(cluster, "web-b"),
        30,
    )
    events = first.wait_for("the post", lambda ev: post in created(ev), 15)
    event = next(e for e in events if e.type == "post.created")
    # The event id is the id of the post's row in the live log.
    assert cluster.sql(
        "SELECT id FROM live_liveevent WHERE type = 'post.created' AND post_id = %s",
        post,
    ) == [(event.id,)]
    assert event.data == {"post_id": post, "actor_id": cluster.facts["author_id"]}
    assert_ids_increase(events)
    first.close()
    last_seen = events[-1].id
    assert last_seen is not None

    # Missed while the stream was away: a post through each web process.
    missed = [
        publish(cluster, "web-a", "Gemist, via web A"),
        publish(cluster, "web-b", "Gemist, via web B"),
    ]
    watching.wait_for(
        "the missed posts", lambda ev: set(missed) <= set(created(ev)), 15
    )

    resumed = cluster.stream(last_event_id=last_seen)
    events = resumed.wait_for("ready", has_ready, 15)
    ready_at = next(i for i, e in enumerate(events) if e.type == "ready")
    caught_up, ready = events[:ready_at], events[ready_at]
    assert ready.id is not None
    # After catching up the stream goes on live.
    later = publish(cluster, "web-b", "Daarna, via web B")
    resumed.wait_for("the next post", lambda ev: later in created(ev), 15)
    resumed.close()
    # Everything the open stream received up to the resumed stream's "ready"
    # has arrived once the later post has: a stream's events come in order.
    seen = watching.wait_for("the next post", lambda ev: later in created(ev), 15)

    assert created(caught_up) == missed
    assert caught_up == [
        e for e in seen if e.type != "ready" and last_seen < (e.id or 0) <= ready.id
    ]
    assert_ids_increase(seen)


def test_the_atom_feed_through_web_b_has_a_post_made_through_web_a(
    cluster: Cluster,
) -> None:
    answer = cluster.request(
        "web-a",
        "POST",
        "/api/v1/feed-tokens",
        token=cluster.facts["reader_token"],
        payload={"name": "Feedlezer"},
    )
    assert answer.status == 201, answer.body
    path = urlsplit(answer.json()["urls"]["home_atom"]).path
    marker = f"atom-{secrets.token_hex(4)}"

    publish(cluster, "web-a", f"Voor de feedlezer: {marker}", title=f"Feed {marker}")

    def fetched() -> Any:
        document = cluster.request("web-b", "GET", path)
        assert document.status == 200, document.body
        return document if marker.encode() in document.body else None

    document = wait_for("the post in the Atom feed on web B", fetched, 30)
    assert document.headers["content-type"].startswith("application/atom+xml")
    assert b"<feed" in document.body


def test_a_file_uploaded_through_web_a_is_served_by_web_b_from_the_bucket(
    cluster: Cluster,
) -> None:
    data = b"%PDF-1.4\n" + secrets.token_bytes(64 * 1024)
    name = f"verslag-{secrets.token_hex(4)}.pdf"
    boundary = secrets.token_hex(16)
    body = (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    upload = cluster.request(
        "web-a",
        "POST",
        "/api/v1/files",
        token=cluster.facts["author_token"],
        body=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert upload.status == 201, upload.body
    file_id = upload.json()["id"]
    publish(cluster, "web-a", "Met bijlage", attachment_ids=[file_id])

    # Another person, through the other web process.
    download = cluster.request(
        "web-b", "GET", f"/api/v1/files/{file_id}", token=cluster.facts["reader_token"]
    )

    assert download.status == 200, download.body
    assert download.body == data
    s3 = cluster.s3()
    listing = s3.list_objects_v2(Bucket=BUCKET, Prefix=f"{S3_PREFIX}/attachments/")
    keys = [o["Key"] for o in listing.get("Contents", []) if o["Key"].endswith(name)]
    assert len(keys) == 1, listing
    assert s3.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read() == data
    media = cluster.folder / "data" / "media"
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_killing_web_a_and_worker_1_mid_burst_loses_nothing(
    cluster: Cluster, watching: LiveStream
) -> None:
    run = secrets.token_hex(3)
    numbers = count(1)
    lock = threading.Lock()
    # Post number -> (HTTP status, or the connection error's name; post id).
    results: dict[int, tuple[int | str, int | None]] = {}

    def post_some(token: str) -> None:
        while True:
            with lock:
                number = next(numbers)
            if number > BURST:
                return
            try:
                answer = cluster.request(
                    "web-a",
                    "POST",
                    "/api/v1/posts",
                    token=token,
                    payload={
                        "body": f"burst {run} {number}",
                        "group_id": cluster.facts["group_id"],
                    },
                    timeout=30,
                )
                status: int | str = answer.status
                post_id = answer.json()["id"] if answer.status == 201 else None
            except (OSError, http.client.HTTPException) as exc:
                status, post_id = type(exc).__name__, None
            with lock:
                results[number] = (status, post_id)

    def answered() -> int:
        with lock:
            return sum(1 for status, _ in results.values() if status == 201)

    # Web B is asked for the reader's feed all along.
    web_b: list[int | str] = []
    stop = threading.Event()

    def ask_web_b() -> None:
        while not stop.is_set():
            try:
                status: int | str = cluster.request(
                    "web-b",
                    "GET",
                    "/api/v1/feed?limit=5",
                    token=cluster.facts["reader_token"],
                    timeout=10,
                ).status
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
            web_b.append(status)
            stop.wait(0.2)

    # A thread per author: posts by different people commit side by side.
    tokens = [cluster.facts["author_token"], *cluster.facts["poster_tokens"]]
    threads = [threading.Thread(target=post_some, args=(t,)) for t in tokens]
    threads.append(threading.Thread(target=ask_web_b))
    for thread in threads:
        thread.start()
    try:
        wait_for(f"{KILL_AFTER} posts answered", lambda: answered() >= KILL_AFTER, 60)
        # Web A in the middle of the burst, then worker 1 in the middle of a
        # job (delivering a post to the group, most likely): the burst left
        # work in the queue.
        cluster.kill("web-a")
        abandoned = kill_worker_1_in_a_job(cluster)
        for thread in threads[:-1]:
            thread.join(timeout=60)
        assert len(results) == BURST, results

        members = cluster.sql(
            "SELECT count(*) FROM groups_membership WHERE group_id = %s",
            cluster.facts["group_id"],
        )[0][0]
        deadline = time.monotonic() + RECOVERY_SECONDS
        while True:
            posts = cluster.sql(
                "SELECT p.body, p.id, count(i.user_id) FROM posts_post p "
                "LEFT JOIN feed_inboxentry i ON i.post_id = p.id "
                "WHERE p.body LIKE %s GROUP BY p.id ORDER BY p.id",
                f"burst {run} %",
            )
            undelivered = {body: n for body, _id, n in posts if n != members}
            pending = pending_work(cluster)
            if not undelivered and not any(pending.values()):
                break
            assert time.monotonic() < deadline, (
                f"after {RECOVERY_SECONDS} s: inbox rows of posts not delivered to "
                f"all {members} members: {undelivered}; still to do: {pending}"
            )
            time.sleep(1)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

    by_number = {int(body.rsplit(" ", 1)[1]): post_id for body, post_id, _n in posts}
    assert len(by_number) == len(posts), "a post was written twice"
    ok = {n: post_id for n, (status, post_id) in results.items() if status == 201}
    lost = {n: status for n, (status, _id) in results.items() if status != 201}
    # The kill landed in the middle of the burst, and the requests it cut
    # off failed as connections, not as error answers.
    assert KILL_AFTER <= len(ok) < BURST
    assert all(isinstance(status, str) for status in lost.values()), lost
    # Every answered post is there, and delivered to every member once (the
    # loop above: one inbox row per member; the key is (person, post)). A
    # post whose answer was cut off may be there or not, but never half.
    assert {n: by_number.get(n) for n in ok} == ok
    assert set(by_number) <= set(results)
    post_ids = set(by_number.values())
    assert dict(
        cluster.sql(
            "SELECT post_id, count(*) FROM live_liveevent "
            "WHERE type = 'post.created' AND post_id = ANY(%s) GROUP BY post_id",
            list(post_ids),
        )
    ) == dict.fromkeys(post_ids, 1)
    # The stream that stayed open on the live process told the reader of
    # each post once, in the order of the log.
    events = watching.wait_for(
        "every post of the burst", lambda ev: post_ids <= set(created(ev)), 30
    )
    told = [post_id for post_id in created(events) if post_id in post_ids]
    assert sorted(told) == sorted(post_ids)
    assert_ids_increase(events)
    # The job worker 1 died in was run again by another worker (the log of a
    # restarted worker 1 counts); no other job failed.
    workers_log = cluster.log("worker-1") + cluster.log("worker-2")
    for job_id in abandoned:
        assert f"job {job_id} (" in workers_log, workers_log
    assert "enqueued again" in workers_log
    assert " lost: " not in workers_log
    assert set(rq_failed(cluster)) == set(abandoned)
    # Web B answered all along; the live process and worker 2 live on.
    assert len(web_b) > 10
    assert set(web_b) == {200}, web_b
    assert not cluster.alive("web-a")
    assert not cluster.alive("worker-1")
    assert all(cluster.alive(name) for name in ("web-b", "live", "worker-2"))


def pending_work(cluster: Cluster) -> dict[str, int]:
    """Tasks in the outbox, and jobs queued, running or waiting in RQ.

    RQ's registries are read without RQ's clean-up: reading one through
    ``count`` cleans it up from this process, which would fail abandoned
    jobs without the workers' handler that runs them again.
    """
    queue = cluster.rq_queue()
    return {
        "outbox": cluster.sql("SELECT count(*) FROM core_pendingtask")[0][0],
        "queued": queue.count,
        "started": queue.started_job_registry.get_job_count(cleanup=False),
        "scheduled": queue.scheduled_job_registry.get_job_count(cleanup=False),
        "deferred": queue.deferred_job_registry.get_job_count(cleanup=False),
        "intermediate": len(queue.intermediate_queue.get_job_ids()),
    }


def kill_worker_1_in_a_job(cluster: Cluster) -> list[str]:
    """Kill worker 1 while it runs a job; the ids of the jobs it left unfinished.

    Should its job have finished in the instant before the kill, worker 1
    is started again (as a service manager would) and killed again.
    """
    for _attempt in range(3):
        pid = cluster.processes["worker-1"].pid
        worker = wait_for("worker 1 on Redis", partial(registered, cluster, pid), 30)
        cluster.kill_worker_in_job(
            "worker-1", partial(unfinished_jobs, cluster, worker), 30
        )
        abandoned = unfinished_jobs(cluster, worker)
        if abandoned:
            return abandoned
        cluster.start_worker("worker-1")
    raise AssertionError("worker 1 was never killed in the middle of a job")


def registered(cluster: Cluster, pid: int) -> Any:
    """The RQ worker of process ``pid``, once it is on Redis."""
    return cluster.rq_workers().get(pid)


def unfinished_jobs(cluster: Cluster, worker: Any) -> list[str]:
    """The jobs an RQ worker is running: taken from the queue, not finished."""
    from rq.exceptions import NoSuchJobError
    from rq.job import Job, JobStatus

    unfinished = []
    for execution in worker.get_current_executions(refresh=True):
        with contextlib.suppress(NoSuchJobError):
            job = Job.fetch(execution.job_id, connection=cluster.redis())
            if job.get_status() in (JobStatus.QUEUED, JobStatus.STARTED):
                unfinished.append(job.id)
    return unfinished


def rq_failed(cluster: Cluster) -> list[str]:
    registry = cluster.rq_queue().failed_job_registry
    return list(registry.get_job_ids(cleanup=False))
