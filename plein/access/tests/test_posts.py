"""The visibility policy for posts and comments.

Every rule is checked from both sides: the predicate (can_view_post) and the
scope filter (visible_posts) must agree for every persona and every kind of
post, and the gatekeeper must answer "missing" and "forbidden" the same way.
"""

import pytest

from plein.access.posts import (
    access_comment,
    access_post,
    can_delete_comment,
    can_delete_post,
    can_edit_post,
    can_pin_post,
    can_view_comment,
    can_view_post,
    visible_comments,
    visible_posts,
)
from plein.core.errors import Forbidden, NotFound
from plein.people.actions import do_deactivate_person
from plein.posts.actions import check_create_comment, do_delete_post
from plein.posts.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(alice, bob, carol, moderator, admin, make_group, make_post):
    open_group = make_group(alice, "Open", "open", members=(bob,))
    closed_group = make_group(alice, "Closed", "closed", members=(bob,))
    secret_group = make_group(alice, "Secret", "secret", members=(bob,))
    posts = {
        "profile": make_post(alice, "Profielbericht"),
        "open": make_post(alice, "Open groep", group=open_group),
        "closed": make_post(alice, "Gesloten groep", group=closed_group),
        "secret": make_post(alice, "Geheime groep", group=secret_group),
        "withheld": make_post(alice, "Achtergehouden", group=open_group),
    }
    from plein.posts.actions import do_withhold
    from plein.posts.models import Withheld

    do_withhold(posts["withheld"], Withheld.REVIEW)
    people = {
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "moderator": moderator,
        "admin": admin,
    }
    return people, posts


EXPECTED = {
    # persona: post kinds they may see
    # Withheld content reaches its author (alice) and nobody else.
    "alice": {"profile", "open", "closed", "secret", "withheld"},
    "bob": {"profile", "open", "closed", "secret"},
    "carol": {"profile", "open"},
    "moderator": {"profile", "open"},
    "admin": {"profile", "open"},
}


def test_predicate_and_filter_agree_for_every_persona_and_post(world):
    people, posts = world
    for name, person in people.items():
        visible_ids = set(visible_posts(person).values_list("pk", flat=True))
        for kind, post in posts.items():
            post = Post.objects.select_related("group").get(pk=post.pk)
            expected = kind in EXPECTED[name]
            assert can_view_post(person, post) is expected, (name, kind)
            assert (post.pk in visible_ids) is expected, (name, kind)


def test_access_post_answers_forbidden_and_missing_identically(world):
    people, posts = world
    carol = people["carol"]
    with pytest.raises(NotFound) as hidden:
        access_post(carol, posts["secret"].pk)
    with pytest.raises(NotFound) as missing:
        access_post(carol, 999_999)
    assert hidden.value.as_json() == missing.value.as_json()
    with pytest.raises(NotFound):
        access_post(carol, "not-a-number")


def test_access_post_for_edit_refuses_a_visible_post_of_someone_else(world):
    people, posts = world
    with pytest.raises(Forbidden):
        access_post(people["bob"], posts["open"].pk, for_edit=True)
    assert (
        access_post(people["alice"], posts["open"].pk, for_edit=True) == posts["open"]
    )


def test_deleted_posts_disappear_for_everyone(world):
    people, posts = world
    do_delete_post(people["alice"], posts["open"])
    for person in people.values():
        assert not visible_posts(person).filter(pk=posts["open"].pk).exists()
        with pytest.raises(NotFound):
            access_post(person, posts["open"].pk)


def test_deactivated_and_anonymous_people_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    people, posts = world
    do_deactivate_person(people["bob"])
    assert not visible_posts(people["bob"]).exists()
    assert not visible_posts(AnonymousUser()).exists()
    assert not can_view_post(AnonymousUser(), posts["profile"])


def test_edit_delete_and_pin_rights(world):
    people, posts = world
    alice, bob, carol, moderator = (
        people["alice"],
        people["bob"],
        people["carol"],
        people["moderator"],
    )
    assert can_edit_post(alice, posts["open"]) and not can_edit_post(bob, posts["open"])
    # Group admins and moderators remove content they can see; others cannot.
    assert can_delete_post(alice, posts["open"])
    assert not can_delete_post(bob, posts["open"])
    assert can_delete_post(moderator, posts["open"])
    assert not can_delete_post(moderator, posts["secret"])
    assert not can_delete_post(carol, posts["profile"])
    assert can_pin_post(alice, posts["open"]) and not can_pin_post(bob, posts["open"])
    assert not can_pin_post(alice, posts["profile"])


def test_comments_follow_their_post(world, run_on_commit):
    people, posts = world
    comment = run_on_commit(
        check_create_comment, people["bob"], posts["closed"], body="Eens!"
    )
    assert can_view_comment(people["alice"], comment)
    assert not can_view_comment(people["carol"], comment)
    assert not visible_comments(people["carol"]).filter(pk=comment.pk).exists()
    assert visible_comments(people["alice"]).filter(pk=comment.pk).exists()
    with pytest.raises(NotFound):
        access_comment(people["carol"], comment.pk)
    # The post's author tidies the thread; another member may not.
    assert can_delete_comment(people["alice"], comment)
    open_comment = run_on_commit(
        check_create_comment, people["alice"], posts["open"], body="Ja"
    )
    assert not can_delete_comment(people["carol"], open_comment)
    assert can_delete_comment(people["moderator"], open_comment)


def test_sql_form_of_the_rule_agrees_with_the_queryset(world):
    from django.db import connection

    from plein.access.posts import visible_post_sql

    people, _posts = world
    do_delete_post(people["alice"], _posts["open"])
    for name, person in people.items():
        condition, params = visible_post_sql(person, "p", "g")
        with connection.cursor() as cursor:
            sql = "SELECT p.id FROM posts_post p LEFT JOIN groups_group g ON g.id = p.group_id WHERE "
            cursor.execute(sql + condition, params)
            by_sql = {row[0] for row in cursor.fetchall()}
        assert by_sql == set(visible_posts(person).values_list("pk", flat=True)), name


def test_restricted_post_reaches_its_author_and_audience_only(
    world, django_capture_on_commit_callbacks
):
    from django.db import connection

    from plein.access.posts import visible_post_sql
    from plein.feed.queries import get_feed_page
    from plein.posts.actions import do_create_post

    people, _posts = world
    alice, bob, carol, admin = (
        people["alice"],
        people["bob"],
        people["carol"],
        people["admin"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        post = do_create_post(
            alice, body="Alleen voor Bob en Carol", audience=[bob, carol]
        )
    for name, person in people.items():
        expected = name in {"alice", "bob", "carol"}
        post.refresh_from_db()
        assert can_view_post(person, post) is expected, name
        assert visible_posts(person).filter(pk=post.pk).count() == (
            1 if expected else 0
        ), name
        condition, params = visible_post_sql(person, "p", "g")
        with connection.cursor() as cursor:
            sql = "SELECT p.id FROM posts_post p LEFT JOIN groups_group g ON g.id = p.group_id WHERE "
            cursor.execute(sql + condition + " AND p.id = %s", [*params, post.pk])
            assert bool(cursor.fetchall()) is expected, name
    assert [e["post_id"] for e in get_feed_page(bob).entries][:1] == [post.pk]
    assert post.pk not in [e["post_id"] for e in get_feed_page(admin).entries]
    with pytest.raises(NotFound):
        access_post(admin, post.pk)


def test_readers_among_agrees_with_can_view_post(world, run_on_commit):
    from plein.access.posts import readers_among
    from plein.people.actions import do_deactivate_person
    from plein.posts.actions import do_create_post

    people, posts = world
    restricted = run_on_commit(
        do_create_post,
        people["alice"],
        body="Alleen voor Carol",
        audience=[people["carol"]],
    )
    do_deactivate_person(people["moderator"])
    everyone = {person.pk for person in people.values()}
    for post in [*posts.values(), restricted]:
        post = Post.objects.select_related("group").get(pk=post.pk)
        expected = {
            pk
            for pk in everyone
            if can_view_post(type(people["alice"]).objects.get(pk=pk), post)
        }
        assert readers_among(post, everyone) == expected, post.body
    do_delete_post(people["alice"], restricted)
    restricted.refresh_from_db()
    assert readers_among(restricted, everyone) == set()


def test_external_guest_sees_only_their_groups_and_what_is_sent_to_them(
    world, make_person, make_group, make_post, run_on_commit
):
    from django.db import connection

    from plein.access.groups import group_has_guests, visible_groups
    from plein.access.people import visible_people
    from plein.access.posts import readers_among, visible_post_sql
    from plein.access.roles import Role
    from plein.groups.actions import do_add_member
    from plein.posts.actions import do_create_post

    people, posts = world
    guest = make_person("Gast", role=Role.GUEST)
    shared = make_group(people["alice"], "Met gast", "closed", members=(people["bob"],))
    assert not group_has_guests(shared)
    do_add_member(shared, guest)
    assert group_has_guests(shared)
    in_shared = make_post(people["alice"], "Voor de gast", group=shared)
    sent = run_on_commit(
        do_create_post, people["alice"], body="Aan de gast", audience=[guest]
    )
    expected = {in_shared.pk, sent.pk}
    assert set(visible_posts(guest).values_list("pk", flat=True)) == expected
    condition, params = visible_post_sql(guest, "p", "g")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.id FROM posts_post p LEFT JOIN groups_group g"  # noqa: S608
            " ON g.id = p.group_id WHERE " + condition,
            params,
        )
        assert {row[0] for row in cursor.fetchall()} == expected
    for post in [*posts.values(), in_shared, sent]:
        post = Post.objects.select_related("group").get(pk=post.pk)
        assert can_view_post(guest, post) is (post.pk in expected)
        assert (guest.pk in readers_among(post, {guest.pk})) is (post.pk in expected)
    assert set(visible_groups(guest).values_list("pk", flat=True)) == {shared.pk}
    assert set(visible_people(guest).values_list("pk", flat=True)) == {
        guest.pk,
        people["alice"].pk,
        people["bob"].pk,
    }
