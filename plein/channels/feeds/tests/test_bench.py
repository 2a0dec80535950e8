"""The feeds benchmark runs on whatever data exists and leaves nothing."""

import pytest

from plein.channels.feeds.bench import measure_feeds
from plein.channels.feeds.models import FeedToken

pytestmark = pytest.mark.django_db


def test_measure_feeds(alice, bob, make_group, make_post):
    group = make_group(bob, "Open huis", members=(alice,))
    make_post(bob, "Over #koffie", group=group)
    lines = []
    results = measure_feeds(requests=50, log=lines.append)
    by_name = {r["name"]: r for r in results}
    assert by_name["feed home (atom)"]["errors"] == 0
    assert by_name["feed home (atom)"]["requests_per_second"] > 0
    assert by_name["feed tag (rss)"]["errors"] == 0
    assert by_name["feed home, 304 Not Modified"]["errors"] == 0
    assert lines
    assert not FeedToken.objects.exists()


def test_measure_feeds_without_people(db):
    assert measure_feeds(requests=10, log=print)[0]["status"] == "SKIP"
