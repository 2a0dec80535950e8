"""Following a conversation: followers hear about new comments."""

import pytest

from plein.core.errors import NotFound
from plein.notifications.models import Notification
from plein.posts.actions import (
    check_create_comment,
    check_follow_post,
    do_add_post_followers,
)
from plein.posts.models import PostFollow

pytestmark = pytest.mark.django_db


def test_followers_are_told_of_new_comments(
    alice, bob, carol, make_post, run_on_commit
):
    post = make_post(alice, "Wie weet iets over erfpacht?")
    check_follow_post(carol, post)
    run_on_commit(check_create_comment, bob, post, body="Ik kijk even")
    assert (
        Notification.objects.filter(recipient=carol, kind="reply", post=post).count()
        == 1
    )
    check_follow_post(carol, post, follow=False)
    run_on_commit(check_create_comment, bob, post, body="Nog iets")
    assert (
        Notification.objects.filter(recipient=carol, kind="reply", post=post).count()
        == 1
    )


def test_nobody_follows_what_they_cannot_see(
    alice, bob, carol, make_group, make_post, run_on_commit
):
    secret = make_group(alice, "Geheim", "secret", members=(bob,))
    post = make_post(alice, "Alleen voor ons", group=secret)
    with pytest.raises(NotFound):
        check_follow_post(carol, post)
    do_add_post_followers(post, [bob, carol])
    assert set(
        PostFollow.objects.filter(post=post).values_list("user_id", flat=True)
    ) == {bob.pk}


def test_follow_toggle_view(client, alice, bob, make_post):
    post = make_post(alice, "Volg mij")
    client.force_login(bob)
    response = client.post(
        f"/posts/{post.pk}/follow/", {"on": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode()
    assert PostFollow.objects.filter(user=bob, post=post).exists()
    response = client.post(f"/posts/{post.pk}/follow/", {"on": "0"})
    assert response.status_code == 302
    assert not PostFollow.objects.filter(user=bob, post=post).exists()
