"""The Django admin is for organisation admins, and its writes use the actions."""

import pytest
from django.contrib.sessions.models import Session

from plein.people.models import User
from plein.posts.models import Post

pytestmark = pytest.mark.django_db

PAGES = [
    "/admin/",
    "/admin/people/user/",
    "/admin/groups/group/",
    "/admin/posts/post/",
    "/admin/posts/comment/",
]


def test_admin_pages_open_for_admins(client, admin, alice, make_group, make_post):
    make_post(alice, "Iets", group=make_group(alice, "Team", "open"))
    client.force_login(admin)
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    assert client.get(f"/admin/people/user/{alice.pk}/change/").status_code == 200


def test_members_and_moderators_are_kept_out(client, alice, moderator):
    for person in (alice, moderator):
        client.force_login(person)
        response = client.get("/admin/people/user/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_admin_actions_soft_delete_and_deactivate(client, admin, alice, bob, make_post):
    post = make_post(alice, "Verwijder mij")
    client.force_login(admin)
    client.post(
        "/admin/posts/post/", {"action": "soft_delete", "_selected_action": [post.pk]}
    )
    post.refresh_from_db()
    assert post.deleted_at is not None and post.deleted_by == admin
    client.force_login(bob)
    client.force_login(admin)
    client.post(
        "/admin/people/user/", {"action": "deactivate", "_selected_action": [bob.pk]}
    )
    assert not User.objects.get(pk=bob.pk).is_active
    assert all(
        s.get_decoded().get("_auth_user_id") != str(bob.pk)
        for s in Session.objects.all()
    )
    assert Post.objects.filter(pk=post.pk).exists()  # soft: still in the archive
