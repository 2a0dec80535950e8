import pytest
from django.urls import reverse

from plein.feed.models import InboxEntry
from plein.feed.queries import FEED_PAGE_SIZE
from plein.groups.actions import check_leave_group
from plein.posts.actions import check_bookmark_post, check_create_post
from plein.posts.models import Post

pytestmark = pytest.mark.django_db

HOME = reverse("feed:home")


def publish(committing, author, body, **kwargs):
    with committing():
        return check_create_post(author, body=body, **kwargs)


def test_home_requires_login(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_composer_post_appears_in_feed(client, alice, committing):
    client.force_login(alice)
    with committing():
        response = client.post(
            reverse("posts:create"), {"body": "Goedemorgen allemaal", "next": HOME}
        )
    assert response.status_code == 302
    assert response["Location"] == HOME
    page = client.get(HOME)
    assert "Goedemorgen allemaal" in page.content.decode()


def test_composer_htmx_returns_the_new_card_and_a_fresh_composer(
    client, alice, committing
):
    client.force_login(alice)
    with committing():
        response = client.post(
            reverse("posts:create"),
            {"body": "Via htmx"},
            headers={"HX-Request": "true"},
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="card post-card' in html
    assert "Via htmx" in html
    assert 'hx-swap-oob="true"' in html
    assert "<html" not in html
    assert Post.objects.filter(author=alice, body="Via htmx").exists()
    assert "HX-Request" in response["Vary"]


def test_empty_post_shows_field_error_and_keeps_text(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("posts:create"), {"body": "   ", "title": "Mijn titel"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Schrijf eerst iets." in html
    assert 'value="Mijn titel"' in html
    assert not Post.objects.exists()


def test_empty_post_via_htmx_rerenders_the_composer(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("posts:create"), {"body": ""}, headers={"HX-Request": "true"}
    )
    assert response["HX-Retarget"] == "#composer"
    assert "Schrijf eerst iets." in response.content.decode()


def test_oversize_post_is_refused_with_the_text_kept(client, alice, settings):
    settings.POST_MAX_LENGTH = 20
    client.force_login(alice)
    body = "x" * 21
    response = client.post(reverse("posts:create"), {"body": body})
    html = response.content.decode()
    assert "het maximum is 20" in html
    assert body in html
    assert not Post.objects.exists()


def test_feed_filters(client, alice, bob, committing, make_group):
    group = make_group(bob, "Tuinclub", members=[alice])
    publish(committing, bob, "Groepsbericht", group=group)
    profile_post = publish(committing, alice, "Profielbericht")
    check_bookmark_post(alice, profile_post, bookmarked=True)
    client.force_login(alice)

    groups_page = client.get(HOME, {"filter": "groups"}).content.decode()
    people_page = client.get(HOME, {"filter": "people"}).content.decode()
    bookmarks_page = client.get(HOME, {"filter": "bookmarks"}).content.decode()

    assert "Groepsbericht" in groups_page and "Profielbericht" not in groups_page
    assert "Profielbericht" in people_page and "Groepsbericht" not in people_page
    assert "Profielbericht" in bookmarks_page and "Groepsbericht" not in bookmarks_page


def test_load_more_follows_the_cursor(client, alice, committing):
    posts = [
        publish(committing, alice, f"Bericht nummer {i}.")
        for i in range(FEED_PAGE_SIZE + 2)
    ]
    client.force_login(alice)
    first = client.get(HOME).content.decode()
    assert "Bericht nummer 0." not in first
    assert f"Bericht nummer {FEED_PAGE_SIZE + 1}." in first
    cursor = posts[2].pk
    assert f"before={cursor}" in first

    more = client.get(HOME, {"before": cursor}, headers={"HX-Request": "true"})
    html = more.content.decode()
    assert "Bericht nummer 0." in html and "Bericht nummer 1." in html
    assert "Bericht nummer 2." not in html
    assert "<html" not in html

    plain = client.get(HOME, {"before": cursor})
    assert "<html" in plain.content.decode()


def test_unread_marker_is_shown_once_then_cleared(
    client, alice, bob, committing, make_group
):
    group = make_group(bob, "Lezers", members=[alice])
    post = publish(committing, bob, "Nieuw voor jou", group=group)
    assert InboxEntry.objects.get(user=alice, post=post).is_read is False
    client.force_login(alice)

    first = client.get(HOME).content.decode()
    second = client.get(HOME).content.decode()

    assert "badge-new" in first
    assert "badge-new" not in second
    assert InboxEntry.objects.get(user=alice, post=post).is_read is True


def test_leaving_a_group_removes_its_posts_from_the_feed(
    client, alice, bob, committing, make_group
):
    group = make_group(bob, "Vertrekkers", members=[alice])
    publish(committing, bob, "Alleen voor leden", group=group)
    client.force_login(alice)
    assert "Alleen voor leden" in client.get(HOME).content.decode()

    with committing():
        response = client.post(reverse("groups:leave", args=[group.slug]))

    assert response.status_code == 302
    assert "Alleen voor leden" not in client.get(HOME).content.decode()


def test_leave_action_then_feed_is_clean(client, alice, bob, committing, make_group):
    group = make_group(bob, "Gesloten kring", kind="closed", members=[alice])
    publish(committing, bob, "Geheimpje", group=group)
    with committing():
        check_leave_group(alice, group)
    client.force_login(alice)
    assert "Geheimpje" not in client.get(HOME).content.decode()


def test_empty_feed_suggests_groups_and_people(client, alice, bob, make_group):
    make_group(bob, "Fietsers")
    client.force_login(alice)
    html = client.get(HOME).content.decode()
    assert "Fietsers" in html
    assert "Bob Jansen" in html


def test_sidebar_shows_my_groups_and_visible_trending_hashtags(
    client, alice, bob, committing, make_group
):
    open_group = make_group(alice, "Koffieclub")
    secret = make_group(bob, "Stille kamer", kind="secret")
    publish(committing, alice, "Lekker #koffie", group=open_group)
    publish(committing, bob, "Stil #geheimtag", group=secret)
    client.force_login(alice)
    html = client.get(HOME).content.decode()
    assert "Koffieclub" in html
    assert "#koffie" in html
    assert "geheimtag" not in html


def test_feed_page_query_count_is_bounded(
    client,
    alice,
    bob,
    committing,
    make_group,
    make_person,
    django_assert_max_num_queries,
):
    group = make_group(bob, "Drukte", members=[alice])
    people = [make_person() for _ in range(5)]
    for i in range(FEED_PAGE_SIZE):
        author = people[i % len(people)]
        if i % 2:
            publish(committing, author, f"Profiel #tag{i % 3} {i}")
        else:
            publish(committing, bob, f"Groep {i} https://example.org/{i}", group=group)
    from plein.posts.actions import check_react

    for post in Post.objects.all()[:10]:
        check_react(alice, post=post, kind="like")
    for person in people:
        from plein.people.actions import check_follow_person

        with committing():
            check_follow_person(alice, person)
    client.force_login(alice)
    client.get(HOME)  # the first view marks everything read

    with django_assert_max_num_queries(18):
        response = client.get(HOME)
    assert response.content.decode().count('class="card post-card') == FEED_PAGE_SIZE
