"""The "everyone" rule of plein.access.screens, and who manages screens."""

import pytest

from plein.access.posts import visible_posts
from plein.access.roles import Role
from plein.access.screens import (
    access_screen,
    can_everyone_see_post,
    can_manage_screens,
    colleagues_everyone_sees,
    posts_everyone_sees,
    visible_screens,
)
from plein.core.errors import NotFound
from plein.posts.models import Post

pytestmark = pytest.mark.django_db


def test_everyone_sees_open_and_profile_posts_only(world):
    shown = set(posts_everyone_sees().values_list("pk", flat=True))
    posts = world.posts
    assert shown == {
        posts["open"].pk,
        posts["profile"].pk,
        posts["announced"].pk,
    }


def test_everyone_filter_agrees_with_the_predicate(world):
    shown = set(posts_everyone_sees().values_list("pk", flat=True))
    for post in Post.objects.select_related("group"):
        assert can_everyone_see_post(post) == (post.pk in shown), post.body


def test_everyone_is_a_plain_member_in_no_group(world, make_person):
    """What a member in no group sees, minus nothing: the same posts."""
    plain = make_person("Nora Nobody")
    assert set(posts_everyone_sees()) == set(visible_posts(plain))


def test_a_deleted_post_is_for_nobody(world):
    post = world.posts["open"]
    Post.objects.filter(pk=post.pk).update(deleted_at=post.created_at)
    post.refresh_from_db()
    assert not can_everyone_see_post(post)
    assert post not in posts_everyone_sees()


def test_a_group_closed_later_drops_off(world):
    group = world.groups["open"]
    group.kind = "closed"
    group.save(update_fields=["kind"])
    post = Post.objects.select_related("group").get(pk=world.posts["open"].pk)
    assert not can_everyone_see_post(post)
    assert post not in posts_everyone_sees()


def test_colleagues_leave_out_guests_and_former_colleagues(alice, guest, make_person):
    from plein.people.actions import do_deactivate_person

    former = make_person("Fien Former")
    do_deactivate_person(former)
    assert set(colleagues_everyone_sees()) == {alice}


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.ADMIN, True),
        (Role.MODERATOR, True),
        (Role.MEMBER, False),
        (Role.COMPLIANCE, False),
        (Role.GUEST, False),
    ],
)
def test_the_communications_team_manages_screens(
    make_person, make_screen, admin, role, allowed
):
    screen = make_screen(admin)
    person = make_person(role=role)
    assert can_manage_screens(person) is allowed
    assert (screen in visible_screens(person)) is allowed
    if allowed:
        assert access_screen(person, screen.pk) == screen
    else:
        with pytest.raises(NotFound):
            access_screen(person, screen.pk)


def test_anonymous_manages_nothing(make_screen, admin):
    from django.contrib.auth.models import AnonymousUser

    make_screen(admin)
    assert not can_manage_screens(AnonymousUser())
    assert not visible_screens(AnonymousUser()).exists()


@pytest.mark.parametrize("screen_id", [999_999, "nope", 2**70])
def test_a_missing_screen_is_not_found(admin, screen_id):
    with pytest.raises(NotFound):
        access_screen(admin, screen_id)


def test_the_filters_narrow_a_given_queryset(world, alice):
    from plein.people.models import User

    only_open = Post.objects.filter(
        pk__in=[world.posts["open"].pk, world.posts["closed"].pk]
    )
    assert list(posts_everyone_sees(only_open)) == [world.posts["open"]]
    assert list(colleagues_everyone_sees(User.objects.filter(pk=alice.pk))) == [alice]
