"""The post card's "N comments" follows comments added and deleted with htmx."""

import re

import pytest
from django.urls import reverse

from plein.posts.actions import check_create_comment, check_create_post

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def oob_count(html: str, post_id: int) -> str:
    """The text of the out-of-band comment count for the post, or ""."""
    found = re.search(
        rf'<a class="post-comments muted" id="comment-count-{post_id}"'
        rf'[^>]*hx-swap-oob="true">([^<]*)</a>',
        html,
    )
    return found.group(1).strip() if found else ""


@pytest.fixture
def post(alice):
    return check_create_post(alice, body="Wie helpt mee met de verhuizing?")


def test_card_count_has_a_stable_id(client, alice, post):
    client.force_login(alice)
    html = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert f'id="comment-count-{post.pk}"' in html
    assert oob_count(html, post.pk) == ""  # the page itself swaps nothing


def test_htmx_comment_updates_the_card_count(client, alice, bob, post):
    check_create_comment(alice, post, body="Ik!")
    client.force_login(bob)
    response = client.post(
        reverse("posts:comment-create", args=[post.pk]),
        {"body": "Ik ook"},
        headers=HX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ik ook" in html
    assert oob_count(html, post.pk) == "2 reacties"


def test_htmx_reply_updates_the_card_count(client, alice, bob, post):
    comment = check_create_comment(alice, post, body="Ik!")
    client.force_login(bob)
    response = client.post(
        reverse("posts:comment-create", args=[post.pk]),
        {"body": "Top", "parent_id": comment.pk},
        headers=HX,
    )
    assert oob_count(response.content.decode(), post.pk) == "2 reacties"


def test_refused_comment_changes_no_count(client, bob, post):
    client.force_login(bob)
    response = client.post(
        reverse("posts:comment-create", args=[post.pk]), {"body": " "}, headers=HX
    )
    assert oob_count(response.content.decode(), post.pk) == ""


def test_htmx_delete_updates_the_card_count(client, alice, bob, post):
    check_create_comment(alice, post, body="Ik!")
    mine = check_create_comment(bob, post, body="Ik ook")
    client.force_login(bob)
    response = client.post(reverse("posts:comment-delete", args=[mine.pk]), headers=HX)
    assert response.status_code == 200
    assert oob_count(response.content.decode(), post.pk) == "1 reactie"
    assert "HX-Request" in response["Vary"]


def test_delete_without_htmx_still_redirects(client, bob, post):
    mine = check_create_comment(bob, post, body="Weg ermee")
    client.force_login(bob)
    response = client.post(reverse("posts:comment-delete", args=[mine.pk]))
    assert response.status_code == 302
