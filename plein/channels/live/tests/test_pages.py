"""The live parts of the pages: the script, the bars, the news count."""

from typing import Any

import pytest
from django.urls import reverse

from plein.feed.actions import do_deliver_post
from plein.posts.actions import check_create_post

pytestmark = pytest.mark.django_db


def test_signed_in_pages_carry_the_stream_and_the_home_bar(
    client: Any, bob: Any, settings: Any
) -> None:
    settings.LIVE_STREAM_URL = "/live/stream"
    client.force_login(bob)
    html = client.get(reverse("feed:home")).content.decode()
    assert f'data-stream="{reverse("live:stream")}"' in html
    assert 'id="live-new-posts"' in html
    assert "live/live.js" in html


def test_the_news_link_counts_what_a_reload_would_show(
    client: Any, alice: Any, bob: Any, carol: Any, make_group: Any
) -> None:
    club = make_group(alice, "Club", kind="closed", members=(bob,))
    shown = check_create_post(alice, body="Al gezien", group=club)
    for post in [shown]:
        do_deliver_post(post.pk)
    newer = [check_create_post(alice, body=f"Nieuw {n}", group=club) for n in range(2)]
    own = check_create_post(bob, body="Van mezelf", group=club)
    for post in [*newer, own]:
        do_deliver_post(post.pk)
    client.force_login(bob)
    html = client.get(reverse("live:feed-news"), {"after": shown.pk}).content.decode()
    # Two new posts by others; his own is already on his screen.
    assert "2 nieuwe berichten" in html
    client.force_login(carol)
    html = client.get(reverse("live:feed-news"), {"after": 0}).content.decode()
    assert "nieuw" not in html


def test_a_group_page_carries_its_own_news_bar(
    client: Any, alice: Any, bob: Any, make_group: Any, settings: Any
) -> None:
    settings.LIVE_STREAM_URL = "/live/stream"
    club = make_group(alice, "Club", kind="closed", members=(bob,))
    shown = check_create_post(alice, body="Al gezien", group=club)
    client.force_login(bob)
    html = client.get(reverse("groups:detail", args=[club.slug])).content.decode()
    news_url = reverse("live:group-news", args=[club.slug])
    assert f'data-news-url="{news_url}" data-after="{shown.pk}"' in html


def test_the_group_news_link_counts_the_group_page_and_tells_outsiders_nothing(
    client: Any, alice: Any, bob: Any, carol: Any, make_group: Any
) -> None:
    club = make_group(alice, "Club", kind="secret", members=(bob,))
    shown = check_create_post(alice, body="Al gezien", group=club)
    check_create_post(alice, body="Nieuw", group=club)
    check_create_post(bob, body="Van mezelf", group=club)
    # Not delivered to any feed yet: the group page reads the group's posts.
    client.force_login(bob)
    url = reverse("live:group-news", args=[club.slug])
    html = client.get(url, {"after": shown.pk}).content.decode()
    assert "1 nieuw bericht" in html
    assert f'href="{reverse("groups:detail", args=[club.slug])}"' in html
    # Carol may not know the secret group exists: the same empty answer as a
    # group that does not exist.
    client.force_login(carol)
    secret = client.get(url, {"after": 0})
    unknown = client.get(reverse("live:group-news", args=["bestaat-niet"]))
    assert secret.status_code == unknown.status_code == 200
    assert secret.content == unknown.content
    assert secret.content.strip() == b""


def test_the_news_link_needs_a_login(client: Any, db: Any) -> None:
    response = client.get(reverse("live:feed-news"))
    assert response.status_code == 302


def test_under_wsgi_the_stream_says_no_instead_of_hanging(
    client: Any, bob: Any
) -> None:
    # The test client speaks WSGI, as a WSGI-only server would.
    client.force_login(bob)
    response = client.get(reverse("live:stream"))
    assert response.status_code == 204


def test_a_wsgi_page_without_a_stream_url_opens_no_stream(
    client: Any, bob: Any, settings: Any
) -> None:
    settings.LIVE_STREAM_URL = ""
    client.force_login(bob)
    html = client.get(reverse("feed:home")).content.decode()
    assert "live/live.js" not in html
    assert "data-stream=" not in html
