import pytest
from django.urls import reverse

from plein.posts.actions import check_create_comment, check_create_post
from plein.posts.models import Bookmark, Comment, Post, PostRevision, Reaction

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(alice):
    return check_create_post(alice, body="Eerste versie van het bericht")


def test_detail_shows_the_post_with_reaction_bar(client, alice, post):
    client.force_login(alice)
    html = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert "Eerste versie van het bericht" in html
    assert 'aria-pressed="false"' in html
    assert "Alice de Vries" in html


def test_detail_of_secret_group_post_is_404_for_outsiders(
    client, alice, bob, make_group
):
    secret = make_group(alice, "Geheime raad", kind="secret")
    post = check_create_post(alice, body="Niet voor iedereen", group=secret)
    client.force_login(bob)
    response = client.get(reverse("posts:detail", args=[post.pk]))
    missing = client.get(reverse("posts:detail", args=[post.pk + 1000]))
    assert response.status_code == missing.status_code == 404
    assert "Niet voor iedereen" not in response.content.decode()


def test_comment_reply_and_reaction(client, alice, bob, post):
    client.force_login(bob)
    url = reverse("posts:comment-create", args=[post.pk])
    response = client.post(url, {"body": "Mooi gezegd"})
    comment = Comment.objects.get(body="Mooi gezegd")
    assert response.status_code == 302

    reply = client.post(
        url,
        {"body": "Dank je", "parent_id": comment.pk},
        headers={"HX-Request": "true"},
    )
    assert reply.status_code == 200
    assert "Dank je" in reply.content.decode()
    assert Comment.objects.get(body="Dank je").parent_id == comment.pk

    react = client.post(
        reverse("posts:comment-react", args=[comment.pk]),
        {"kind": "celebrate"},
        headers={"HX-Request": "true"},
    )
    assert react.status_code == 200
    assert 'aria-pressed="true"' in react.content.decode()
    assert Reaction.objects.filter(comment=comment, user=bob, kind="celebrate").exists()

    html = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert "Mooi gezegd" in html and "Dank je" in html
    post.refresh_from_db()
    assert post.comment_count == 2


def test_empty_comment_shows_error(client, alice, post):
    client.force_login(alice)
    response = client.post(
        reverse("posts:comment-create", args=[post.pk]), {"body": " "}
    )
    assert "Schrijf eerst iets." in response.content.decode()
    htmx = client.post(
        reverse("posts:comment-create", args=[post.pk]),
        {"body": ""},
        headers={"HX-Request": "true"},
    )
    assert htmx["HX-Retarget"] == f"#comment-form-{post.pk}"


def test_edit_and_delete_own_comment(client, alice, bob, post):
    comment = check_create_comment(bob, post, body="Typfoutje")
    client.force_login(bob)
    form = client.get(reverse("posts:comment-edit", args=[comment.pk]))
    assert "Typfoutje" in form.content.decode()
    response = client.post(
        reverse("posts:comment-edit", args=[comment.pk]),
        {"body": "Verbeterd"},
        headers={"HX-Request": "true"},
    )
    assert "Verbeterd" in response.content.decode()
    client.post(reverse("posts:comment-delete", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.deleted_at is not None


def test_other_people_cannot_edit_a_comment(client, alice, bob, post):
    comment = check_create_comment(bob, post, body="Van Bob")
    client.force_login(alice)
    response = client.post(
        reverse("posts:comment-edit", args=[comment.pk]), {"body": "Gekaapt"}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Van Bob"


def test_react_toggles_and_htmx_swaps_the_bar(client, bob, post):
    client.force_login(bob)
    url = reverse("posts:react", args=[post.pk])
    on = client.post(url, {"kind": "like"}, headers={"HX-Request": "true"})
    assert 'aria-pressed="true"' in on.content.decode()
    assert "<html" not in on.content.decode()
    off = client.post(url, {"kind": "like"}, headers={"HX-Request": "true"})
    assert 'aria-pressed="true"' not in off.content.decode()
    assert not Reaction.objects.filter(post=post).exists()
    bad = client.post(url, {"kind": "angry"})
    assert bad.status_code == 400


def test_react_requires_post(client, bob, post):
    client.force_login(bob)
    assert client.get(reverse("posts:react", args=[post.pk])).status_code == 405


def test_bookmark_toggle(client, bob, post):
    client.force_login(bob)
    url = reverse("posts:bookmark", args=[post.pk])
    response = client.post(url, {"on": "1"}, headers={"HX-Request": "true"})
    assert 'aria-pressed="true"' in response.content.decode()
    assert Bookmark.objects.filter(user=bob, post=post).exists()
    client.post(url, {"on": "0"})
    assert not Bookmark.objects.filter(user=bob, post=post).exists()


def test_pin_by_group_admin_only(client, alice, bob, make_group):
    group = make_group(alice, "Pinners", members=[bob])
    post = check_create_post(bob, body="Belangrijk", group=group)
    client.force_login(bob)
    assert (
        client.post(reverse("posts:pin", args=[post.pk]), {"on": "1"}).status_code
        == 403
    )

    client.force_login(alice)
    response = client.post(reverse("posts:pin", args=[post.pk]), {"on": "1"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_pinned
    page = client.get(reverse("groups:detail", args=[group.slug])).content.decode()
    assert "badge-pinned" in page

    client.post(reverse("posts:pin", args=[post.pk]), {"on": "0"})
    post.refresh_from_db()
    assert not post.is_pinned


def test_edit_keeps_history(client, alice, post):
    client.force_login(alice)
    form = client.get(reverse("posts:edit", args=[post.pk]))
    assert "Eerste versie van het bericht" in form.content.decode()
    response = client.post(
        reverse("posts:edit", args=[post.pk]), {"body": "Tweede versie", "title": ""}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Tweede versie"
    assert PostRevision.objects.filter(
        post=post, body="Eerste versie van het bericht"
    ).exists()
    history = client.get(reverse("posts:history", args=[post.pk])).content.decode()
    assert "Eerste versie van het bericht" in history
    assert "Tweede versie" in history
    assert "Alice de Vries" in history


def test_edit_with_empty_text_keeps_the_form(client, alice, post):
    client.force_login(alice)
    response = client.post(
        reverse("posts:edit", args=[post.pk]), {"body": "", "title": "Nieuwe titel"}
    )
    html = response.content.decode()
    assert "Schrijf eerst iets." in html
    assert 'value="Nieuwe titel"' in html


def test_only_the_author_can_edit(client, bob, post):
    client.force_login(bob)
    assert client.get(reverse("posts:edit", args=[post.pk])).status_code == 403


def test_delete_asks_then_deletes(client, alice, bob, post):
    client.force_login(bob)
    assert client.post(reverse("posts:delete", args=[post.pk])).status_code == 403

    client.force_login(alice)
    confirm = client.get(reverse("posts:delete", args=[post.pk]))
    assert "Dit bericht verwijderen?" in confirm.content.decode()
    response = client.post(reverse("posts:delete", args=[post.pk]))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_deleted
    assert client.get(reverse("posts:detail", args=[post.pk])).status_code == 404


def test_delete_via_htmx_removes_the_card(client, alice, post):
    client.force_login(alice)
    response = client.post(
        reverse("posts:delete", args=[post.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.content == b""
    assert Post.objects.get(pk=post.pk).is_deleted


def test_errors_from_htmx_go_to_the_alert_region(client, bob, post):
    client.force_login(bob)
    response = client.get(
        reverse("posts:edit", args=[post.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#alerts"


def test_composer_starts_compact_but_not_with_errors_or_on_its_own_page(
    client, alice, settings
):
    client.force_login(alice)
    home = client.get(reverse("feed:home")).content.decode()
    assert 'class="card composer stack composer-compact"' in home
    own_page = client.get(reverse("posts:create")).content.decode()
    assert "composer-compact" not in own_page
    settings.POST_MAX_LENGTH = 5
    refused = client.post(
        reverse("posts:create"),
        {"body": "Veel te lang", "next": "/"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert 'id="composer"' in refused and "composer-compact" not in refused
