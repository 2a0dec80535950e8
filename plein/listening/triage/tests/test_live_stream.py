"""Through real live streams: communications' open pages hear of a triage
change; a colleague's stream never does."""

from typing import Any

import pytest
from django.db import transaction

from plein.channels.live.tests.conftest import streams  # noqa: F401 (fixture)
from plein.listening.mentions.actions import FeedItem, do_take_in
from plein.listening.mentions.models import Mention
from plein.listening.sources.actions import do_add_source
from plein.listening.triage.actions import check_add_note, check_change_triage
from plein.posts.actions import check_create_post

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_triage_change_reaches_communications_only(
    streams: Any,  # noqa: F811
    moderator: Any,
    admin: Any,
    alice: Any,
) -> None:
    source = do_add_source(None, name="Blogs", url="https://blogs.example/feed")
    do_take_in(source, [FeedItem(url="https://blogs.example/1", title="Een")])
    mention = Mention.objects.get()
    to_moderator = streams.open(moderator)
    to_alice = streams.open(alice)
    # As the views do: a change is one transaction (it locks the row).
    with transaction.atomic():
        check_change_triage(admin, mention, assignee=moderator)
    with transaction.atomic():
        check_add_note(admin, mention, "Kijk jij even?")
    marker = check_create_post(admin, body="Voor iedereen")

    assert streams.wait_for(lambda: len(to_moderator.of("triage.changed")) == 2)
    assert to_moderator.of("triage.changed")[0].data == {"actor_id": admin.pk}
    assert streams.wait_for(
        lambda: any(e.data["post_id"] == marker.pk for e in to_alice.of("post.created"))
    )
    assert to_alice.of("triage.changed") == []
