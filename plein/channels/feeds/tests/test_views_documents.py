"""Feed documents: what a token's owner may see, as Atom and RSS."""

import pytest
from django.utils import translation

from plein.channels.feeds.tests.conftest import (
    ATOM,
    atom_titles,
    parse_feed,
    rss_titles,
)
from plein.groups.actions import check_leave_group
from plein.people.actions import do_deactivate_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(alice, bob, carol, make_group, make_post):
    """Bob's secret group with Alice in it, his open group, and posts.

    Carol is a colleague in neither group.
    """
    secret = make_group(bob, "Geheim", kind="secret", members=(alice,))
    open_group = make_group(bob, "Open huis", kind="open", members=(alice, carol))
    closed = make_group(bob, "Dicht", kind="closed", members=(alice,))
    make_post(bob, "Geheim plan #budget", group=secret)
    make_post(bob, "Open plan #budget", group=open_group)
    make_post(bob, "Dicht plan #budget", group=closed)
    make_post(bob, "Profiel van Bob #budget")
    return {"secret": secret, "open": open_group, "closed": closed}


def test_home_feed_shows_what_the_owner_may_see(world, alice, carol, make_token, fetch):
    alice_feed = fetch(make_token(alice))
    carol_feed = fetch(make_token(carol))
    assert alice_feed.status_code == 200
    assert alice_feed["Content-Type"].startswith("application/atom+xml")
    assert set(atom_titles(alice_feed)) >= {"Geheim plan #budget", "Dicht plan #budget"}
    assert "Open plan #budget" in atom_titles(carol_feed)
    assert "Geheim plan #budget" not in atom_titles(carol_feed)
    assert "Dicht plan #budget" not in atom_titles(carol_feed)


def test_hashtag_feed_leaves_out_secret_posts(world, alice, carol, make_token, fetch):
    alice_titles = atom_titles(fetch(make_token(alice), "tag", "budget"))
    carol_titles = atom_titles(fetch(make_token(carol), "tag", "budget"))
    assert "Geheim plan #budget" in alice_titles
    assert sorted(carol_titles) == ["Open plan #budget", "Profiel van Bob #budget"]


def test_group_feed_of_a_secret_or_closed_group_is_404_for_outsiders(
    world, alice, carol, make_token, fetch
):
    alice_token, carol_token = make_token(alice), make_token(carol)
    assert atom_titles(fetch(alice_token, "group", world["secret"].slug)) == [
        "Geheim plan #budget"
    ]
    secret = fetch(carol_token, "group", world["secret"].slug)
    closed = fetch(carol_token, "group", world["closed"].slug)
    missing = fetch(carol_token, "group", "bestaat-niet")
    unknown = fetch("plfeed_unknown", "group", world["open"].slug)
    assert {r.status_code for r in (secret, closed, missing, unknown)} == {404}
    # Nothing tells a secret group from a missing one or a bad token.
    assert secret.content == missing.content == unknown.content
    assert secret.headers.items() == missing.headers.items()


def test_leaving_a_group_ends_its_feed_and_its_posts_at_home(
    world, alice, make_token, fetch, run_on_commit
):
    token = make_token(alice)
    assert fetch(token, "group", world["secret"].slug).status_code == 200
    run_on_commit(check_leave_group, alice, world["secret"])
    assert fetch(token, "group", world["secret"].slug).status_code == 404
    assert "Geheim plan #budget" not in atom_titles(fetch(token))
    assert "Geheim plan #budget" not in atom_titles(fetch(token, "tag", "budget"))


def test_person_feed(world, alice, bob, carol, make_token, fetch):
    titles = atom_titles(fetch(make_token(carol), "person", bob.handle))
    assert sorted(titles) == ["Open plan #budget", "Profiel van Bob #budget"]
    assert fetch(make_token(carol), "person", "nobody").status_code == 404


def test_revoked_token_answers_404(world, alice, make_token, fetch, run_on_commit):
    from plein.channels.feeds.actions import do_revoke_feed_token
    from plein.channels.feeds.models import FeedToken

    token = make_token(alice)
    assert fetch(token).status_code == 200
    row = FeedToken.objects.get(user=alice)
    run_on_commit(do_revoke_feed_token, alice, row.pk)
    assert fetch(token).status_code == 404


def test_deactivated_owner_token_answers_404(
    world, alice, make_token, fetch, run_on_commit
):
    from plein.channels.feeds.models import FeedToken

    token = make_token(alice)
    run_on_commit(do_deactivate_person, alice)
    assert fetch(token).status_code == 404
    assert not FeedToken.objects.filter(user=alice).exists()


def test_atom_document_has_the_expected_elements(world, alice, bob, make_token, fetch):
    response = fetch(make_token(alice), "group", world["open"].slug)
    root = parse_feed(response)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "Plein: Open huis"
    assert root.find(f"{ATOM}updated") is not None
    (entry,) = root.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Open plan #budget"
    assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/posts/")
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == bob.full_name
    assert entry.find(f"{ATOM}published") is not None
    assert entry.find(f"{ATOM}updated") is not None
    assert "Open plan" in entry.findtext(f"{ATOM}summary")


def test_rss_document_has_the_expected_elements(world, alice, bob, make_token, fetch):
    response = fetch(make_token(alice), "group", world["open"].slug, fmt="rss")
    assert response["Content-Type"].startswith("application/rss+xml")
    root = parse_feed(response)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title") == "Plein: Open huis"
    (item,) = channel.findall("item")
    assert item.findtext("link").startswith("http://testserver/posts/")
    assert item.findtext("pubDate")
    assert bob.full_name in item.findtext("{http://purl.org/dc/elements/1.1/}creator")
    assert rss_titles(response) == ["Open plan #budget"]


def test_summary_is_escaped_plain_text(alice, make_post, make_token, fetch):
    make_post(alice, "**Vet** & <script>alert(1)</script> tekst")
    entry = parse_feed(fetch(make_token(alice))).find(f"{ATOM}entry")
    summary = entry.findtext(f"{ATOM}summary")
    assert "<script>" not in summary
    assert "Vet &amp; &lt;script&gt;" in summary


def test_feed_speaks_its_owners_language(alice, make_token, fetch):
    token = make_token(alice)
    alice.language = "en"
    alice.save(update_fields=["language"])
    english = parse_feed(fetch(token))
    alice.language = "nl"
    alice.save(update_fields=["language"])
    with translation.override("en"):
        dutch = parse_feed(fetch(token))
    assert english.findtext(f"{ATOM}title") == "Plein: home of Alice de Vries"
    assert english.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert dutch.get("{http://www.w3.org/XML/1998/namespace}lang") == "nl"


def test_headers_for_feed_readers(world, alice, make_token, fetch):
    response = fetch(make_token(alice))
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "private" in response["Cache-Control"]
    assert response["ETag"]
    assert response["Last-Modified"]


def test_conditional_get_answers_304_until_something_changes(
    world, alice, bob, make_token, make_post, fetch
):
    token = make_token(alice)
    first = fetch(token)
    again = fetch(token, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["Referrer-Policy"] == "no-referrer"
    since = fetch(token, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    make_post(bob, "Nieuw in open huis", group=world["open"])
    changed = fetch(token, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Nieuw in open huis" in atom_titles(changed)


def test_a_poll_records_last_used(world, alice, make_token, fetch):
    from plein.channels.feeds.models import FeedToken

    token = make_token(alice)
    assert FeedToken.objects.get(user=alice).last_used_at is None
    fetch(token)
    assert FeedToken.objects.get(user=alice).last_used_at is not None


def test_feed_holds_the_newest_fifty(alice, make_post, make_token, fetch):
    for n in range(52):
        make_post(alice, f"Bericht {n}")
    titles = atom_titles(fetch(make_token(alice), "person", alice.handle))
    assert len(titles) == 50
    assert titles[0] == "Bericht 51"


def test_feed_query_count(
    world, alice, make_token, fetch, django_assert_max_num_queries
):
    token = make_token(alice)
    fetch(token, "tag", "budget")
    with django_assert_max_num_queries(8):
        fetch(token, "tag", "budget")


def test_withheld_posts_reach_only_their_author(
    world, alice, bob, carol, make_post, make_token, fetch, run_on_commit
):
    from plein.posts.actions import do_withhold

    post = make_post(bob, "Verborgen #budget", group=world["open"])
    run_on_commit(do_withhold, post, "moderator")
    assert "Verborgen #budget" not in atom_titles(
        fetch(make_token(carol), "tag", "budget")
    )
    assert "Verborgen #budget" not in atom_titles(fetch(make_token(alice)))
    assert "Verborgen #budget" in atom_titles(
        fetch(make_token(bob), "person", bob.handle)
    )


def test_guest_reads_only_their_own_groups(
    world, bob, make_person, make_token, fetch, run_on_commit
):
    from plein.access.roles import Role
    from plein.groups.actions import do_add_member

    guest = make_person("Gast Extern", role=Role.GUEST)
    run_on_commit(do_add_member, world["closed"], guest)
    token = make_token(guest)
    assert sorted(atom_titles(fetch(token, "tag", "budget"))) == ["Dicht plan #budget"]
    assert fetch(token, "group", world["open"].slug).status_code == 404
    assert atom_titles(fetch(token, "group", world["closed"].slug)) == [
        "Dicht plan #budget"
    ]


def test_group_feed_shows_only_what_the_reader_may_see_in_it(
    world, bob, carol, make_post, make_token, fetch, run_on_commit
):
    from plein.posts.actions import do_withhold

    post = make_post(bob, "Nog even niet", group=world["open"])
    run_on_commit(do_withhold, post, "moderator")
    carol_titles = atom_titles(fetch(make_token(carol), "group", world["open"].slug))
    bob_titles = atom_titles(fetch(make_token(bob), "group", world["open"].slug))
    assert carol_titles == ["Open plan #budget"]
    assert "Nog even niet" in bob_titles
