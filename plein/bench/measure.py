"""The four measurements of ``plein bench``, each returning plain dicts.

Every figure is wall-clock time of the real code path (the query functions
and actions the views and the worker call), warm, on the one core the bench
process is pinned to.
"""

import http.client
import importlib
import json
import math
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

Result = dict[str, Any]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of ``values``."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[index]


def _timed(runs: int, func: Callable[[int], Any]) -> list[float]:
    samples = []
    for i in range(runs):
        started = time.perf_counter()
        func(i)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _result(
    name: str, samples: list[float], *, target_ms: float, on: str = "p50", **extra: Any
) -> Result:
    p50, p95 = percentile(samples, 50), percentile(samples, 95)
    figure = p50 if on == "p50" else p95
    return {
        "name": name,
        "runs": len(samples),
        "p50_ms": round(p50, 3),
        "p95_ms": round(p95, 3),
        "mean_ms": round(statistics.fmean(samples), 3),
        "target": f"{on} <= {target_ms:g} ms",
        "status": "PASS" if figure <= target_ms else "MISS",
        **extra,
    }


def skipped(name: str, why: str) -> Result:
    return {"name": name, "status": "SKIP", "note": why}


def pick_readers(count: int, rng: random.Random) -> list[Any]:
    """Active people with a feed, fetched once (as the auth middleware would)."""
    from plein.people.models import User

    ids = list(User.objects.filter(is_active=True).values_list("pk", flat=True))
    chosen = rng.sample(ids, min(count, len(ids)))
    return list(User.objects.filter(pk__in=chosen))


def measure_feed(readers: list[Any], runs: int, rng: random.Random) -> Result:
    """``get_feed_page(user)``: the newest page of entries, the read of the home page and the API."""
    from plein.access.membership import memberships_of
    from plein.feed.queries import get_feed_page

    for user in readers:  # warm: pages in cache, memberships known
        memberships_of(user)
        get_feed_page(user)
    order = [rng.choice(readers) for _ in range(runs)]
    rows = []

    def once(i: int) -> None:
        rows.append(len(get_feed_page(order[i]).entries))

    samples = _timed(runs, once)
    result = _result(
        "home feed query (get_feed_page, page and API)",
        samples,
        target_ms=1.5,
        on="p50",
        avg_entries=round(statistics.fmean(rows), 1),
    )
    result.update(_inbox_size())
    floor = _feed_sql_floor(readers, runs, rng)
    if floor:
        result["sql_only_p50_ms"], result["sql_only_p95_ms"] = floor
    return result


def _inbox_size() -> dict[str, Any]:
    """Rows in the inbox table and its size on disk with its indexes (MB)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM feed_inboxentry")
        rows = cursor.fetchone()[0]
        try:
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT sum(pgsize) FROM dbstat WHERE name = 'feed_inboxentry' "
                    "OR name IN (SELECT name FROM sqlite_master "
                    "WHERE tbl_name = 'feed_inboxentry' AND type = 'index')"
                )
            else:
                cursor.execute("SELECT pg_total_relation_size('feed_inboxentry')")
            size = cursor.fetchone()[0]
        except Exception:  # dbstat is not compiled into every SQLite
            size = None
    return {
        "inbox_rows": rows,
        "inbox_mb": round(size / 2**20, 1) if size else None,
    }


def _feed_sql_floor(
    readers: list[Any], runs: int, rng: random.Random
) -> tuple[float, float] | None:
    """The same SQL run on the bare DB-API connection: what Django adds on top."""
    from django.test.utils import CaptureQueriesContext

    from plein.feed.queries import get_feed_page

    statements = []
    for user in readers[:50]:
        with CaptureQueriesContext(connection) as captured:
            get_feed_page(user)
        if len(captured.captured_queries) != 1:
            return None
        statements.append(captured.captured_queries[0]["sql"])
    if connection.vendor != "sqlite":
        return None
    raw = connection.connection
    for sql in statements:
        raw.execute(sql).fetchall()
    order = [rng.choice(statements) for _ in range(runs)]
    samples = _timed(runs, lambda i: raw.execute(order[i]).fetchall())
    return round(percentile(samples, 50), 3), round(percentile(samples, 95), 3)


def measure_fanout(group_id: int, runs: int) -> list[Result]:
    """Post in the all-hands group until every member's feed and unread state has it.

    Next to it, in the same runs, the floor: the one ``INSERT … SELECT`` of
    the members' rows (autocommitted) on the bare DB-API connection, into
    the same table, for another new post. Runs alternate, so both see the
    same machine and the same table.
    """
    from plein.feed.actions import do_deliver_post
    from plein.feed.models import InboxEntry, Reason
    from plein.groups.models import Group, Membership
    from plein.people.models import User
    from plein.posts.actions import do_create_post

    group = Group.objects.get(pk=group_id)
    members = Membership.objects.filter(group=group).count()
    author_id = (
        Membership.objects.filter(group=group)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .first()
    )
    if author_id is None:
        raise User.DoesNotExist("The group has no members to post as.")
    author = User.objects.get(pk=author_id)

    def create(i: int, what: str) -> Any:
        with transaction.atomic():
            return do_create_post(
                author,
                body=f"Benchmark-{what} {i}: de kantine is vrijdag gesloten. #townhall",
                group=group,
                language="nl",
            )

    mark = "?" if connection.vendor == "sqlite" else "%s"
    floor_sql = (
        "INSERT INTO feed_inboxentry (user_id, post_id, reason, is_read) "
        f"SELECT m.user_id, {mark}, {mark}, {mark} FROM groups_membership m "
        f"WHERE m.group_id = {mark} AND m.user_id <> {mark}"
    )
    create_ms, deliver_ms, totals, floors = [], [], [], []
    delivered = unread = 0
    for i in range(runs):
        started = time.perf_counter()
        post = create(i, "mededeling")
        created = time.perf_counter()
        do_deliver_post(post.pk)
        done = time.perf_counter()
        create_ms.append((created - started) * 1000)
        deliver_ms.append((done - created) * 1000)
        totals.append((done - started) * 1000)
        delivered = InboxEntry.objects.filter(post_id=post.pk).count()
        unread = InboxEntry.objects.filter(post_id=post.pk, is_read=False).count()
        other = create(i, "vloer")
        connection.ensure_connection()
        raw = connection.connection.cursor()
        started = time.perf_counter()
        # The author's own row is written with the post (read your writes).
        raw.execute(floor_sql, [other.pk, Reason.GROUP, False, group.pk, author.pk])
        floors.append((time.perf_counter() - started) * 1000)
        raw.close()
    floor_p50, floor_p95 = percentile(floors, 50), percentile(floors, 95)
    p50, p95 = percentile(totals, 50), percentile(totals, 95)
    ratio_p50, ratio_p95 = p50 / floor_p50, p95 / floor_p95
    result = {
        "name": f"post to the {members:,}-member group, fanned out",
        "runs": runs,
        "p50_ms": round(p50, 3),
        "p95_ms": round(p95, 3),
        "mean_ms": round(statistics.fmean(totals), 3),
        "target": "p50 <= 1.2x floor",
        "status": "PASS" if ratio_p50 <= 1.2 and p95 <= 2000 else "MISS",
        "note": f"{ratio_p50:.2f}x the floor at p50, {ratio_p95:.2f}x at p95",
        "floor_ratio_p50": round(ratio_p50, 2),
        "floor_ratio_p95": round(ratio_p95, 2),
        "create_p50_ms": round(percentile(create_ms, 50), 2),
        "deliver_p50_ms": round(percentile(deliver_ms, 50), 2),
        "members": members,
        "delivered_rows": delivered,
        "unread_rows": unread,
    }
    if delivered < members:
        result["status"] = "MISS"
        result["note"] = f"only {delivered} of {members} inboxes got the post"
    floor = {
        "name": "… the members' rows alone, one INSERT … SELECT",
        "runs": runs,
        "p50_ms": round(floor_p50, 3),
        "p95_ms": round(floor_p95, 3),
        "mean_ms": round(statistics.fmean(floors), 3),
        "target": "(floor)",
        "status": "",
    }
    return [result, floor]


SEARCH_TERMS = [
    "hypotheek",
    "compliance",
    "rente klant",
    "mortgage",
    "storing",
    "pension",
    "duurzaam",
    "townhall",
    "fraude",
    "zzzgeenresultaat",
]


def search_module() -> Any | None:
    try:
        return importlib.import_module("plein.search.queries")
    except ImportError:
        return None


def build_search_index(log: Callable[[str], None]) -> str:
    """Fill the search index if the search module offers a way; say what was done."""
    index = importlib.import_module("plein.search.index")
    for name in ("rebuild_index_sql", "rebuild_index"):
        func = getattr(index, name, None)
        if func is not None:
            started = time.perf_counter()
            func()
            log(f"  search index: {name}() {time.perf_counter() - started:.1f} s")
            return name
    return "none"


def measure_search(readers: list[Any], runs: int, rng: random.Random) -> list[Result]:
    module = search_module()
    search = getattr(module, "search_content", None) if module else None
    if search is None:
        return [skipped("search", "search: not measured (module missing)")]
    out = []
    for order, target in (("newest", 5.0), ("relevance", 50.0)):
        plan = [(rng.choice(readers), rng.choice(SEARCH_TERMS)) for _ in range(runs)]
        for user, term in plan[:10]:
            _consume(search(user, term, order=order))

        def once(i: int, order: str = order, plan: list = plan) -> None:
            user, term = plan[i]
            _consume(search(user, term, order=order))

        try:
            samples = _timed(runs, once)
        except Exception as exc:  # another engineer's module: report, don't crash
            out.append(
                skipped(
                    f"search ({order})", f"search: failed ({type(exc).__name__}: {exc})"
                )
            )
            continue
        out.append(
            _result(
                f"search, {order} first (30 hits)", samples, target_ms=target, on="p95"
            )
        )
    return out


def _consume(result: Any) -> Any:
    """Force evaluation of whatever the search returns (queryset, page, list)."""
    for attr in ("entries", "results", "hits", "items"):
        if hasattr(result, attr):
            return list(getattr(result, attr))
    try:
        return list(result)[:30]
    except TypeError:
        return result


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def measure_http(
    database_url: str,
    tokens: list[str],
    *,
    requests: int,
    connections: int,
    log: Callable[[str], None],
) -> Result:
    """Requests per second of ``GET /api/v1/feed`` on one granian worker."""
    name = "GET /api/v1/feed, 1 granian worker"
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": os.urandom(32).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "API_RATE_LIMIT_PER_MINUTE": str(10**9),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("PLEIN_IMMEDIATE_TASKS", None)
    granian = Path(sys.executable).with_name("granian")
    command = [
        str(granian) if granian.exists() else "granian",
        "--interface",
        "wsgi",
        "--workers",
        "1",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "config.wsgi:application",
    ]
    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    server_core = cores[-1] if len(cores) > 1 else None

    def pin() -> None:  # the server on its own core, the load generator on the other
        if server_core is not None:
            os.sched_setaffinity(0, {server_core})

    log_path = Path(settings.DATA_DIR) / "bench" / "granian.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as server_log:
        proc = subprocess.Popen(  # noqa: S603
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
            preexec_fn=pin,
        )
    try:
        if not _wait_for_port(port, 30):
            return skipped(
                name, f"api: not measured (granian did not start, see {log_path})"
            )
        status, _body = _get(port, tokens[0])
        if status == 404:
            return skipped(name, "api: not measured (/api/v1/feed answers 404)")
        if status != 200:
            return skipped(name, f"api: not measured (/api/v1/feed answered {status})")
        _drive(
            port, tokens, requests=min(300, requests), connections=connections
        )  # warm
        started = time.perf_counter()
        latencies, errors = _drive(
            port, tokens, requests=requests, connections=connections
        )
        elapsed = time.perf_counter() - started
        rps = len(latencies) / elapsed
        log(f"  http: {len(latencies)} answers in {elapsed:.2f} s, {errors} errors")
        return {
            "name": name,
            "runs": len(latencies),
            "requests_per_second": round(rps, 1),
            "p50_ms": round(percentile(latencies, 50), 3) if latencies else None,
            "p95_ms": round(percentile(latencies, 95), 3) if latencies else None,
            "errors": errors,
            "connections": connections,
            "target": ">= 300 req/s",
            "status": "PASS" if rps >= 300 and not errors else "MISS",
        }
    finally:
        stop_process(proc)


def _get(
    port: int, token: str, conn: http.client.HTTPConnection | None = None
) -> tuple[int, bytes]:
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(
        "GET",
        "/api/v1/feed",
        headers={"Authorization": f"Bearer {token}", "Host": "127.0.0.1"},
    )
    response = conn.getresponse()
    body = response.read()
    if own:
        conn.close()
    return response.status, body


def _drive(
    port: int, tokens: list[str], *, requests: int, connections: int
) -> tuple[list[float], int]:
    """``requests`` GETs over ``connections`` keep-alive connections in threads."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    per_thread = [
        requests // connections + (1 if i < requests % connections else 0)
        for i in range(connections)
    ]

    def worker(n: int, index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        local, bad = [], 0
        for j in range(n):
            token = tokens[(index + j * connections) % len(tokens)]
            started = time.perf_counter()
            try:
                status, body = _get(port, token, conn)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                bad += 1
                continue
            local.append((time.perf_counter() - started) * 1000)
            if status != 200:
                bad += 1
            elif j == 0:
                json.loads(body)
        conn.close()
        with lock:
            latencies.extend(local)
            errors[0] += bad

    threads = [
        threading.Thread(target=worker, args=(n, i)) for i, n in enumerate(per_thread)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0]


def stop_process(proc: subprocess.Popen[Any]) -> None:
    """Ask a server we started to stop; kill it after ten seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
