"""``plein bench``: build the synthetic organisation and measure p50/p95.

The command runs itself again in a child process whose ``DATABASE_URL`` points
at the benchmark database (by default ``var/bench/bench.sqlite3``), so the
real database is never touched and the child runs with production settings
(``DEBUG=0``, the database task queue) on one pinned core.
"""

import json
import os
import platform
import random
import secrets
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

CHILD_FLAG = "PLEIN_BENCH_CHILD"
MEASUREMENTS = (
    "feed",
    "fanout",
    "search",
    "pages",
    "knowledge",
    "http",
    "gateway",
    "channels",
    "insights",
    "listening",
)


class Command(BaseCommand):
    help = "Build a synthetic organisation in a separate database and report feed, fan-out, search and HTTP figures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="1.0 = 10,000 people and 1,000,000 posts.",
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Skip generation when the database is complete.",
        )
        parser.add_argument(
            "--database-url",
            default="",
            help="Use this database (e.g. PostgreSQL) instead of SQLite.",
        )
        parser.add_argument(
            "--path",
            default="",
            help="SQLite file (default: DATA_DIR/bench/bench.sqlite3).",
        )
        parser.add_argument(
            "--json",
            default="",
            help="Results file (default: DATA_DIR/bench/results.json).",
        )
        parser.add_argument(
            "--inbox-cap",
            type=int,
            default=None,
            help="Inbox entries kept per person (default: FEED_INBOX_KEEP, as the "
            "nightly trim leaves them).",
        )
        parser.add_argument("--feed-runs", type=int, default=1000)
        parser.add_argument("--fanout-runs", type=int, default=10)
        parser.add_argument("--search-runs", type=int, default=200)
        parser.add_argument("--knowledge-runs", type=int, default=500)
        parser.add_argument("--page-runs", type=int, default=200)
        parser.add_argument(
            "--page-readers",
            type=int,
            default=50,
            help="People the pages are requested as (each visits every page twice "
            "before the timed runs).",
        )
        parser.add_argument(
            "--only",
            default="",
            help="Comma-separated measurements to run ("
            + ", ".join(MEASUREMENTS)
            + "); all by default.",
        )
        parser.add_argument("--http-requests", type=int, default=3000)
        parser.add_argument("--http-connections", type=int, default=8)
        parser.add_argument("--skip-http", action="store_true")
        parser.add_argument(
            "--gateway-only",
            action="store_true",
            help="Measure only the mail gateway (its own temporary database).",
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        if os.environ.get(CHILD_FLAG) == "1":
            self._run_child(options)
            return
        self._run_parent(options)

    # The parent: choose the database, start the child -------------------------------
    def _run_parent(self, options: dict[str, Any]) -> None:
        if options["gateway_only"]:
            from plein.bench.gateway import measure_gateway

            report = {
                "results": measure_gateway(
                    log=self._log, database_url=options["database_url"] or None
                )
            }
            self.stdout.write(format_table(report))
            return
        data_dir = Path(settings.DATA_DIR)
        url = options["database_url"]
        if not url:
            path = Path(
                options["path"] or data_dir / "bench" / "bench.sqlite3"
            ).resolve()
            path.parent.mkdir(parents=True, exist_ok=True)
            if not options["reuse"] or not _sqlite_file_complete(path):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
            url = f"sqlite:///{path}"
        results = Path(options["json"] or data_dir / "bench" / "results.json").resolve()
        results.parent.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            CHILD_FLAG: "1",
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PLEIN_DATA_DIR": str(data_dir),
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "LOG_LEVEL": "WARNING",
            "BENCH_RESULTS": str(results),
        }
        if not options["database_url"]:
            # The bench's own copy of the search engine, next to its database.
            env.setdefault("SEARCH_ENGINE_DIR", str(path.parent / "search-engine"))
        env.pop("PLEIN_IMMEDIATE_TASKS", None)
        argv = [sys.executable, "-m", "django", "bench", *self._forwarded(options)]
        self.stdout.write(f"Benchmark database: {url}")
        self.stdout.flush()
        code = subprocess.call(argv, cwd=settings.BASE_DIR, env=env)  # noqa: S603
        if code != 0:
            raise CommandError(f"the benchmark failed (exit status {code})")

    @staticmethod
    def _forwarded(options: dict[str, Any]) -> list[str]:
        out = [
            "--scale",
            str(options["scale"]),
            "--inbox-cap",
            str(options["inbox_cap"] or settings.FEED_INBOX_KEEP),
            "--feed-runs",
            str(options["feed_runs"]),
            "--fanout-runs",
            str(options["fanout_runs"]),
            "--search-runs",
            str(options["search_runs"]),
            "--knowledge-runs",
            str(options["knowledge_runs"]),
            "--page-runs",
            str(options["page_runs"]),
            "--page-readers",
            str(options["page_readers"]),
            "--only",
            options["only"],
            "--http-requests",
            str(options["http_requests"]),
            "--http-connections",
            str(options["http_connections"]),
            "--seed",
            str(options["seed"]),
        ]
        if options["reuse"]:
            out.append("--reuse")
        if options["skip_http"]:
            out.append("--skip-http")
        return out

    # The child: generate and measure --------------------------------------------------
    def _run_child(self, options: dict[str, Any]) -> None:
        from plein.bench import measure
        from plein.bench.synthetic import Shape, generate

        if hasattr(os, "sched_getaffinity"):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        log = self._log
        shape = Shape.at_scale(options["scale"], inbox_cap=options["inbox_cap"])
        meta = _read_meta()
        if (
            options["reuse"]
            and meta.get("complete")
            and meta.get("shape") == shape.__dict__
        ):
            log("Reusing the complete benchmark database.")
            # Migrations added since it was built (new apps start empty).
            call_command("migrate", verbosity=0, interactive=False)
            generation = meta.get("seconds", {})
            everyone = meta["everyone_group_id"]
        else:
            log("Migrating the benchmark database…")
            started = time.perf_counter()
            call_command("migrate", verbosity=0, interactive=False)
            if connection.vendor != "sqlite":  # a SQLite file is always new here
                call_command("flush", verbosity=0, interactive=False)
            call_command("createcachetable", verbosity=0)
            log(f"  migrate: {time.perf_counter() - started:.1f} s")
            log(
                f"Generating: {shape.people:,} people, {shape.groups} groups, {shape.posts:,} posts…"
            )
            started = time.perf_counter()
            org = generate(shape, seed=options["seed"], log=log)
            generation = {
                **org.seconds,
                "total": round(time.perf_counter() - started, 1),
            }
            everyone = org.everyone_group_id
            meta = {
                "complete": True,
                "shape": shape.__dict__,
                "seconds": generation,
                "everyone_group_id": everyone,
                "search_indexed": "synthetic" if org.search_indexed else "",
            }
            _write_meta(meta)
            log(f"  generated in {generation['total']:.1f} s")

        if not meta.get("knowledge"):
            # Also for a database generated before the knowledge apps.
            from plein.bench.knowledge import generate_knowledge

            log("Adding skills, endorsements, questions and expertise evidence…")
            seconds = generate_knowledge(seed=options["seed"], log=log)
            generation = {
                **generation,
                **{f"knowledge: {k}": v for k, v in seconds.items()},
            }
            meta = {**_read_meta(), "knowledge": True, "seconds": generation}
            _write_meta(meta)

        if not meta.get("wiki"):
            from plein.bench.knowledge import generate_wiki

            log("Adding wiki pages…")
            seconds = generate_wiki(seed=options["seed"], log=log)
            generation = {**generation, **{f"wiki: {k}": v for k, v in seconds.items()}}
            meta = {**_read_meta(), "wiki": True, "seconds": generation}
            _write_meta(meta)

        only = {name.strip() for name in options["only"].split(",") if name.strip()}
        unknown = only - set(MEASUREMENTS)
        if unknown:
            raise CommandError(f"unknown measurement: {', '.join(sorted(unknown))}")
        wanted = only or set(MEASUREMENTS)
        rng = random.Random(options["seed"])
        readers = measure.pick_readers(200, rng)
        results: list[dict[str, Any]] = []
        if "feed" in wanted:
            log("Measuring the home feed…")
            results.append(measure.measure_feed(readers, options["feed_runs"], rng))
        if "fanout" in wanted:
            log("Measuring fan-out…")
            results.extend(measure.measure_fanout(everyone, options["fanout_runs"]))
        if "search" in wanted:
            log("Measuring search…")
            if measure.search_module() is not None and not meta.get("search_indexed"):
                try:
                    how = measure.build_search_index(log)
                    _write_meta({**_read_meta(), "search_indexed": how})
                except Exception as exc:
                    log(
                        f"  search index could not be built: {type(exc).__name__}: {exc}"
                    )
            _build_search_engine(log)
            results.extend(measure.measure_search(readers, options["search_runs"], rng))
        if "pages" in wanted:
            from plein.bench.pages import measure_pages

            log("Measuring the daily pages…")
            _build_search_engine(log)
            # Pages link their static files through the manifest, as in
            # production.
            call_command("collectstatic", verbosity=0, interactive=False)
            results.extend(
                measure_pages(
                    readers[: options["page_readers"]],
                    options["page_runs"],
                    rng,
                    log=log,
                )
            )
        if "knowledge" in wanted:
            from plein.bench import knowledge

            log("Measuring the expertise finder and related suggestions…")
            results.append(
                knowledge.measure_expertise(readers, options["knowledge_runs"], rng)
            )
            results.append(
                knowledge.measure_related(readers, options["knowledge_runs"], rng)
            )
        if "http" not in wanted:
            pass
        elif options["skip_http"]:
            results.append(
                measure.skipped(
                    "GET /api/v1/feed, 1 granian worker",
                    "api: not measured (--skip-http)",
                )
            )
        else:
            log("Measuring HTTP throughput…")
            from plein.people.actions import do_create_api_token

            tokens = [
                do_create_api_token(user, name="bench")[1] for user in readers[:50]
            ]
            results.append(
                measure.measure_http(
                    os.environ["DATABASE_URL"],
                    tokens,
                    requests=options["http_requests"],
                    connections=options["http_connections"],
                    log=log,
                )
            )
        if "gateway" in wanted:
            log("Measuring the mail gateway…")
            from plein.bench.gateway import measure_gateway

            # A smoke run (tiny --scale) sends fewer mails; the full run sends 500.
            results.extend(
                measure_gateway(
                    messages=500 if options["scale"] >= 0.1 else 50,
                    log=log,
                    replay_apply=options["scale"] >= 0.1,
                )
            )
        if "channels" in wanted:
            log("Measuring live streams, push and feeds…")
            results.extend(self._measure_channels(full=options["scale"] >= 0.1))
        if "insights" in wanted:
            from plein.insights.bench import generate_insights, measure_insights

            if not meta.get("insights"):
                log("Adding departments, a month of reading and its rollups…")
                seconds = generate_insights(seed=options["seed"], log=log)
                generation = {
                    **generation,
                    **{f"insights: {k}": v for k, v in seconds.items()},
                }
                meta = {**_read_meta(), "insights": True, "seconds": generation}
                _write_meta(meta)
            log("Measuring the insights dashboards…")
            results.extend(
                measure_insights(max(20, options["page_runs"] // 4), rng, log=log)
            )
        if "listening" in wanted:
            from plein.listening.sources.bench import measure_listening

            log("Polling feeds (listening)…")
            # A smoke run (tiny --scale) polls fewer feeds; the full run 500.
            results.extend(
                measure_listening(
                    sources=500 if options["scale"] >= 0.1 else 20, log=log
                )
            )
        report = {
            "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": {
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "python": platform.python_version(),
                "database": connection.vendor,
                "database_version": _db_version(),
                "pinned_to_one_core": hasattr(os, "sched_getaffinity"),
            },
            "shape": shape.__dict__,
            "generation_seconds": generation,
            "results": results,
        }
        path = Path(os.environ["BENCH_RESULTS"])
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        self.stdout.write(format_table(report))
        self.stdout.write(f"Results written to {path}")

    def _measure_channels(self, *, full: bool) -> list[dict[str, Any]]:
        """Open streams and post-to-screen latency (a smoke run opens fewer)."""
        from plein.channels.feeds.bench import measure_feeds
        from plein.channels.live.bench import measure_live
        from plein.channels.push.bench import measure_push_fanout

        return [
            *measure_live(
                streams=1000 if full else 50, posts=20 if full else 3, log=self._log
            ),
            *measure_push_fanout(subscribers=10_000 if full else 200, log=self._log),
            *measure_feeds(requests=400 if full else 50, log=self._log),
        ]

    def _log(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()


def _build_search_engine(log: Any) -> None:
    """Build the search engine's copy of the index when it has none."""
    from plein.search import engine

    if engine.is_enabled() and not engine.is_ready():
        started = time.perf_counter()
        count = engine.do_rebuild_engine()
        log(
            f"  search engine built: {count:,} documents in "
            f"{time.perf_counter() - started:.1f} s"
        )


def _sqlite_file_complete(path: Path) -> bool:
    """Whether an earlier run finished generating into this SQLite file."""
    if not path.exists():
        return False
    try:
        with closing(sqlite3.connect(path)) as db:
            row = db.execute("SELECT body FROM bench_meta WHERE id = 1").fetchone()
    except sqlite3.Error:
        return False
    return bool(row and json.loads(row[0]).get("complete"))


def _db_version() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
        else:
            cursor.execute("SELECT version()")
        return str(cursor.fetchone()[0])[:60]


def _read_meta() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_meta (id integer PRIMARY KEY, body text NOT NULL)"
        )
        cursor.execute("SELECT body FROM bench_meta WHERE id = 1")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else {}


def _write_meta(meta: dict[str, Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM bench_meta WHERE id = 1")
        cursor.execute(
            "INSERT INTO bench_meta (id, body) VALUES (1, %s)", [json.dumps(meta)]
        )


def format_table(report: dict[str, Any]) -> str:
    """The results as a fixed-width table with the targets next to the figures."""
    lines = [
        "",
        f"{'measurement':<48} {'runs':>6} {'p50 ms':>9} {'p95 ms':>9} {'req/s':>8} {'SQL':>4}  {'target':<18} result",
        "-" * 117,
    ]
    for r in report["results"]:
        if r["status"] == "SKIP":
            lines.append(
                f"{r['name']:<48} {'':>6} {'':>9} {'':>9} {'':>8} {'':>4}  {'':<18} SKIP  {r['note']}"
            )
            continue
        rps = r.get("requests_per_second")
        lines.append(
            f"{r['name']:<48} {r.get('runs', ''):>6} {r.get('p50_ms') or 0:>9.2f} {r.get('p95_ms') or 0:>9.2f} "
            f"{(f'{rps:.0f}' if rps else ''):>8} {r.get('queries', ''):>4}  {r['target']:<18} {r['status']}"
            + (f"  {r['note']}" if r.get("note") else "")
        )
    lines.extend(
        f"  (the feed's SQL alone on the bare sqlite3 connection: p50 {r['sql_only_p50_ms']:.2f} ms, "
        f"p95 {r['sql_only_p95_ms']:.2f} ms; the rest is Django)"
        for r in report["results"]
        if r.get("sql_only_p50_ms") is not None
    )
    lines.extend(
        f"  (inboxes: {r['inbox_rows']:,} rows, {r.get('inbox_mb') or '?'} MB with their indexes)"
        for r in report["results"]
        if r.get("inbox_rows") is not None
    )
    gen = report.get("generation_seconds") or {}
    if gen.get("total"):
        lines.append(
            f"(generation took {gen['total']} s; database {report['machine']['database_version']})"
        )
    lines.append("")
    return "\n".join(lines)
