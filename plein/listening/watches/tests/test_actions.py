"""Matching at intake, rematching a new or changed watch, and telling the
account team and subscribers once per person and mention."""

import re
from datetime import timedelta
from pathlib import Path

import feedparser
import pytest
from django.conf import settings
from django.utils import timezone

from plein.access.roles import Role
from plein.core.errors import InvalidInput, NotFound
from plein.groups.actions import do_add_member, do_remove_member
from plein.listening.mentions.models import Mention
from plein.listening.watches.actions import (
    check_create_watch,
    check_set_subscribed,
    check_update_watch,
    do_delete_watch,
    do_match_mentions,
    do_notify_watched,
    do_rematch_watch,
)
from plein.listening.watches.models import WatchMatch
from plein.notifications.models import Notification
from plein.people.actions import do_deactivate_person

pytestmark = pytest.mark.django_db

FEEDS_NL = Path(settings.BASE_DIR).parent / "shared" / "corpora" / "feeds-nl"


def _matched(watch):
    return sorted(
        WatchMatch.objects.filter(watch=watch).values_list("mention__title", flat=True)
    )


def _told(mention_title):
    return sorted(
        Notification.objects.filter(kind="mention_watched", key__startswith="watched:")
        .filter(key=f"watched:{Mention.objects.get(title=mention_title).pk}")
        .values_list("recipient__handle", flat=True)
    )


@pytest.fixture
def team(make_group, make_person, alice, bob):
    """The account team's group: Alice (its admin) and Bob."""
    return make_group(alice, "Accountteam Gemeente Gent", "closed", members=(bob,))


def test_a_new_mention_is_matched_at_intake(make_watch, take_in):
    watch = make_watch(name="Hypotheken", query="hypotheek", kind="sector")
    take_in(
        {"url": "https://n.example/1", "title": "Hypotheken duurder", "language": "nl"},
        {"url": "https://n.example/2", "title": "Huren stijgen", "language": "nl"},
    )
    assert _matched(watch) == ["Hypotheken duurder"]


def test_english_mentions_match_english_forms(make_watch, take_in):
    watch = make_watch(name="Advice", query="advisers", kind="sector")
    take_in(
        {
            "url": "https://n.example/en",
            "title": "An adviser explains",
            "language": "en",
        }
    )
    assert _matched(watch) == ["An adviser explains"]


def test_matching_again_writes_nothing_new(make_watch, take_in):
    watch = make_watch()
    take_in({"url": "https://n.example/1", "title": "Zuiderhaven groeit"})
    mention = Mention.objects.get()
    assert do_match_mentions([mention.pk]) == {mention.pk: [watch.pk]}
    assert WatchMatch.objects.count() == 1


def test_a_turned_off_watch_matches_nothing_new(make_watch, take_in, moderator):
    watch = make_watch()
    check_update_watch(moderator, watch, is_active=False)
    take_in({"url": "https://n.example/1", "title": "Zuiderhaven groeit"})
    assert _matched(watch) == []


def test_a_new_watch_looks_30_days_back(moderator, take_in, make_watch):
    now = timezone.now()
    take_in(
        {"url": "https://n.example/old", "title": "Gent oud"},
        now=now - timedelta(days=31),
    )
    take_in(
        {"url": "https://n.example/new", "title": "Gent nieuw"},
        now=now - timedelta(days=29),
    )
    watch = make_watch(name="Gent", query="gent", kind="client")
    assert _matched(watch) == ["Gent nieuw"]
    # Nobody is told of what a new watch finds in the past.
    assert not Notification.objects.filter(kind="mention_watched").exists()


def test_a_changed_query_is_matched_again(
    moderator, take_in, make_watch, run_on_commit
):
    take_in(
        {"url": "https://n.example/1", "title": "Gent groeit"},
        {"url": "https://n.example/2", "title": "Antwerpen groeit"},
    )
    watch = make_watch(name="Stad", query="gent", kind="sector")
    assert _matched(watch) == ["Gent groeit"]
    run_on_commit(check_update_watch, moderator, watch, query="antwerpen")
    assert _matched(watch) == ["Antwerpen groeit"]
    # Idempotent: running it again changes nothing.
    assert do_rematch_watch(watch.pk) == 1
    assert _matched(watch) == ["Antwerpen groeit"]


def test_a_watch_turned_on_again_catches_up(
    moderator, take_in, make_watch, run_on_commit
):
    watch = make_watch()
    run_on_commit(check_update_watch, moderator, watch, is_active=False)
    take_in({"url": "https://n.example/1", "title": "Zuiderhaven groeit"})
    assert _matched(watch) == []
    run_on_commit(check_update_watch, moderator, watch, is_active=True)
    assert _matched(watch) == ["Zuiderhaven groeit"]


def test_a_rematch_of_a_deleted_watch_does_nothing(make_watch, moderator):
    watch = make_watch()
    watch_id = watch.pk
    do_delete_watch(moderator, watch)
    assert do_rematch_watch(watch_id) == 0


def test_only_communications_create_watches(alice):
    with pytest.raises(NotFound):
        check_create_watch(alice, name="X", kind="client", query="x")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "", "kind": "client", "query": "x"}, "name"),
        ({"name": "x" * 101, "kind": "client", "query": "x"}, "name"),
        ({"name": "X", "kind": "friend", "query": "x"}, "kind"),
        ({"name": "X", "kind": "client", "query": "#x"}, "query"),
        (
            {"name": "X", "kind": "client", "query": "x", "team_group_id": 999999},
            "team_group_id",
        ),
        (
            {"name": "X", "kind": "client", "query": "x", "team_people": ["nobody"]},
            "team_people",
        ),
        (
            {"name": "X", "kind": "client", "query": "x", "team_people": ["x"] * 101},
            "team_people",
        ),
    ],
)
def test_invalid_watches_name_the_field(moderator, fields, field):
    with pytest.raises(InvalidInput) as error:
        check_create_watch(moderator, **fields)
    assert error.value.field == field


def test_guests_are_refused_on_an_account_team(moderator, make_person):
    make_person("Gijs Gast", handle="gijs", role=Role.GUEST)
    with pytest.raises(InvalidInput) as error:
        check_create_watch(
            moderator, name="X", kind="client", query="x", team_people=["@gijs"]
        )
    assert error.value.field == "team_people"


def test_a_secret_group_one_cannot_see_is_no_group(moderator, make_group, alice):
    secret = make_group(alice, "Geheim", "secret")
    with pytest.raises(InvalidInput) as error:
        check_create_watch(
            moderator, name="X", kind="client", query="x", team_group_id=secret.pk
        )
    assert error.value.field == "team_group_id"


# Telling people ---------------------------------------------------------------


def test_the_account_team_is_told_once_per_mention(
    make_watch, take_in, team, carol, make_person
):
    named = make_person("Nina Genoemd", handle="nina")
    make_watch(
        name="Gemeente Gent",
        query="gent",
        kind="client",
        team_group_id=team.pk,
        team_people=["nina", "bob"],
    )
    # A second client watch with the same team matches the same mention.
    make_watch(
        name="Gent stad", query='"stad Gent"', kind="client", team_group_id=team.pk
    )
    take_in({"url": "https://n.example/1", "title": "De stad Gent kiest Zuiderhaven"})
    assert _told("De stad Gent kiest Zuiderhaven") == ["alice", "bob", "nina"]
    # Carol, a stranger, hears nothing; a second run tells nobody again.
    mention = Mention.objects.get()
    do_notify_watched([mention.pk])
    assert Notification.objects.filter(kind="mention_watched").count() == 3
    assert Notification.objects.filter(recipient=carol).count() == 0
    assert named.pk in set(
        Notification.objects.filter(kind="mention_watched").values_list(
            "recipient_id", flat=True
        )
    )


def test_a_link_whose_title_comes_later_is_matched_then(
    make_watch, take_in, team, run_on_commit
):
    """A colleague's link arrives without a title; the background look-up
    fills it in (``do_describe_mention``), and only then can a watch match."""
    from plein.listening.mentions.actions import do_describe_mention

    watch = make_watch(
        name="Gemeente Gent", query="gent", kind="client", team_group_id=team.pk
    )
    take_in({"url": "https://n.example/zonder-titel"})
    mention = Mention.objects.get()
    assert _matched(watch) == []
    run_on_commit(
        do_describe_mention,
        mention.pk,
        title="Gemeente Gent kiest Zuiderhaven",
        excerpt="",
    )
    assert _matched(watch) == ["Gemeente Gent kiest Zuiderhaven"]
    assert _told("Gemeente Gent kiest Zuiderhaven") == ["alice", "bob"]
    # Described again (nothing empty left): nothing new, nobody told twice.
    run_on_commit(do_describe_mention, mention.pk, title="Anders", excerpt="x")
    assert WatchMatch.objects.count() == 1
    assert Notification.objects.filter(kind="mention_watched").count() == 2


def test_a_competitor_watch_tells_no_team(make_watch, take_in, team):
    make_watch(
        name="HHG", query="hypotheekgroep", kind="competitor", team_group_id=team.pk
    )
    take_in({"url": "https://n.example/1", "title": "Hypotheekgroep groeit"})
    assert not Notification.objects.filter(kind="mention_watched").exists()


def test_subscribers_in_communications_are_told(
    make_watch, take_in, moderator, admin, run_on_commit
):
    watch = make_watch(name="HHG", query="hypotheekgroep", kind="competitor")
    check_set_subscribed(admin, watch, subscribed=True)
    take_in({"url": "https://n.example/1", "title": "Hypotheekgroep groeit"})
    assert _told("Hypotheekgroep groeit") == ["admin"]
    check_set_subscribed(admin, watch, subscribed=False)
    take_in({"url": "https://n.example/2", "title": "Hypotheekgroep krimpt"})
    assert _told("Hypotheekgroep krimpt") == []


def test_a_demoted_subscriber_is_not_told(make_watch, take_in, admin):
    from plein.people.models import User

    watch = make_watch(name="HHG", query="hypotheekgroep", kind="competitor")
    check_set_subscribed(admin, watch, subscribed=True)
    # No longer an organisation admin (no action changes a role yet).
    User.objects.filter(pk=admin.pk).update(role=Role.MEMBER)
    take_in({"url": "https://n.example/1", "title": "Hypotheekgroep groeit"})
    assert _told("Hypotheekgroep groeit") == []


def test_who_left_the_team_or_the_organisation_is_not_told(
    make_watch, take_in, team, bob, alice, make_person, run_on_commit
):
    guest = make_person("Gijs Gast", handle="gijs", role=Role.GUEST)
    do_add_member(team, guest)
    make_watch(name="Gent", query="gent", kind="client", team_group_id=team.pk)
    run_on_commit(do_remove_member, team, bob)
    do_deactivate_person(alice)
    take_in({"url": "https://n.example/1", "title": "Gent groeit"})
    assert _told("Gent groeit") == []


def test_the_notification_reads_and_leads_to_the_watch(make_watch, take_in, team, bob):
    from django.utils import translation

    from plein.notifications.presentation import (
        build_notification_sentence,
        build_notification_url,
    )

    watch = make_watch(name="Gent", query="gent", kind="client", team_group_id=team.pk)
    take_in(
        {
            "url": "https://nieuws.example/gent",
            "title": "Gent kiest slechtste adviseur",
            "language": "nl",
        }
    )
    notification = Notification.objects.get(recipient=bob)
    mention = Mention.objects.get()
    with translation.override("en"):
        english = str(build_notification_sentence(notification))
    with translation.override("nl"):
        dutch = str(build_notification_sentence(notification))
    assert "Gent kiest slechtste adviseur" in english
    assert "nieuws.example" in english
    assert "negative" in english and "negatief" in dutch
    assert english != dutch
    assert build_notification_url(notification) == (
        f"/listening/watches/{watch.pk}/mentions/{mention.pk}/"
    )


def test_the_notification_disappears_when_the_reader_leaves_the_team(
    make_watch, take_in, team, bob, run_on_commit
):
    from plein.access.notifications import visible_notifications

    make_watch(name="Gent", query="gent", kind="client", team_group_id=team.pk)
    take_in({"url": "https://n.example/1", "title": "Gent groeit"})
    assert visible_notifications(bob).filter(kind="mention_watched").count() == 1
    run_on_commit(do_remove_member, team, bob)
    assert visible_notifications(bob).filter(kind="mention_watched").count() == 0


# Real Dutch news ----------------------------------------------------------------


def _nos_items():
    from plein.listening.mentions.actions import FeedItem

    path = FEEDS_NL / "landingspagina_nos_excerpt.xml"
    if not path.exists():
        pytest.skip("the Dutch feeds corpus is not here")
    # Read with feedparser, as the sources do; the excerpt as plain text.
    return [
        FeedItem(
            url=entry.link,
            title=entry.title,
            excerpt=re.sub(r"<[^>]+>", " ", entry.get("summary", "")),
            language="nl",
        )
        for entry in feedparser.parse(path.read_bytes()).entries
    ]


def test_real_dutch_news_is_matched_with_stemming_and_phrases(make_watch, take_in):
    spaarder = make_watch(name="Spaarders", query="spaarder", kind="sector")
    betaling = make_watch(name="Betalingen", query="betaling", kind="sector")
    doden = make_watch(name="Doden", query='"nieuwe doden"', kind="sector")
    either = make_watch(name="Of", query="westnijlvirus OR Sierra Leone", kind="sector")
    take_in(*_nos_items())
    assert _matched(spaarder) == [
        "Kabinet is bereid om kleinere spaarders en beleggers toch te ontzien"
    ]
    # "betalingen" and, in the cabinet's item, "betalen": one stem.
    assert len(_matched(betaling)) == 2
    assert _matched(doden) == [
        "Vier nieuwe doden door westnijlvirus, maar uitbraak lijkt af te vlakken"
    ]
    assert len(_matched(either)) == 2
