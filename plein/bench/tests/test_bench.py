"""``plein bench`` at a tiny scale: it generates, measures and reports."""

import json

import pytest
from django.core.management import call_command

from plein.bench.management.commands.bench import format_table
from plein.bench.measure import percentile


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert percentile([3.0], 95) == 3.0


@pytest.mark.own_sqlite
def test_bench_runs_at_a_tiny_scale(tmp_path) -> None:
    results = tmp_path / "results.json"
    call_command(
        "bench",
        scale=0.002,
        path=str(tmp_path / "bench.sqlite3"),
        json=str(results),
        feed_runs=20,
        fanout_runs=2,
        search_runs=5,
        page_runs=3,
        page_readers=3,
        knowledge_runs=5,
        skip_http=True,
    )
    report = json.loads(results.read_text())
    by_name = {r["name"]: r for r in report["results"]}
    assert report["shape"]["people"] >= 50
    assert report["generation_seconds"]["total"] > 0
    feed = next(r for name, r in by_name.items() if name.startswith("home feed"))
    assert {"p50_ms", "p95_ms", "runs", "target", "status"} <= set(feed)
    fanout = next(r for name, r in by_name.items() if name.startswith("post to the"))
    assert fanout["delivered_rows"] == fanout["members"]
    assert any(name.startswith("search") for name in by_name)
    assert by_name["GET /api/v1/feed, 1 granian worker"]["status"] == "SKIP"
    # Every mail became a post: a figure over refused mail would mean nothing.
    assert by_name["mail gateway, SMTP into posts"]["errors"] == 0
    in_path = by_name["mail in the path (content filter), SMTP into posts and back"]
    assert in_path["errors"] == 0
    assert in_path["handed_back"] == in_path["runs"]  # once each, to the outsider
    assert all(name in by_name for name in ("page: home /", "page: post /posts/<id>/"))
    assert "measurement" in format_table(report)
