"""Live streams for ``plein bench``: many open streams, and how fast a post shows.

Self-contained, like the mail gateway's benchmark: a fresh SQLite database
in a temporary folder, ``STREAM_PEOPLE`` people with API tokens, one
granian ASGI worker on a free loopback port, ``streams`` Server-Sent Events
connections open at once (``GET /api/v1/stream``, a few per person), then
``posts`` posts made through the API, one after another: the time from
sending each post to its ``post.created`` event on every open stream.
"""

import asyncio
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings

from plein.bench.gateway import _free_port, _plein, _wait_for_port, bench_env
from plein.bench.measure import percentile, stop_process

Result = dict[str, Any]
STREAM_PEOPLE = 200
TARGET_P95_MS = 1000


async def _open(
    port: int, token: str
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=2**20)
    writer.write(
        (
            "GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n"
        ).encode()
    )
    await writer.drain()
    status = await reader.readline()
    if b" 200 " not in status:
        raise RuntimeError(status.decode(errors="replace").strip())
    while (await reader.readline()) not in (b"\r\n", b""):
        pass
    # The writer too: dropping it would close the connection.
    return reader, writer


async def _watch(reader: asyncio.StreamReader, seen: dict[int, float]) -> None:
    """Note when each post's ``post.created`` arrives (chunked or not)."""
    event = ""
    while True:
        line = await reader.readline()
        if not line:
            return
        text = line.decode(errors="replace").strip()
        if text.startswith("event: "):
            event = text[7:]
        elif text.startswith("data: ") and event == "post.created":
            post_id = json.loads(text[6:]).get("post_id")
            if post_id is not None:
                seen.setdefault(post_id, time.perf_counter())


def _post(port: int, token: str, body: str) -> int:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(
        "POST",
        "/api/v1/posts",
        body=json.dumps({"body": body}),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
        },
    )
    response = conn.getresponse()
    data = json.loads(response.read() or b"{}")
    conn.close()
    if response.status >= 300:
        raise RuntimeError(f"POST /api/v1/posts answered {response.status}: {data}")
    return int(data["id"])


async def _measure(
    port: int, tokens: list[str], streams: int, posts: int, log: Callable[[str], None]
) -> tuple[list[float], int]:
    started = time.perf_counter()
    connections = [await _open(port, tokens[n % len(tokens)]) for n in range(streams)]
    readers = [reader for reader, _writer in connections]
    log(f"  live: {streams} streams open in {time.perf_counter() - started:.1f} s")
    seen: list[dict[int, float]] = [{} for _ in readers]
    watchers = [
        asyncio.create_task(_watch(reader, got))
        for reader, got in zip(readers, seen, strict=True)
    ]
    latencies: list[float] = []
    missing = 0
    loop = asyncio.get_running_loop()
    for n in range(posts):
        sent = time.perf_counter()
        post_id = await loop.run_in_executor(
            None, _post, port, tokens[0], f"Benchmark {n}"
        )
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline and not all(post_id in s for s in seen):
            await asyncio.sleep(0.01)
        for got in seen:
            if post_id in got:
                latencies.append((got[post_id] - sent) * 1000)
            else:
                missing += 1
    for task in watchers:
        task.cancel()
    for _reader, writer in connections:
        writer.close()
    return latencies, missing


def measure_live(
    *, streams: int = 1000, posts: int = 20, log: Callable[[str], None]
) -> list[Result]:
    """Open ``streams`` streams on one ASGI worker; time ``posts`` posts to all."""
    name = f"live: post to {streams} open streams, 1 granian ASGI worker"
    with tempfile.TemporaryDirectory(prefix="plein-live-bench-") as folder:
        env = bench_env(
            folder,
            f"sqlite:///{folder}/live.sqlite3",
            GUIDELINES_REQUIRED="0",
            API_RATE_LIMIT_PER_MINUTE="100000",
            LIVE_MAX_STREAMS_PER_PERSON=str(streams),
        )
        log("  live: migrating a fresh SQLite database…")
        _plein(env, "migrate", "--verbosity", "0")
        made = _plein(
            env,
            "shell",
            "-c",
            "from plein.people.actions import do_create_person, do_create_api_token\n"
            f"for i in range({STREAM_PEOPLE}):\n"
            "    p = do_create_person(email=f'live{i}@bench.test', full_name=f'Live {i}')\n"
            "    print(do_create_api_token(p, name='bench')[1])\n",
        )
        tokens = [t for t in made.stdout.split() if t.startswith("plein_")]
        port = _free_port()
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [
                sys.executable,
                "-m",
                "granian",
                "--interface",
                "asgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "1",
                "--no-ws",
                "--log-level",
                "error",
                "config.asgi:application",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            if not _wait_for_port(port, 30):
                return [
                    {"name": name, "status": "SKIP", "note": "server did not start"}
                ]
            latencies, missing = asyncio.run(
                _measure(port, tokens, streams, posts, log)
            )
        finally:
            stop_process(proc)
    p95 = percentile(latencies, 95) if latencies else None
    log(f"  live: {len(latencies)} deliveries, {missing} missing, p95 {p95} ms")
    return [
        {
            "name": name,
            "runs": len(latencies),
            "p50_ms": round(percentile(latencies, 50), 1) if latencies else None,
            "p95_ms": round(p95, 1) if p95 is not None else None,
            "errors": missing,
            "target": f"p95 <= {TARGET_P95_MS} ms",
            "status": "PASS"
            if p95 is not None and p95 <= TARGET_P95_MS and not missing
            else "MISS",
        }
    ]
