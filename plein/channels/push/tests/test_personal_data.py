"""What push holds about a person: exported without secrets, erased whole."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser

from plein.access.push import access_push_subscription, visible_push_subscriptions
from plein.channels.push.actions import check_set_push_preference
from plein.channels.push.models import PushPreference, PushSubscription
from plein.channels.push.personal_data import build_push_devices
from plein.core.errors import NotFound
from plein.core.personal_data import ErasureContext, Holds, personal_data_provider

pytestmark = pytest.mark.django_db


def test_the_export_lists_devices_without_their_secrets(alice, make_device):
    device = make_device("phone")
    device.subscribe(alice)
    check_set_push_preference(alice, "reaction", is_enabled=True)
    exported = build_push_devices(alice)
    text = json.dumps(exported, default=str)
    assert device.endpoint not in text
    assert device.p256dh not in text and device.auth_secret not in text
    [listed] = exported["devices"]
    assert listed["device"] == "Test browser phone"
    assert listed["push_service"] == "127.0.0.1"
    assert exported["choices"] == {"reaction": True}


def test_erasure_deletes_devices_and_choices(alice, bob, make_device):
    make_device("phone").subscribe(alice)
    make_device("bobs").subscribe(bob)
    check_set_push_preference(alice, "mention", is_enabled=False)
    provider = personal_data_provider("push")
    assert provider is not None and provider.erase is not None
    provider.erase(
        alice,
        ErasureContext(
            actor=None, delete_content=False, holds=Holds(), report_purged=print
        ),
    )
    assert list(PushSubscription.objects.values_list("user_id", flat=True)) == [bob.pk]
    assert not PushPreference.objects.filter(user=alice).exists()


def test_only_the_owner_reaches_a_subscription(alice, bob, make_device):
    mine = make_device("phone").subscribe(alice)
    assert access_push_subscription(alice, mine.pk) == mine
    with pytest.raises(NotFound):
        access_push_subscription(bob, mine.pk)
    with pytest.raises(NotFound):
        access_push_subscription(alice, mine.pk + 1000)
    assert list(visible_push_subscriptions(bob)) == []
    assert list(visible_push_subscriptions(AnonymousUser())) == []
    alice.is_active = False
    assert list(visible_push_subscriptions(alice)) == []
