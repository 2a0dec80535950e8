import pytest
from django.urls import reverse

from plein.posts.actions import check_create_post
from plein.posts.models import HashtagFollow

pytestmark = pytest.mark.django_db


def test_hashtag_page_hides_secret_posts_and_counts_only_visible(
    client, alice, bob, make_group
):
    secret = make_group(bob, "Achterkamer", kind="secret")
    check_create_post(alice, body="Open over #begroting")
    check_create_post(bob, body="Geheim over #begroting", group=secret)
    client.force_login(alice)
    html = client.get(reverse("posts:hashtag", args=["begroting"])).content.decode()
    assert "Open over" in html
    assert "Geheim over" not in html
    assert "1 bericht dat je kunt zien" in html


def test_unknown_hashtag_is_404(client, alice):
    client.force_login(alice)
    assert client.get(reverse("posts:hashtag", args=["bestaatniet"])).status_code == 404


def test_follow_and_unfollow_hashtag(client, alice):
    check_create_post(alice, body="Over #fietsen")
    client.force_login(alice)
    url = reverse("posts:hashtag-follow", args=["fietsen"])
    response = client.post(url, {"on": "1"}, headers={"HX-Request": "true"})
    assert 'aria-pressed="true"' in response.content.decode()
    assert HashtagFollow.objects.filter(user=alice, hashtag__name="fietsen").exists()
    client.post(url, {"on": "0"})
    assert not HashtagFollow.objects.exists()


def test_hashtag_page_load_more(client, alice):
    for i in range(32):
        check_create_post(alice, body=f"Nummer {i}. #reeks")
    client.force_login(alice)
    first = client.get(reverse("posts:hashtag", args=["reeks"])).content.decode()
    assert "Nummer 31." in first and "Nummer 1." not in first
    from plein.posts.models import Post

    cursor = Post.objects.order_by("id")[2].pk
    more = client.get(
        reverse("posts:hashtag", args=["reeks"]),
        {"before": cursor},
        headers={"HX-Request": "true"},
    )
    assert "Nummer 0." in more.content.decode() and "<html" not in more.content.decode()
