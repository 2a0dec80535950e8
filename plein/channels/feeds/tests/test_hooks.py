"""The "Subscribe (RSS/Atom)" links and the feed links in the page head.

Who sees which link: a signed-in person on the home feed, a group whose
posts they may read, a hashtag and an active colleague's profile; the link
leads to their own feeds once they have a link token, and until then is a
button that makes one (a page view never does).
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plein.channels.feeds.actions import (
    check_create_link_feed_token,
    do_create_link_feed_token,
    do_revoke_feed_token,
)
from plein.channels.feeds.models import FeedToken
from plein.channels.feeds.queries import get_link_feed_token
from plein.channels.feeds.tests.conftest import atom_titles
from plein.people.actions import do_deactivate_person

pytestmark = pytest.mark.django_db

ALTERNATE = re.compile(
    r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" '
    r'href="http://testserver(/feeds/[^"]+)">'
)
SUBSCRIBE_LINK = re.compile(
    r'<a class="btn btn-small btn-secondary feeds-subscribe" '
    r'href="http://testserver(/feeds/[^"]+)"'
)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def links_on(client, url):
    """The feed paths a page links to: (in the head, as the button)."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return ALTERNATE.findall(html), SUBSCRIBE_LINK.findall(html), html


@pytest.fixture
def pages(alice, bob, make_group, make_post):
    group = make_group(bob, "Open huis", members=(alice,))
    make_post(bob, "Welkom #koffie", group=group)
    return {
        "home": (reverse("feed:home"), "/home.atom"),
        "group": (
            reverse("groups:detail", args=[group.slug]),
            f"/groups/{group.slug}.atom",
        ),
        "tag": (reverse("posts:hashtag", args=["koffie"]), "/tags/koffie.atom"),
        "person": (
            reverse("people:profile", args=[bob.handle]),
            f"/people/{bob.handle}.atom",
        ),
    }


@pytest.mark.parametrize("page", ["home", "group", "tag", "person"])
def test_without_a_link_token_the_page_offers_a_button_and_makes_none(
    alice, pages, page
):
    url, _path = pages[page]
    head, links, html = links_on(client_for(alice), url)
    assert head == [] and links == []
    assert reverse("feeds:subscribe") in html
    assert "Abonneren (RSS/Atom)" in html  # in the reader's language
    assert not FeedToken.objects.exists()


@pytest.mark.parametrize("page", ["home", "group", "tag", "person"])
def test_with_a_link_token_the_page_links_to_the_readers_own_feed(
    alice, pages, page, run_on_commit
):
    raw = run_on_commit(check_create_link_feed_token, alice)
    url, path = pages[page]
    head, links, html = links_on(client_for(alice), url)
    assert head == links == [f"/feeds/{raw}{path}"]
    assert 'type="application/rss+xml"' in html
    assert reverse("feeds:subscribe") not in html
    feed = Client().get(links[0])
    assert feed.status_code == 200
    if page != "home":
        assert atom_titles(feed) == ["Welkom #koffie"]


def test_each_reader_sees_only_their_own_token(alice, bob, pages, run_on_commit):
    alice_raw = run_on_commit(check_create_link_feed_token, alice)
    bob_raw = run_on_commit(check_create_link_feed_token, bob)
    assert alice_raw != bob_raw
    url, _path = pages["tag"]
    _head, alice_links, alice_html = links_on(client_for(alice), url)
    assert alice_links == [f"/feeds/{alice_raw}/tags/koffie.atom"]
    assert bob_raw not in alice_html


def test_a_closed_group_shows_outsiders_no_feed_link(
    alice, carol, bob, make_group, run_on_commit
):
    closed = make_group(bob, "Dicht", kind="closed", members=(alice,))
    secret = make_group(bob, "Geheim", kind="secret", members=(alice,))
    run_on_commit(check_create_link_feed_token, carol)
    client = client_for(carol)
    head, links, html = links_on(client, reverse("groups:detail", args=[closed.slug]))
    assert head == links == []
    assert reverse("feeds:subscribe") not in html
    # A secret group has no page for them at all.
    response = client.get(reverse("groups:detail", args=[secret.slug]))
    assert response.status_code == 404
    assert "application/atom+xml" not in response.content.decode()
    # A member reads both, so both have their feed links.
    run_on_commit(check_create_link_feed_token, alice)
    for group in (closed, secret):
        head, links, _html = links_on(
            client_for(alice), reverse("groups:detail", args=[group.slug])
        )
        assert head == links != []


def test_a_deactivated_colleagues_profile_has_no_feed_link(alice, bob, run_on_commit):
    run_on_commit(check_create_link_feed_token, alice)
    run_on_commit(do_deactivate_person, bob)
    response = client_for(alice).get(reverse("people:profile", args=[bob.handle]))
    assert "/feeds/" not in response.content.decode()
    assert reverse("feeds:subscribe") not in response.content.decode()


def test_pages_without_a_feed_have_no_feed_link_in_the_head(alice, run_on_commit):
    run_on_commit(check_create_link_feed_token, alice)
    settings_page = client_for(alice).get(reverse("people:settings"))
    assert "application/atom+xml" not in settings_page.content.decode()
    login = Client().get(reverse("people:login"))
    assert "application/atom+xml" not in login.content.decode()


def test_the_link_token_is_read_once_per_page(alice, pages, run_on_commit):
    run_on_commit(check_create_link_feed_token, alice)
    client = client_for(alice)
    url, _path = pages["home"]
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    reads = [q for q in captured.captured_queries if "feeds_feedtoken" in q["sql"]]
    assert len(reads) == 1


def test_subscribing_makes_the_link_token_once(alice, run_on_commit):
    client = client_for(alice)
    for _attempt in range(2):
        response = client.post(reverse("feeds:subscribe"), {"kind": "home"})
        assert response.status_code == 302
    [token] = FeedToken.objects.filter(user=alice)
    assert token.is_link_token
    assert get_link_feed_token(alice) is not None
    # The digest is stored, never the token.
    assert get_link_feed_token(alice) not in (token.digest, token.link_nonce)


def test_revoking_the_link_token_ends_its_addresses(alice, pages, run_on_commit):
    old = run_on_commit(check_create_link_feed_token, alice)
    token = FeedToken.objects.get(user=alice)
    run_on_commit(do_revoke_feed_token, alice, token.pk)
    assert Client().get(f"/feeds/{old}/home.atom").status_code == 404
    url, _path = pages["home"]
    head, links, html = links_on(client_for(alice), url)
    assert head == links == []
    assert reverse("feeds:subscribe") in html
    new = run_on_commit(check_create_link_feed_token, alice)
    assert new != old


def test_a_lost_race_answers_the_winners_token(alice, run_on_commit):
    first = run_on_commit(do_create_link_feed_token, alice)
    # A second request that did not see the first one's row.
    assert run_on_commit(do_create_link_feed_token, alice) == first
    assert FeedToken.objects.filter(user=alice).count() == 1


def test_a_rotated_secret_key_keeps_links_while_it_is_a_fallback(
    alice, settings, run_on_commit
):
    raw = run_on_commit(check_create_link_feed_token, alice)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    assert get_link_feed_token(alice) == raw
    assert run_on_commit(check_create_link_feed_token, alice) == raw
    settings.SECRET_KEY_FALLBACKS = []
    assert get_link_feed_token(alice) is None
    new = run_on_commit(check_create_link_feed_token, alice)
    assert new != raw
    # The old token stays an ordinary one: its readers keep working, and it
    # is listed to revoke.
    assert FeedToken.objects.filter(user=alice).count() == 2
    assert Client().get(f"/feeds/{raw}/home.atom").status_code == 200
    assert get_link_feed_token(alice) == new
