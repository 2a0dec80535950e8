"""The pages people open every day, rendered in the bench process.

Each page goes through the whole Django stack (middleware, session,
authentication, view, templates) with the test ``Client`` logged in as one
of a sample of people, warm. The figure is the time ``client.get`` takes:
server time, without a network or a WSGI server in front (the test client
adds well under a millisecond of its own). A second, untimed pass counts the
SQL statements each page runs.
"""

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from plein.bench.measure import Result, _result, percentile

# Words that match tens of thousands of posts in the synthetic organisation.
COMMON_WORDS = ("hypotheek", "compliance", "klant", "mortgage", "team")
PAGE_TARGET_MS = 50.0
PATHS = {
    "home": "/",
    "group": "/groups/<slug>/",
    "post": "/posts/<id>/",
    "question": "/questions/<id>/ (answered)",
    "search": "/search/?q=<common word>",
    "profile": "/people/<handle>/",
    "notifications": "/notifications/",
}
PAGES = tuple(PATHS)


@dataclass(frozen=True)
class Visit:
    page: str
    user_id: int
    path: str


def plan_visits(readers: list[Any], rng: random.Random) -> list[Visit]:
    """One visit of each daily page for every reader, to what they would open.

    The group is one of their own, the post one from their feed, the
    question an answered one they may see, the profile someone they follow.
    """
    from plein.access.posts import visible_posts
    from plein.feed.queries import get_feed_page
    from plein.groups.models import Membership
    from plein.people.models import Follow
    from plein.posts.models import Post

    visits = []
    for user in readers:
        slugs = list(
            Membership.objects.filter(user_id=user.pk).values_list(
                "group__slug", flat=True
            )
        )
        followed = list(
            Follow.objects.filter(follower_id=user.pk).values_list(
                "followed__handle", flat=True
            )[:50]
        )
        questions = list(
            visible_posts(user, Post.objects.filter(kind="question"))
            .filter(comment_count__gt=0)
            .order_by("-id")
            .values_list("pk", flat=True)[:50]
        )
        post_ids = [
            row["post_id"]
            for row in get_feed_page(user).entries
            if row["post__kind"] != "question"
        ]
        visits.append(Visit("home", user.pk, "/"))
        if slugs:
            visits.append(Visit("group", user.pk, f"/groups/{rng.choice(slugs)}/"))
        if post_ids:
            visits.append(Visit("post", user.pk, f"/posts/{rng.choice(post_ids)}/"))
        if questions:
            visits.append(
                Visit("question", user.pk, f"/questions/{rng.choice(questions)}/")
            )
        visits.append(
            Visit("search", user.pk, f"/search/?q={rng.choice(COMMON_WORDS)}")
        )
        handle = rng.choice(followed) if followed else user.handle
        visits.append(Visit("profile", user.pk, f"/people/{handle}/"))
        visits.append(Visit("notifications", user.pk, "/notifications/"))
    return visits


def measure_pages(
    readers: list[Any],
    runs: int,
    rng: random.Random,
    log: Callable[[str], None] = print,
) -> list[Result]:
    """p50/p95 server time and SQL statements of each daily page.

    ``runs`` requests a page, spread over the readers in random order,
    after one warm pass (which also lets the home page mark what it showed
    as read, as a second visit would find it).
    """
    clients: dict[int, Client] = {}
    for user in readers:
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(user)
        clients[user.pk] = client
    visits = plan_visits(readers, rng)
    failures: dict[str, str] = {}

    def get(visit: Visit) -> None:
        response = clients[visit.user_id].get(visit.path)
        if response.status_code != 200 and visit.page not in failures:
            failures[visit.page] = f"{visit.path} answered {response.status_code}"

    for visit in visits:  # warm
        get(visit)
    queries: dict[str, list[int]] = {page: [] for page in PAGES}
    for visit in visits:
        with CaptureQueriesContext(connection) as captured:
            get(visit)
        queries[visit.page].append(len(captured.captured_queries))
    results = []
    for page in PAGES:
        mine = [v for v in visits if v.page == page]
        if not mine:
            continue
        order = [rng.choice(mine) for _ in range(runs)]
        samples = []
        for visit in order:
            started = time.perf_counter()
            get(visit)
            samples.append((time.perf_counter() - started) * 1000)
        counts = queries[page]
        result = _result(
            f"page: {page} {PATHS[page]}",
            samples,
            target_ms=PAGE_TARGET_MS,
            on="p95",
            queries=round(statistics.median(counts)),
            queries_min=min(counts),
            queries_max=max(counts),
        )
        if page in failures:
            result["status"] = "MISS"
            result["note"] = failures[page]
        log(
            f"  {page}: p50 {percentile(samples, 50):.1f} ms, "
            f"p95 {percentile(samples, 95):.1f} ms, {min(counts)} to {max(counts)} queries"
        )
        results.append(result)
    return results
