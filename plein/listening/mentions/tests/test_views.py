"""The mentions page and API: communications reads what was found, newest
first, with every source; everyone else gets 404."""

from datetime import UTC, datetime

import pytest
from django.test import Client

from plein.listening.mentions.actions import FeedItem, do_take_in
from plein.listening.sources.actions import do_add_source
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db


def _client(person=None):
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


@pytest.fixture
def found():
    nieuws = do_add_source(None, name="Nieuwsfeed", url="https://nieuws.example/f")
    blog = do_add_source(None, name="Reviewblog", url="https://blog.example/f")
    do_take_in(
        nieuws,
        [
            FeedItem(
                url="https://nieuws.example/oud",
                title="Ouder bericht",
                published_at=datetime(2026, 9, 1, tzinfo=UTC),
                language="nl",
            ),
            FeedItem(
                url="https://nieuws.example/zuiderhaven",
                title="Zuiderhaven opent kantoor",
                excerpt="De adviesgroep groeit in Gent.",
                published_at=datetime(2026, 10, 1, tzinfo=UTC),
                language="nl",
            ),
        ],
    )
    do_take_in(blog, [FeedItem(url="https://nieuws.example/zuiderhaven/")])
    return nieuws, blog


@pytest.mark.parametrize("persona", ["admin", "moderator"])
def test_communications_reads_the_mentions(persona, found, request):
    page = _client(request.getfixturevalue(persona)).get("/listening/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("Zuiderhaven opent kantoor") < html.index("Ouder bericht")
    assert "Nieuwsfeed, Reviewblog" in html
    assert "De adviesgroep groeit in Gent." in html


def test_the_page_keeps_its_query_count(
    moderator, found, django_assert_max_num_queries
):
    client = _client(moderator)
    client.get("/listening/")
    with django_assert_max_num_queries(12):
        assert client.get("/listening/").status_code == 200


def test_the_menu_offers_listening_to_communications_only(moderator, alice):
    assert 'href="/listening/"' in _client(moderator).get("/").content.decode()
    assert 'href="/listening/"' not in _client(alice).get("/").content.decode()


def test_a_colleague_gets_404_and_anonymous_the_login_page(alice, found):
    assert _client(alice).get("/listening/").status_code == 404
    response = _client().get("/listening/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_api_lists_mentions_newest_first_in_pages(moderator, alice, found):
    api = Client(
        headers={"Authorization": f"Bearer {do_create_api_token(moderator)[1]}"}
    )
    first = api.get("/api/v1/mentions", {"limit": 1}).json()
    [newest] = first["items"]
    assert newest["title"] == "Zuiderhaven opent kantoor"
    assert newest["canonical_url"] == "https://nieuws.example/zuiderhaven"
    assert [s["name"] for s in newest["sources"]] == ["Nieuwsfeed", "Reviewblog"]
    assert newest["language"] == "nl"
    rest = api.get(
        "/api/v1/mentions", {"limit": 1, "before": first["next_cursor"]}
    ).json()
    assert [m["title"] for m in rest["items"]] == ["Ouder bericht"]
    assert rest["next_cursor"] is None

    member = Client(
        headers={"Authorization": f"Bearer {do_create_api_token(alice)[1]}"}
    )
    assert member.get("/api/v1/mentions").status_code == 404
    assert Client().get("/api/v1/mentions").status_code == 401
