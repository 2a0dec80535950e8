"""The wall past its first page: "older posts" links that stay on the wall
(and inside the embed's frame), the API's pages, and a query count that
does not grow with the page or the posts."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from plein.branding.wall import queries

pytestmark = pytest.mark.django_db


def _ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="wall-(\d+)"', html)]


def _links(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="cluster wall-pages".*?</nav>', html, re.DOTALL)
    if nav is None:
        return {}
    return {
        rel: href
        for href, rel in re.findall(r'href="([^"]*)" rel="(prev|next)"', nav.group())
    }


@pytest.fixture
def five(alice, bob, approved):
    """Five posts on the wall, newest first."""
    posts = [approved(alice if n % 2 else bob, f"Bericht nummer {n}") for n in range(5)]
    return [post.pk for post in reversed(posts)]


def test_the_wall_pages_back_to_the_oldest(five, client, monkeypatch, wall_on):
    monkeypatch.setattr(queries, "WALL_PAGE_SIZE", 2)
    first = client.get("/wall/").content.decode()
    assert _ids(first) == five[:2]
    assert _links(first) == {"next": "/wall/?page=2"}
    second = client.get("/wall/?page=2").content.decode()
    assert _ids(second) == five[2:4]
    assert _links(second) == {"prev": "/wall/", "next": "/wall/?page=3"}
    assert 'rel="canonical" href="http' in second and "/wall/?page=2" in second
    third = client.get("/wall/?page=3").content.decode()
    assert _ids(third) == five[4:]
    assert _links(third) == {"prev": "/wall/?page=2"}
    # Past the end: nothing older, and the way back.
    beyond = client.get("/wall/?page=9")
    assert beyond.status_code == 200
    assert _ids(beyond.content.decode()) == []
    assert "Geen oudere berichten." in beyond.content.decode()
    assert _links(beyond.content.decode()) == {"prev": "/wall/"}


def test_one_page_has_no_page_links(five, client, wall_on):
    assert _links(client.get("/wall/").content.decode()) == {}


@pytest.mark.parametrize("page", ["0", "-1", "x", "1.5", "٣", "1001", "99999999"])
def test_a_page_that_is_no_page_number_is_404(five, client, page, wall_on):
    assert client.get("/wall/", {"page": page}).status_code == 404
    assert client.get("/wall/embed/", {"page": page}).status_code == 404


def test_pages_are_404_while_the_wall_is_off(five, client):
    assert client.get("/wall/?page=2").status_code == 404
    assert client.get("/wall/embed/?page=2").status_code == 404


def test_the_embed_pages_inside_its_frame(alice, approved, client, wall_on):
    posts = [approved(alice, f"Nieuws {n}") for n in range(queries.EMBED_PAGE_SIZE + 1)]
    first = client.get("/wall/embed/")
    html = first.content.decode()
    assert len(_ids(html)) == queries.EMBED_PAGE_SIZE
    assert _links(html) == {"next": "/wall/embed/?page=2"}
    # The page links open in the frame, not in a new tab.
    nav = re.search(r'<nav class="cluster wall-pages".*?</nav>', html, re.DOTALL)
    assert nav is not None and "target=" not in nav.group()
    second = client.get("/wall/embed/?page=2")
    assert _ids(second.content.decode()) == [posts[0].pk]
    assert _links(second.content.decode()) == {"prev": "/wall/embed/"}
    # Still the embed's framing rules on every page.
    assert "frame-ancestors 'self'" in second["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "SAMEORIGIN"


def _count(client: Client, path: str) -> int:
    client.get(path)  # caches warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured.captured_queries)


def test_the_query_count_does_not_grow_with_pages_or_posts(
    alice, bob, approved, monkeypatch, wall_on
):
    monkeypatch.setattr(queries, "WALL_PAGE_SIZE", 2)
    client = Client()
    approved(alice, "Eerste")
    one_post = _count(client, "/wall/")
    for n in range(6):
        approved(bob if n % 2 else alice, f"Meer nieuws {n}")
    counts = {
        path: _count(client, path)
        for path in ("/wall/", "/wall/?page=2", "/wall/?page=3", "/wall/embed/")
    }
    assert set(counts.values()) == {one_post}, counts


def test_the_api_pages_too(alice, bob, approved, api, wall_on):
    posts = [approved(alice, f"Bericht {n}") for n in range(3)]
    newest_first = [post.pk for post in reversed(posts)]
    first = api(bob).get("/wall", {"limit": 2}).json()
    assert [item["id"] for item in first["items"]] == newest_first[:2]
    assert first["next_page"] == 2
    second = api(bob).get("/wall", {"limit": 2, "page": 2}).json()
    assert [item["id"] for item in second["items"]] == newest_first[2:]
    assert second["next_page"] is None
    assert api(bob).get("/wall", {"page": 0}).status_code == 422
    assert api(bob).get("/wall", {"limit": 101}).status_code == 422
