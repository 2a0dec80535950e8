"""The push benchmark runs end to end and leaves nothing behind."""

import pytest

from plein.channels.push.bench import measure_push_fanout
from plein.channels.push.models import PushDelivery, PushSubscription
from plein.notifications.models import Notification
from plein.people.models import User

pytestmark = pytest.mark.django_db


def test_measure_push_fanout_pushes_to_every_device_and_cleans_up(alice):
    lines: list[str] = []
    [result] = measure_push_fanout(subscribers=200, log=lines.append)
    assert result["pushes"] == result["received"] == 200
    assert result["pushes_per_second"] > 0
    assert len(lines) == 2
    assert not PushSubscription.objects.exists()
    assert not PushDelivery.objects.exists()
    assert not Notification.objects.exists()
    assert list(User.objects.all()) == [alice]
