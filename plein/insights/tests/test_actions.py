"""Groups that went quiet are flagged to their admins once per spell."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plein.insights.actions import do_flag_inactive_groups
from plein.insights.models import InactiveGroup
from plein.insights.tests.conftest import World, backdate
from plein.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _notified(group: Any) -> list[int]:
    return list(
        Notification.objects.filter(kind="group_inactive", target_id=group.pk)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
    )


def test_quiet_group_is_flagged_once_then_again_after_new_activity(
    world: World, make_post: Callable[..., Any]
) -> None:
    group = world.groups["open"]
    owner = world.people["it"][0]
    now = timezone.now()
    post = make_post(owner, body="Laatste bericht", group=group)
    backdate(post, now - datetime.timedelta(days=40))

    assert do_flag_inactive_groups(now) >= 1
    assert _notified(group) == [owner.pk]  # the group's admin only
    flag = InactiveGroup.objects.get(group=group)
    assert flag.last_activity_at == post.created_at
    # The next nights: nothing new.
    assert do_flag_inactive_groups(now + datetime.timedelta(days=1)) == 0
    assert do_flag_inactive_groups(now + datetime.timedelta(days=2)) == 0
    assert _notified(group) == [owner.pk]

    # Activity ends the spell; a new spell is notified again.
    again = make_post(world.people["it"][1], body="Weer wat", group=group)
    backdate(again, now + datetime.timedelta(days=3))
    do_flag_inactive_groups(now + datetime.timedelta(days=4))
    assert not InactiveGroup.objects.filter(group=group).exists()
    do_flag_inactive_groups(now + datetime.timedelta(days=40))
    assert InactiveGroup.objects.filter(group=group).exists()
    assert (
        Notification.objects.filter(kind="group_inactive", target_id=group.pk).count()
        == 2
    )


def test_active_group_is_not_flagged(
    world: World, make_post: Callable[..., Any]
) -> None:
    group = world.groups["open"]
    make_post(world.people["it"][0], body="Vandaag", group=group)
    do_flag_inactive_groups(timezone.now())
    assert not InactiveGroup.objects.filter(group=group).exists()


def test_flag_shows_on_the_group_dashboard(world: World) -> None:
    group = world.groups["open"]
    do_flag_inactive_groups(timezone.now())  # no post in 60 days
    client = Client()
    client.force_login(world.people["it"][0])
    html = client.get(reverse("insights:group", args=[group.slug])).content.decode()
    assert "data-inactive" in html
