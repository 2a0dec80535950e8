"""The author sees their own post at once, whatever the worker is doing.

In these tests the on-commit work never runs (the test's transaction does not
commit), exactly like a worker that has not come round to the delivery yet.
"""

import pytest
from django.urls import reverse

from plein.feed.models import InboxEntry

pytestmark = pytest.mark.django_db


def test_own_post_shows_on_the_next_page_before_delivery(
    client, alice, bob, make_group
):
    group = make_group(alice, "Redactie", "open", members=(bob,))
    client.force_login(alice)

    client.post(reverse("posts:create"), {"body": "Net geplaatst", "group": group.pk})
    page = client.get(reverse("feed:home"))

    assert "Net geplaatst" in page.content.decode()
    # Nobody else has it yet: that is the background delivery's work.
    assert list(InboxEntry.objects.values_list("user_id", flat=True)) == [alice.pk]


def test_own_post_is_read_in_the_authors_feed(client, alice):
    client.force_login(alice)

    client.post(reverse("posts:create"), {"body": "Mijn eigen bericht"})

    entry = InboxEntry.objects.get(user=alice)
    assert entry.is_read
