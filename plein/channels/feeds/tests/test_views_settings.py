"""The feed-token settings page and the "subscribe" buttons."""

import pytest
from django.test import Client
from django.urls import reverse

from plein.channels.feeds.models import FeedToken
from plein.channels.feeds.tests.conftest import atom_titles

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_settings_page_requires_login():
    response = Client().get(reverse("feeds:settings"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_create_token_shows_its_address_once(alice):
    client = client_for(alice)
    response = client.post(reverse("feeds:settings"), {"name": "Mijn telefoon"})
    assert response.status_code == 302
    page = client.get(reverse("feeds:settings"))
    assert page["Cache-Control"] == "no-store"
    assert page["Referrer-Policy"] == "no-referrer"
    token = FeedToken.objects.get(user=alice)
    assert token.name == "Mijn telefoon"
    html = page.content.decode()
    assert "http://testserver/feeds/plfeed_" in html
    assert "/home.atom" in html and "/home.rss" in html
    again = client.get(reverse("feeds:settings")).content.decode()
    assert "Mijn telefoon" in again
    assert "/feeds/plfeed_" not in again


def test_create_token_without_name_shows_the_field_error(alice):
    response = client_for(alice).post(reverse("feeds:settings"), {"name": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not FeedToken.objects.exists()


def test_revoke_own_token_only(alice, bob, make_token, fetch):
    raw = make_token(alice)
    token = FeedToken.objects.get(user=alice)
    response = client_for(bob).post(reverse("feeds:revoke", args=[token.pk]))
    assert response.status_code == 302
    assert FeedToken.objects.filter(pk=token.pk).exists()
    client_for(alice).post(reverse("feeds:revoke", args=[token.pk]))
    assert not FeedToken.objects.filter(pk=token.pk).exists()
    assert fetch(raw).status_code == 404


def test_settings_tab_and_page_in_both_languages(alice):
    client = client_for(alice)
    dutch = client.get(reverse("feeds:settings"), HTTP_ACCEPT_LANGUAGE="nl")
    assert reverse("feeds:settings") in dutch.content.decode()
    alice.language = "en"
    alice.save(update_fields=["language"])
    english = client.get(reverse("feeds:settings")).content.decode()
    assert "Your feed tokens" in english


def test_subscribe_to_a_group_feed(alice, bob, make_group, make_post):
    group = make_group(bob, "Open huis", members=(alice,))
    make_post(bob, "Welkom", group=group)
    client = client_for(alice)
    detail = client.get(reverse("groups:detail", args=[group.slug])).content.decode()
    assert reverse("feeds:subscribe") in detail
    response = client.post(
        reverse("feeds:subscribe"), {"kind": "group", "target": group.slug}
    )
    assert response.status_code == 302
    page = client.get(reverse("feeds:settings"))
    assert page["Cache-Control"] == "no-store"
    new = page.context["new"]
    assert new["is_link"] and new["name"].endswith("Open huis")
    assert new["links"]["atom"].endswith(f"/groups/{group.slug}.atom")
    token = FeedToken.objects.get(user=alice)
    assert token.is_link_token
    # The session carried the feed, never the token.
    assert all("plfeed_" not in str(v) for v in client.session.values())
    feed = Client().get(new["links"]["atom"].removeprefix("http://testserver"))
    assert atom_titles(feed) == ["Welkom"]
    # The token's row says what it is for.
    assert "Abonneren (RSS/Atom)" in page.content.decode()


def test_subscribe_button_on_the_home_feed(alice):
    home = client_for(alice).get(reverse("feed:home")).content.decode()
    assert reverse("feeds:subscribe") in home
    assert 'name="kind" value="home"' in home


def test_subscribe_to_a_secret_group_one_is_not_in_is_404(alice, bob, make_group):
    group = make_group(bob, "Geheim", kind="secret")
    response = client_for(alice).post(
        reverse("feeds:subscribe"), {"kind": "group", "target": group.slug}
    )
    assert response.status_code == 404
    assert not FeedToken.objects.exists()


def test_subscribe_to_a_closed_group_shows_no_button(alice, bob, make_group):
    group = make_group(bob, "Dicht", kind="closed")
    detail = client_for(alice).get(reverse("groups:detail", args=[group.slug]))
    assert reverse("feeds:subscribe") not in detail.content.decode()
    response = client_for(alice).post(
        reverse("feeds:subscribe"), {"kind": "group", "target": group.slug}
    )
    assert response.status_code == 404


def test_subscribe_to_hashtag_and_person_shares_one_link_token(alice, bob, make_post):
    make_post(bob, "Over #koffie")
    client = client_for(alice)
    client.post(reverse("feeds:subscribe"), {"kind": "tag", "target": "#Koffie"})
    links = client.get(reverse("feeds:settings")).context["new"]["links"]
    assert links["rss"].endswith("/tags/koffie.rss")
    client.post(reverse("feeds:subscribe"), {"kind": "person", "target": bob.handle})
    again = client.get(reverse("feeds:settings")).context["new"]["links"]
    assert again["atom"].endswith(f"/people/{bob.handle}.atom")
    assert FeedToken.objects.filter(user=alice).count() == 1
    # The same token in both addresses.
    assert links["rss"].split("/")[4] == again["atom"].split("/")[4]


def test_subscribe_for_a_hashtag_or_person_one_cannot_see_is_404(
    alice, bob, make_group, make_post
):
    secret = make_group(bob, "Geheim", kind="secret")
    make_post(bob, "Alleen hier #geheimpje", group=secret)
    client = client_for(alice)
    hidden = client.post(
        reverse("feeds:subscribe"), {"kind": "tag", "target": "geheimpje"}
    )
    nobody = client.post(
        reverse("feeds:subscribe"), {"kind": "person", "target": "niemand"}
    )
    assert hidden.status_code == nobody.status_code == 404
    assert not FeedToken.objects.exists()


def test_subscribe_needs_post_and_login(alice):
    assert client_for(alice).get(reverse("feeds:subscribe")).status_code == 405
    response = Client().post(reverse("feeds:subscribe"), {"kind": "home"})
    assert response.status_code == 302
    assert not FeedToken.objects.exists()
