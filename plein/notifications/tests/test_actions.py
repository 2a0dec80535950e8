"""do_notify: rows, idempotency and the delivery channels."""

import pytest

from plein.notifications.actions import do_notify
from plein.notifications.kinds import notification_channels, register_channel
from plein.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls():
    """A channel that records what do_notify hands it."""
    received = []

    def schedule(*, kind, key, recipient_ids):
        received.append((kind.code, key, recipient_ids))

    register_channel("test", schedule)
    yield received
    notification_channels.unregister("test")


def test_every_channel_is_called_once_with_the_key_and_recipients(
    calls, alice, bob, carol
):
    assert (
        do_notify(
            [carol.pk, bob.pk, alice.pk], kind="follower", key="f:1", actor_id=alice.pk
        )
        == 2
    )
    assert calls == [("follower", "f:1", [bob.pk, carol.pk])]


def test_no_channel_is_called_when_nobody_is_notified(calls, alice, bob):
    assert do_notify([alice.pk], kind="follower", key="f:1", actor_id=alice.pk) == 0
    assert calls == []


def test_the_key_makes_notifying_idempotent(alice, bob):
    do_notify([alice.pk], kind="follower", key="f:1", actor_id=bob.pk)
    do_notify([alice.pk], kind="follower", key="f:1", actor_id=bob.pk)
    assert Notification.objects.filter(recipient=alice).count() == 1


def test_a_target_is_stored_generically(alice, bob, make_group):
    group = make_group(bob, "Tuinclub")
    do_notify([alice.pk], kind="group_invite", key="g:1", actor_id=bob.pk, target=group)
    notification = Notification.objects.get(recipient=alice)
    assert notification.target == group and notification.post is None
    assert notification.group_key == "g:1"  # not groupable: its own key
