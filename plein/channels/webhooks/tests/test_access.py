"""Who may manage which webhook: plein.access.webhooks.

Personas: the organisation admin; Alice, admin of her groups; Bob, a
member who administers nothing; Carol, outside every group.
"""

import pytest

from plein.access.webhooks import (
    access_webhook,
    can_create_group_webhook,
    can_create_org_webhook,
    can_manage_any_webhooks,
    can_manage_webhook,
    manageable_groups,
    visible_webhooks,
)
from plein.channels.webhooks.actions import check_create_webhook
from plein.core.errors import Forbidden, NotFound

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(admin, alice, bob, carol, make_group, make_webhook, receiver):
    open_group = make_group(alice, "Open", members=(bob,))
    secret = make_group(alice, "Geheim", kind="secret", members=(bob,))
    return {
        "org": make_webhook(admin, receiver.url),
        "open": make_webhook(alice, receiver.url, group=open_group),
        "secret": make_webhook(alice, receiver.url, group=secret),
        "open_group": open_group,
        "secret_group": secret,
    }


def test_predicates_and_filter_agree(world, admin, alice, bob, carol):
    expected = {
        admin: {"org", "open"},  # not the secret group's: it stays private
        alice: {"open", "secret"},
        bob: set(),
        carol: set(),
    }
    for user, names in expected.items():
        visible = set(visible_webhooks(user))
        for name in ("org", "open", "secret"):
            webhook = world[name]
            assert can_manage_webhook(user, webhook) == (name in names), (user, name)
            assert (webhook in visible) == (name in names), (user, name)


def test_gatekeeper_answers_404_for_missing_and_forbidden(world, bob, carol, admin):
    for user in (bob, carol):
        for name in ("org", "open", "secret"):
            with pytest.raises(NotFound):
                access_webhook(user, world[name].pk)
    with pytest.raises(NotFound):
        access_webhook(admin, world["secret"].pk)
    with pytest.raises(NotFound):
        access_webhook(admin, "not a number")
    assert access_webhook(admin, world["org"].pk) == world["org"]


def test_deactivated_people_manage_nothing(world, alice, run_on_commit):
    from plein.people.actions import do_deactivate_person

    run_on_commit(do_deactivate_person, alice)
    alice.refresh_from_db()
    assert not visible_webhooks(alice).exists()
    assert not can_manage_webhook(alice, world["open"])
    assert not can_manage_any_webhooks(alice)
    assert not manageable_groups(alice).exists()


def test_who_may_create(world, admin, alice, bob):
    assert can_create_org_webhook(admin)
    assert not can_create_org_webhook(alice)
    assert can_create_group_webhook(alice, world["secret_group"])
    assert not can_create_group_webhook(bob, world["open_group"])
    assert can_manage_any_webhooks(alice)
    assert not can_manage_any_webhooks(bob)
    assert set(manageable_groups(admin)) == {world["open_group"]}


def test_member_cannot_create_org_webhook(alice, receiver):
    with pytest.raises(Forbidden) as caught:
        check_create_webhook(alice, url=receiver.url, event_types=["post.created"])
    assert caught.value.field == "group_id"


def test_group_admin_only_for_own_group(world, bob, carol, make_group, receiver):
    bobs = make_group(bob, "Van Bob")
    assert (
        check_create_webhook(
            bob, url=receiver.url, event_types=["post.created"], group_id=bobs.pk
        ).group
        == bobs
    )
    # Bob sees the open group but does not run it.
    with pytest.raises(Forbidden):
        check_create_webhook(
            bob,
            url=receiver.url,
            event_types=["post.created"],
            group_id=world["open_group"].pk,
        )
    # Carol does not know the secret group exists.
    with pytest.raises(NotFound) as caught:
        check_create_webhook(
            carol,
            url=receiver.url,
            event_types=["post.created"],
            group_id=world["secret_group"].pk,
        )
    assert caught.value.field == "group_id"
