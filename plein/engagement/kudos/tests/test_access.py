"""Who sees a kudos: the personas, and changes of audience on every path.

Each path a kudos reaches a person by is checked: the feed, the post page,
the person's profile, the kudos list, the API (list and detail), the
notification, and office screens (which show only what everyone sees). The
predicate and the scope filter of ``plein.access.kudos`` must agree.
"""

import pytest
from django.test import Client

from plein.access.kudos import (
    access_kudos,
    access_kudos_subject,
    access_value,
    can_receive_kudos,
    can_view_kudos,
    kudos_everyone_sees,
    visible_kudos,
    visible_values,
)
from plein.access.roles import Role
from plein.channels.screens.queries import build_screen_content
from plein.core.errors import NotFound
from plein.engagement.kudos.models import Kudos
from plein.notifications.queries import list_notifications
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db


class Reader:
    """One person's view through every door a kudos can come through."""

    def __init__(self, person):
        self.person = person
        self.client = Client()
        self.client.force_login(person)
        self.token = do_create_api_token(person)[1] if person.is_active else ""

    def sees(self, kudos_post, needle, praised):
        """{path: whether the kudos shows there} for this reader."""
        headers = {"Authorization": f"Bearer {self.token}"}
        api_list = self.client.get("/api/v1/kudos", headers=headers)
        api_detail = self.client.get(f"/api/v1/kudos/{kudos_post.pk}", headers=headers)
        profile = self.client.get(f"/people/{praised.handle}/")
        return {
            "feed": needle in self.client.get("/").content.decode(),
            "post": self.client.get(f"/posts/{kudos_post.pk}/").status_code == 200,
            "profile": profile.status_code == 200
            and needle in profile.content.decode(),
            "list": needle in self.client.get("/kudos/").content.decode(),
            "api_list": api_list.status_code == 200
            and any(k["id"] == kudos_post.pk for k in api_list.json()["items"]),
            "api_detail": api_detail.status_code == 200,
        }


def _all(value):
    return dict.fromkeys(
        ("feed", "post", "profile", "list", "api_list", "api_detail"), value
    )


@pytest.fixture
def screen(admin):
    from plein.channels.screens.actions import check_create_screen

    return check_create_screen(admin, name="Kantine", extra_sources=["kudos"])


def _on_screen(screen, kudos_post):
    return any(s.key == f"kudos-{kudos_post.pk}" for s in build_screen_content(screen))


def _notified(person, kudos_post):
    return any(
        n.post_id == kudos_post.pk and n.kind == "kudos_received"
        for n in list_notifications(person)
    )


@pytest.fixture
def world(alice, bob, carol, make_person, make_group):
    """alice gives, bob is praised; carol is a colleague in no group."""
    guest = make_person("Gast Extern", role=Role.GUEST)
    open_group = make_group(alice, "Open groep", members=(bob,))
    closed = make_group(alice, "Gesloten groep", kind="closed", members=(bob, guest))
    secret = make_group(alice, "Geheime groep", kind="secret", members=(bob,))
    return {
        "guest": guest,
        "open": open_group,
        "closed": closed,
        "secret": secret,
    }


@pytest.mark.parametrize(
    ("place", "carol_sees", "guest_sees"),
    [
        (None, True, False),
        ("open", True, False),
        ("closed", False, True),
        ("secret", False, False),
    ],
)
def test_a_kudos_follows_the_audience_of_its_place(
    alice, bob, carol, admin, moderator, world, give, place, carol_sees, guest_sees
):
    group = world[place] if place else None
    post = give(alice, [bob], group=group, message="Zqkudosnaald bedankt")
    kudos = Kudos.objects.get(pk=post.pk)
    expected = {
        alice: True,
        bob: True,
        carol: carol_sees,
        world["guest"]: guest_sees,
        # Admins and moderators see no more than any colleague outside.
        admin: carol_sees,
        moderator: carol_sees,
    }
    for person, sees in expected.items():
        assert can_view_kudos(person, kudos) is sees, person
        assert visible_kudos(person).filter(pk=kudos.pk).exists() is sees, person
        seen = Reader(person).sees(post, "Zqkudosnaald", bob)
        # The feed holds what one follows: the giver's and the praised's
        # feeds have it; others' may, and never when it is not theirs to see.
        in_feed = seen.pop("feed")
        assert in_feed is sees if person in (alice, bob) else (sees or not in_feed)
        expected_paths = _all(sees)
        expected_paths.pop("feed")
        if person == world["guest"] and place != "closed":
            # A guest never opens a colleague's profile outside their groups.
            expected_paths["profile"] = False
        assert seen == expected_paths, person


def test_nobody_signed_out_or_deactivated_sees_kudos(alice, bob, carol, admin, give):
    from django.contrib.auth.models import AnonymousUser

    from plein.people.actions import check_deactivate_person

    post = give(alice, [bob])
    kudos = Kudos.objects.get(pk=post.pk)
    check_deactivate_person(admin, carol)
    carol.refresh_from_db()
    for person in (AnonymousUser(), carol):
        assert not can_view_kudos(person, kudos)
        assert not visible_kudos(person).exists()
        assert not visible_values(person).exists()
    assert Client().get("/api/v1/kudos").status_code == 401


def test_kudos_for_a_post_in_a_group_made_secret_leaves_outsiders(
    alice, bob, carol, make_group, make_post, give, subject, screen
):
    from plein.people.actions import check_follow_person

    check_follow_person(carol, alice)  # the kudos reaches carol's feed
    group = make_group(alice, "Team Noord", members=(bob,))
    praised = make_post(bob, "Onze aanpak", group=group)
    post = give(
        alice, [bob], subject=subject(alice, "post", praised), message="Zqnaald"
    )
    assert Reader(carol).sees(post, "Zqnaald", bob) == _all(True)
    assert _on_screen(screen, post)

    from plein.groups.actions import check_update_group

    check_update_group(alice, group, name=group.name, description="", kind="secret")
    assert Reader(carol).sees(post, "Zqnaald", bob) == _all(False)
    assert Reader(bob).sees(post, "Zqnaald", bob) == _all(True)
    assert not _on_screen(screen, post)


def test_kudos_for_a_wiki_page_moved_into_a_secret_group_follows_it(
    alice, bob, carol, make_group, give, subject, run_on_commit, screen
):
    from plein.knowledge.wiki.actions import check_create_page, check_move_page
    from plein.people.actions import check_follow_person

    check_follow_person(carol, alice)  # the kudos reaches carol's feed
    secret = make_group(alice, "Geheim", kind="secret", members=(bob,))
    page = run_on_commit(check_create_page, bob, title="Werkinstructie", body="Stap 1")
    post = give(alice, [bob], subject=subject(alice, "page", page), message="Zqpagina")
    assert post.group is None
    assert Reader(carol).sees(post, "Zqpagina", bob) == _all(True)
    assert _on_screen(screen, post)
    assert _notified(bob, post)

    run_on_commit(check_move_page, bob, page, parent=None, group=secret)
    post.refresh_from_db()
    assert post.group == secret  # the kudos moved with its page
    assert Reader(carol).sees(post, "Zqpagina", bob) == _all(False)
    assert Reader(bob).sees(post, "Zqpagina", bob) == _all(True)
    assert not _on_screen(screen, post)


def test_the_content_rule_holds_even_before_the_kudos_moves(
    alice, bob, carol, make_group, give, subject, run_on_commit
):
    """The subject's place is checked on every read, not only after syncing."""
    from plein.knowledge.wiki.actions import check_create_page
    from plein.knowledge.wiki.models import Page

    secret = make_group(alice, "Geheim", kind="secret", members=(bob,))
    page = run_on_commit(check_create_page, bob, title="Notitie", body="x")
    post = give(alice, [bob], subject=subject(alice, "page", page))
    Page.objects.filter(pk=page.pk).update(group=secret)  # as if mid-move
    kudos = Kudos.objects.get(pk=post.pk)
    assert not can_view_kudos(carol, kudos)
    assert not visible_kudos(carol).filter(pk=kudos.pk).exists()
    assert can_view_kudos(bob, kudos)
    assert not kudos_everyone_sees().filter(pk=kudos.pk).exists()


def test_the_praised_person_leaving_the_group_loses_the_kudos(
    alice, bob, make_group, give
):
    from plein.groups.actions import check_leave_group

    group = make_group(alice, "Projectgroep", kind="closed", members=(bob,))
    post = give(alice, [bob], group=group, message="Zqvertrek")
    assert _notified(bob, post)
    check_leave_group(bob, group)
    assert Reader(bob).sees(post, "Zqvertrek", bob) == _all(False)
    assert not _notified(bob, post)  # the notification is gone too


def test_a_deactivated_colleague_is_no_longer_named_on_screens(
    alice, bob, carol, admin, give, screen
):
    from plein.people.actions import check_deactivate_person

    both = give(alice, [bob, carol])
    only_bob = give(alice, [bob])
    check_deactivate_person(admin, bob)
    slides = {s.key: s for s in build_screen_content(screen)}
    assert f"kudos-{only_bob.pk}" not in slides  # nobody left to name
    names = [p["name"] for p in slides[f"kudos-{both.pk}"].data["people"]]
    assert names == [carol.full_name]
    # Colleagues no longer see a deactivated person named on the card.
    page = Reader(carol).client.get(f"/posts/{both.pk}/").content.decode()
    assert bob.full_name not in page


def test_screens_leave_out_kudos_from_guests(
    alice, bob, make_person, make_group, give, screen
):
    guest = make_person("Gast", role=Role.GUEST)
    group = make_group(alice, "Open", members=(bob, guest))
    post = give(guest, [bob], group=group)
    assert not _on_screen(screen, post)


def test_access_kudos_answers_missing_and_hidden_alike(
    alice, bob, carol, make_group, give
):
    group = make_group(alice, "Geheim", kind="secret", members=(bob,))
    post = give(alice, [bob], group=group)
    assert access_kudos(bob, post.pk).pk == post.pk
    for kudos_id in (post.pk, 10**9, "x"):
        with pytest.raises(NotFound):
            access_kudos(carol, kudos_id)


def test_access_kudos_subject_per_kind(alice, bob, make_post, run_on_commit):
    from plein.knowledge.wiki.actions import check_create_page
    from plein.posts.actions import check_create_comment

    post = make_post(bob, "Hallo")
    comment = run_on_commit(check_create_comment, bob, post, body="Reactie")
    page = run_on_commit(check_create_page, bob, title="Pagina", body="x")
    assert access_kudos_subject(alice, "post", post.pk) == post
    assert access_kudos_subject(alice, "answer", comment.pk) == comment
    assert access_kudos_subject(alice, "page", page.pk) == page
    with pytest.raises(NotFound):
        access_kudos_subject(alice, "group", post.pk)


def test_values_are_seen_by_everyone_and_managed_by_admins(alice, admin, value):
    assert access_value(alice, value.pk) == value
    assert access_value(admin, value.pk, for_admin=True) == value
    for bad in (value.pk, 10**9):
        with pytest.raises(NotFound):
            access_value(alice, bad, for_admin=True)
    with pytest.raises(NotFound):
        access_value(alice, "x")


def test_only_those_who_can_read_a_place_receive_kudos_there(
    bob, carol, admin, make_person, make_group
):
    from plein.people.actions import check_deactivate_person

    guest = make_person("Gast", role=Role.GUEST)
    group = make_group(bob, "Gesloten", kind="closed", members=(guest,))
    assert can_receive_kudos(carol, None)
    assert not can_receive_kudos(guest, None)
    assert can_receive_kudos(guest, group)
    assert not can_receive_kudos(carol, group)
    check_deactivate_person(admin, carol)
    carol.refresh_from_db()
    assert not can_receive_kudos(carol, None)


def test_kudos_for_an_answer_follow_the_answers_post(
    alice, bob, carol, make_group, make_post, give, subject, run_on_commit
):
    from django.contrib.auth.models import AnonymousUser

    from plein.access.kudos import visible_kudos_filter
    from plein.groups.actions import check_update_group
    from plein.posts.actions import check_create_comment

    group = make_group(alice, "Vragen", members=(bob,))
    question = make_post(alice, "Wie helpt?", group=group)
    answer = run_on_commit(check_create_comment, bob, question, body="Ik")
    post = give(alice, [bob], subject=subject(alice, "answer", answer))
    kudos = Kudos.objects.get(pk=post.pk)
    assert can_view_kudos(carol, kudos)
    check_update_group(alice, group, name=group.name, description="", kind="closed")
    kudos = Kudos.objects.get(pk=post.pk)
    assert not can_view_kudos(carol, kudos)
    assert not visible_kudos(carol).filter(pk=post.pk).exists()
    assert can_view_kudos(bob, kudos)
    assert not Kudos.objects.filter(visible_kudos_filter(AnonymousUser())).exists()
