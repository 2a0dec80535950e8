"""Watches widen who reads mentions, by one rule: the account team of an
active client watch (its group's members and the people named on it)
reads the mentions that watch found, decided at every read."""

import pytest
from django.contrib.auth.models import AnonymousUser

from plein.access.listening import (
    access_mention,
    access_watch,
    can_view_mention,
    can_view_watch,
    is_on_account_team,
    visible_mentions,
    visible_watch_matches,
    visible_watches,
)
from plein.access.membership import forget_memberships
from plein.access.roles import Role
from plein.core.errors import Forbidden, NotFound
from plein.groups.actions import do_add_member, do_remove_member
from plein.listening.mentions.actions import FeedItem, do_take_in
from plein.listening.mentions.models import Mention
from plein.listening.sources.actions import do_add_source
from plein.listening.watches.actions import check_create_watch, check_update_watch
from plein.listening.watches.models import WatchMatch
from plein.people.actions import do_deactivate_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(moderator, make_group, make_person, alice, run_on_commit):
    team = make_group(alice, "Accountteam Gent", "closed")
    client = run_on_commit(
        check_create_watch,
        moderator,
        name="Gent",
        kind="client",
        query="gent",
        team_group_id=team.pk,
    )
    source = do_add_source(None, name="Nieuws", url="https://nieuws.example/f")
    do_take_in(
        source,
        [
            FeedItem(url="https://nieuws.example/1", title="Gent groeit"),
            FeedItem(url="https://nieuws.example/2", title="Antwerpen groeit"),
        ],
    )
    return {
        "team": team,
        "watch": client,
        "found": Mention.objects.get(title="Gent groeit"),
        "other": Mention.objects.get(title="Antwerpen groeit"),
    }


@pytest.fixture
def personas(make_person, admin, moderator, alice, bob, setting):
    guest = make_person("Gijs Gast", role=Role.GUEST)
    do_add_member(setting["team"], guest)
    former = make_person("Fien Vertrokken")
    do_add_member(setting["team"], former)
    do_deactivate_person(former)
    return {
        "admin": admin,
        "moderator": moderator,
        "team member": alice,
        "colleague": bob,
        "guest in the team's group": guest,
        "former team member": former,
        "compliance": make_person("Cas Compliance", role=Role.COMPLIANCE),
        "anonymous": AnonymousUser(),
    }


COMMUNICATIONS = {"admin", "moderator"}
TEAM = {"team member"}


def _agree(user, setting, name):
    watch, found, other = setting["watch"], setting["found"], setting["other"]
    reads = name in COMMUNICATIONS | TEAM
    assert can_view_watch(user, watch) is reads, name
    assert (watch in visible_watches(user)) is reads, name
    assert can_view_mention(user, found) is reads, name
    assert (found in visible_mentions(user)) is reads, name
    match = WatchMatch.objects.get(watch=watch, mention=found)
    assert (match in visible_watch_matches(user)) is reads, name
    # What no watch of theirs found stays communications' only.
    assert can_view_mention(user, other) is (name in COMMUNICATIONS), name
    assert (other in visible_mentions(user)) is (name in COMMUNICATIONS), name
    if reads:
        assert access_watch(user, watch.pk) == watch
        assert access_mention(user, found.pk) == found
    else:
        with pytest.raises(NotFound):
            access_watch(user, watch.pk)
        with pytest.raises(NotFound):
            access_mention(user, found.pk)


def test_predicates_filters_and_gatekeepers_agree(personas, setting):
    for name, user in personas.items():
        _agree(user, setting, name)


def test_only_communications_manage(personas, setting):
    watch = setting["watch"]
    assert access_watch(personas["moderator"], watch.pk, for_manage=True) == watch
    with pytest.raises(Forbidden):
        access_watch(personas["team member"], watch.pk, for_manage=True)
    with pytest.raises(NotFound):
        access_watch(personas["colleague"], watch.pk, for_manage=True)


@pytest.mark.parametrize("watch_id", [999999, "nope", None, 2**70])
def test_a_missing_watch_is_not_found(moderator, watch_id):
    with pytest.raises(NotFound):
        access_watch(moderator, watch_id)


def test_joining_and_leaving_the_group_changes_access_at_once(
    bob, setting, run_on_commit
):
    found = setting["found"]
    assert not can_view_mention(bob, found)
    run_on_commit(do_add_member, setting["team"], bob)
    forget_memberships(bob)
    assert can_view_mention(bob, found) and found in visible_mentions(bob)
    run_on_commit(do_remove_member, setting["team"], bob)
    forget_memberships(bob)
    assert not can_view_mention(bob, found)
    assert found not in visible_mentions(bob)
    with pytest.raises(NotFound):
        access_mention(bob, found.pk)


def test_named_people_are_on_the_team_too(moderator, bob, setting):
    watch = setting["watch"]
    check_update_watch(moderator, watch, team_people=["bob"])
    assert is_on_account_team(bob, watch)
    assert setting["found"] in visible_mentions(bob)
    check_update_watch(moderator, watch, team_people=[])
    assert not is_on_account_team(bob, watch)
    assert setting["found"] not in visible_mentions(bob)


def test_a_watch_turned_off_takes_access_away(moderator, alice, setting):
    check_update_watch(moderator, setting["watch"], is_active=False)
    assert not can_view_mention(alice, setting["found"])
    assert setting["found"] not in visible_mentions(alice)
    assert not is_on_account_team(alice, setting["watch"])
    # Communications still see it, to turn it on again.
    assert access_watch(moderator, setting["watch"].pk) == setting["watch"]


def test_a_client_watch_turned_competitor_takes_access_away(moderator, alice, setting):
    check_update_watch(moderator, setting["watch"], kind="competitor")
    assert not can_view_mention(alice, setting["found"])
    assert setting["found"] not in visible_mentions(alice)
    assert setting["watch"] not in visible_watches(alice)
    check_update_watch(moderator, setting["watch"], kind="client")
    assert can_view_mention(alice, setting["found"])


def test_filters_narrow_a_given_queryset(alice, moderator, setting):
    qs = Mention.objects.filter(pk=setting["other"].pk)
    assert list(visible_mentions(alice, qs)) == []
    assert list(visible_mentions(moderator, qs)) == [setting["other"]]
    matches = WatchMatch.objects.all()
    assert visible_watch_matches(alice, matches).count() == 1
