"""Nothing planned is visible before it is published: feed, search, group, API, live."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from plein.channels.live.models import LiveEvent
from plein.notifications.models import Notification
from plein.posts.models import Post

pytestmark = pytest.mark.django_db

MARKER = "zqplannedmarker"
NEEDLE = "opens friday"


def _sees(client: Client, api, group) -> dict[str, bool]:
    pages = {
        "feed": client.get("/").content.decode(),
        "group": client.get(f"/groups/{group.slug}/").content.decode(),
        "search": client.get("/search/", {"q": MARKER}).content.decode(),
        "api_feed": api.get("/feed").content.decode(),
        "api_group": api.get(f"/groups/{group.pk}/posts").content.decode(),
        "api_search": api.get("/search", {"q": MARKER}).content.decode(),
    }
    # The search pages echo the query: look for the rest of the text.
    return {name: NEEDLE in text for name, text in pages.items()}


def test_nothing_before_publish_time_even_after_joining(
    alice, bob, make_group, schedule, publish_due, as_, run_on_commit
):
    from plein.groups.actions import do_add_member

    group = make_group(alice, "Harbour", "open")
    live_before = LiveEvent.objects.count()
    item = schedule(alice, {"body": f"{MARKER} opens friday", "group": str(group.pk)})
    assert not Post.objects.exists()
    assert LiveEvent.objects.count() == live_before
    assert not Notification.objects.exists()
    client = Client()
    client.force_login(bob)
    api = as_(bob)
    # The audience changes: bob joins before the time.
    run_on_commit(do_add_member, group, bob)
    assert not any(_sees(client, api, group).values())
    # Bob's API answers 404 for the planned item, like for anything hidden.
    assert api.get(f"/scheduled-posts/{item.pk}").status_code == 404
    publish_due()
    assert LiveEvent.objects.count() > live_before
    seen = _sees(client, api, group)
    assert seen["feed"] and seen["group"] and seen["api_group"] and seen["api_feed"]


def test_scheduling_sends_no_notification_to_mentioned_people(
    alice, bob, schedule, publish_due
):
    schedule(alice, {"body": "Hello @bob, see you friday"})
    assert not Notification.objects.filter(recipient=bob).exists()
    publish_due()
    assert Notification.objects.filter(recipient=bob).exists()


def test_draft_and_schedule_are_not_in_others_exports(alice, bob, schedule):
    from plein.engagement.scheduling.personal_data import build_scheduled

    schedule(alice, {"body": "mine only"})
    schedule(alice, {"body": "draft only"}, at=None)
    assert {i["text"] for i in build_scheduled(alice)} == {"mine only", "draft only"}
    assert build_scheduled(bob) == []
    assert timezone.now() < timezone.now() + timedelta(seconds=1)
