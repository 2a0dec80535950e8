"""Live results: told to the poll's readers, and only when results are shown."""

from datetime import timedelta

import pytest
from django.utils import timezone

from plein.channels.live.models import LiveEvent
from plein.channels.live.stream import audiences
from plein.engagement.polls.actions import do_close_poll

pytestmark = pytest.mark.django_db


def _poll_events():
    return list(
        LiveEvent.objects.filter(type="poll.results").values(
            "pk", "post_id", "actor_id"
        )
    )


# audiences() is the dispatcher's own read, which manages its connection as
# a long-lived process does: it needs a real transaction, not the test's.
@pytest.mark.django_db(transaction=True)
def test_a_vote_in_a_live_poll_tells_its_readers_only(
    alice, bob, carol, make_group, make_poll, vote
):
    group = make_group(alice, "Geheim", "secret", members=(bob,))
    poll = make_poll(alice, group=group)
    vote(bob, poll, "Bos")
    [event] = _poll_events()
    assert event["post_id"] == poll.pk and event["actor_id"] is None
    rows = list(
        LiveEvent.objects.filter(pk=event["pk"]).values(
            "pk",
            "type",
            "post_id",
            "comment_id",
            "actor_id",
            "recipient_ids",
            "for_moderators",
        )
    )
    assert audiences(rows, {alice.pk, bob.pk, carol.pk})[event["pk"]] == {
        alice.pk,
        bob.pk,
    }


def test_an_after_closing_poll_is_announced_at_closing_only(
    alice, bob, make_poll, vote, run_on_commit
):
    poll = make_poll(
        alice, results_shown="closed", closes_at=timezone.now() + timedelta(hours=1)
    )
    vote(bob, poll, "Bos")
    assert _poll_events() == []
    run_on_commit(do_close_poll, poll.pk)
    assert [e["post_id"] for e in _poll_events()] == [poll.pk]
