"""The insights dashboards at the benchmark's size (``plein bench --only insights``).

Generation, set-based: 40 departments (a few too small to be shown alone)
over the synthetic people, a month of reading days (about half the people
on a working day), then the nightly rollup for each of the 30 days, timed
as the night would run it. Measured: the organisation's dashboard and a
group's (the query functions the views call, and the whole page through
the test client), target p95 <= 1000 ms.
"""

import datetime
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.functions import Mod
from django.test import Client
from django.test.utils import CaptureQueriesContext

from plein.access.roles import Role
from plein.bench.measure import Result, _result, percentile
from plein.groups.models import Group
from plein.insights.activity import org_day
from plein.insights.queries import get_group_dashboard, get_org_dashboard
from plein.insights.rollup import do_rollup_day
from plein.people.models import Department, User

DASHBOARD_TARGET_MS = 1000.0
DAYS = 30
DEPARTMENTS = 40
INSERT_READING = (
    "INSERT INTO insights_activityday "
    "(person_id, day, has_read, has_posted, has_reacted, group_ids) "
    "SELECT id, %s, TRUE, FALSE, FALSE, '[]' FROM people_user WHERE is_active AND "
)


def generate_insights(
    *, seed: int = 2026, log: Callable[[str], None] = print
) -> dict[str, float]:
    """Departments, a month of reading days and the month's rollups."""
    rng = random.Random(seed)  # noqa: S311 (made-up data)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    with transaction.atomic():
        # The bench's own departments, whatever else the database holds.
        slugs = [f"afdeling-{n:02d}" for n in range(1, DEPARTMENTS + 1)]
        have = set(
            Department.objects.filter(slug__in=slugs).values_list("slug", flat=True)
        )
        Department.objects.bulk_create(
            Department(name=f"Afdeling {slug[-2:]}", slug=slug)
            for slug in slugs
            if slug not in have
        )
        ids = list(
            Department.objects.filter(slug__in=slugs)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        # Most departments share the people evenly; the last three get only
        # a handful each, so that merging is exercised.
        small = ids[-3:]
        people = list(User.objects.order_by("pk").values_list("pk", flat=True))
        shared = ids[:-3]
        for n, department_id in enumerate(shared):
            User.objects.annotate(slot=Mod("id", len(shared))).filter(slot=n).update(
                department_id=department_id
            )
        for n, department_id in enumerate(small):
            chosen = people[n * 3 : n * 3 + 2 + n]
            User.objects.filter(pk__in=chosen).update(department_id=department_id)
    seconds["departments"] = round(time.perf_counter() - started, 1)
    today = org_day()
    days = [today - datetime.timedelta(days=n) for n in range(DAYS, 0, -1)]
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM insights_activityday")
        for day in days:
            share = 25 if day.weekday() >= 5 else 55
            threshold = rng.randint(share - 5, share + 5)
            if connection.vendor == "sqlite":
                pick = "abs(random()) %% 100 < %s"
            else:
                pick = "random() * 100 < %s"
            sql = INSERT_READING + pick
            cursor.execute(sql, [day.isoformat(), threshold])
    seconds["activity days"] = round(time.perf_counter() - started, 1)
    log(f"  {DAYS} days of reading: {seconds['activity days']} s")
    per_day = []
    for day in days:
        started = time.perf_counter()
        do_rollup_day(day)
        per_day.append(time.perf_counter() - started)
    seconds["rollup per day (median)"] = round(statistics.median(per_day), 2)
    seconds["rollup, 30 days"] = round(sum(per_day), 1)
    log(
        f"  rollups: {sum(per_day):.1f} s for {DAYS} days "
        f"(median {statistics.median(per_day):.2f} s a day)"
    )
    return seconds


def measure_insights(
    runs: int, rng: random.Random, log: Callable[[str], None] = print
) -> list[Result]:
    """p50/p95 of the dashboards: the queries alone, and the whole pages."""
    # The synthetic organisation's first person is its admin.
    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk")[0]
    groups = list(Group.objects.exclude(kind="secret").order_by("-member_count")[:20])
    results: list[Result] = []

    def timed(name: str, call: Callable[[], Any], **extra: Any) -> None:
        call()  # warm
        with CaptureQueriesContext(connection) as captured:
            call()
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            call()
            samples.append((time.perf_counter() - started) * 1000)
        results.append(
            _result(
                name,
                samples,
                target_ms=DASHBOARD_TARGET_MS,
                on="p95",
                queries=len(captured.captured_queries),
                **extra,
            )
        )
        log(
            f"  {name}: p50 {percentile(samples, 50):.1f} ms, "
            f"p95 {percentile(samples, 95):.1f} ms, "
            f"{len(captured.captured_queries)} queries"
        )

    timed(
        "insights: organisation, 30 days (queries)",
        lambda: get_org_dashboard(admin, period=30),
    )
    timed(
        "insights: organisation, 90 days (queries)",
        lambda: get_org_dashboard(admin, period=90),
    )
    timed(
        "insights: group, 30 days (queries)",
        lambda: get_group_dashboard(rng.choice(groups), period=30),
    )
    # Pages link their static files through the manifest, as in production.
    call_command("collectstatic", verbosity=0, interactive=False)
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(admin)
    failures: list[str] = []

    def page(path: str) -> None:
        response = client.get(path)
        if response.status_code != 200:
            failures.append(f"{path} answered {response.status_code}")

    timed("insights: page /insights/", lambda: page("/insights/"))
    timed(
        "insights: page /insights/groups/<slug>/",
        lambda: page(f"/insights/groups/{rng.choice(groups).slug}/"),
    )
    timed(
        "insights: CSV /insights/insights.csv", lambda: page("/insights/insights.csv")
    )
    if failures:
        for result in results:
            if result["name"].startswith("insights: page"):
                result["status"] = "MISS"
                result["note"] = failures[0]
    return results
