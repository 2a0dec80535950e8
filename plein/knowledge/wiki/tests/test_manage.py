"""Owners, stale pages, moving and deleting pages, read records."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from plein.access.roles import Role
from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.knowledge.wiki.actions import (
    check_change_owner,
    check_create_page,
    check_delete_page,
    check_move_page,
    check_verify_page,
    do_notify_stale_owners,
    do_record_page_read,
)
from plein.knowledge.wiki.models import Page, PageRead
from plein.knowledge.wiki.queries import page_tree, stale_pages
from plein.knowledge.wiki.tasks import notify_stale_page_owners
from plein.notifications.models import Notification
from plein.notifications.presentation import (
    build_notification_sentence,
    build_notification_url,
)

pytestmark = pytest.mark.django_db


def _old_page(run_on_commit, owner, title, days, **kwargs):
    with time_machine.travel(
        timezone.now() - datetime.timedelta(days=days), tick=False
    ):
        return run_on_commit(check_create_page, owner, title=title, **kwargs)


def test_stale_pages_are_the_owners_unverified_ones(alice, bob, run_on_commit):
    old = _old_page(run_on_commit, alice, "Oud", 200)
    _old_page(run_on_commit, alice, "Recent", 10)
    _old_page(run_on_commit, bob, "Van Bob", 300)
    assert list(stale_pages(alice)) == [old]
    check_verify_page(alice, old)
    assert list(stale_pages(alice)) == []


def test_the_stale_period_is_a_setting(alice, run_on_commit, settings):
    page = _old_page(run_on_commit, alice, "Oud", 40)
    assert list(stale_pages(alice)) == []
    settings.WIKI_STALE_AFTER_DAYS = 30
    assert list(stale_pages(alice)) == [page]


def test_owners_are_notified_once_per_stale_period(
    alice, bob, make_person, run_on_commit
):
    _old_page(run_on_commit, alice, "Oud", 200)
    _old_page(run_on_commit, alice, "Ouder", 400)
    _old_page(run_on_commit, bob, "Vers", 1)
    assert run_on_commit(do_notify_stale_owners) == 1
    assert run_on_commit(do_notify_stale_owners) == 0
    notification = Notification.objects.get(kind="wiki_stale")
    assert notification.recipient == alice and notification.post is None
    assert build_notification_url(notification) == "/wiki/stale/"
    assert str(build_notification_sentence(notification))
    # The next period tells her again (and Bob, whose page is stale by then).
    later = timezone.now() + datetime.timedelta(days=181)
    with time_machine.travel(later, tick=False):
        assert run_on_commit(do_notify_stale_owners) == 2
    assert Notification.objects.filter(recipient=alice).count() == 2


def test_the_daily_task_notifies(alice, run_on_commit):
    _old_page(run_on_commit, alice, "Oud", 200)
    run_on_commit(notify_stale_page_owners.enqueue)
    assert Notification.objects.filter(recipient=alice, kind="wiki_stale").exists()


def test_owners_who_lost_access_are_not_told(alice, bob, make_group, run_on_commit):
    from plein.groups.actions import do_remove_member

    group = make_group(alice, "Team", "secret", members=(bob,))
    page = _old_page(run_on_commit, alice, "Plan", 200, group=group)
    check_change_owner(alice, page, bob)
    run_on_commit(do_remove_member, group, bob)
    assert run_on_commit(do_notify_stale_owners) == 0


def test_an_owner_hands_a_page_to_a_colleague_who_can_edit_it(
    alice, bob, carol, make_group, run_on_commit
):
    group = make_group(alice, "Team", "open", members=(bob,))
    page = run_on_commit(check_create_page, alice, title="Rooster", group=group)
    with pytest.raises(InvalidInput) as error:
        check_change_owner(alice, page, carol)  # not a member: cannot edit
    assert error.value.field == "owner_id"
    check_change_owner(alice, page, bob)
    page.refresh_from_db()
    assert page.owner == bob
    with pytest.raises(Forbidden):
        check_change_owner(carol, page, carol)


def test_delete_by_owner_group_admin_or_org_admin(
    alice, bob, carol, admin, make_group, run_on_commit
):
    from plein.access.roles import GroupRole
    from plein.groups.actions import do_add_member

    group = make_group(alice, "Team", "open", members=(carol,))
    run_on_commit(do_add_member, group, bob, role=GroupRole.ADMIN)
    mine = run_on_commit(check_create_page, carol, title="Van Carol", group=group)
    other = run_on_commit(check_create_page, carol, title="Ook", group=group)
    organisation = run_on_commit(check_create_page, carol, title="Algemeen")
    with pytest.raises(Forbidden):
        check_delete_page(bob, organisation)
    run_on_commit(check_delete_page, bob, mine)  # group admin
    run_on_commit(check_delete_page, admin, organisation)  # org admin
    run_on_commit(check_delete_page, carol, other)  # owner
    assert Page.objects.filter(deleted_at__isnull=True).count() == 0
    with pytest.raises(NotFound):
        check_delete_page(carol, other)


def test_deleting_lifts_the_children_to_the_parent(alice, run_on_commit):
    top = run_on_commit(check_create_page, alice, title="Top")
    middle = run_on_commit(check_create_page, alice, title="Midden", parent=top)
    low = run_on_commit(check_create_page, alice, title="Laag", parent=middle)
    run_on_commit(check_delete_page, alice, middle)
    low.refresh_from_db()
    assert low.parent == top
    assert [(p.title, p.depth) for p in page_tree(alice)] == [("Top", 0), ("Laag", 1)]


def test_moving_under_its_own_descendant_is_refused(alice, run_on_commit):
    top = run_on_commit(check_create_page, alice, title="Top")
    child = run_on_commit(check_create_page, alice, title="Kind", parent=top)
    with pytest.raises(InvalidInput) as error:
        check_move_page(alice, top, parent=child)
    assert error.value.field == "parent_id"
    with pytest.raises(InvalidInput):
        check_move_page(alice, top, parent=top)
    other = run_on_commit(check_create_page, alice, title="Ander")
    run_on_commit(check_move_page, alice, child, parent=other)
    child.refresh_from_db()
    assert child.parent == other


def test_moving_to_another_wiki_takes_the_subtree_along_when_asked(
    alice, carol, make_group, run_on_commit
):
    group = make_group(alice, "Team", "open")
    top = run_on_commit(check_create_page, alice, title="Top")
    child = run_on_commit(check_create_page, alice, title="Kind", parent=top)
    with pytest.raises(InvalidInput) as error:
        check_move_page(alice, top, parent=None, group=group)
    assert error.value.field == "include_subpages"
    run_on_commit(
        check_move_page, alice, top, parent=None, group=group, include_subpages=True
    )
    child.refresh_from_db()
    assert child.group == group and child.parent == top
    # Someone outside the group cannot move pages into its wiki.
    page = run_on_commit(check_create_page, carol, title="Van Carol")
    with pytest.raises(InvalidInput) as error:
        check_move_page(carol, page, parent=None, group=group)
    assert error.value.field == "group_id"


def test_moving_refuses_a_title_the_target_wiki_has(alice, make_group, run_on_commit):
    group = make_group(alice, "Team", "open")
    run_on_commit(check_create_page, alice, title="Regels", group=group)
    page = run_on_commit(check_create_page, alice, title="Regels")
    with pytest.raises(InvalidInput):
        check_move_page(alice, page, parent=None, group=group)


def test_a_read_is_recorded_once(alice, bob, make_person, run_on_commit):
    page = run_on_commit(check_create_page, alice, title="Lezen")
    assert do_record_page_read(bob, page) is True
    assert do_record_page_read(bob, page) is False
    guest = make_person("Gast", role=Role.GUEST)
    guest.is_active = False
    assert do_record_page_read(guest, page) is False
    assert PageRead.objects.filter(page=page).count() == 1


def test_the_demo_pages_load(make_person, make_group, run_on_commit):
    from plein.knowledge.wiki.demo import load_demo

    anna = make_person("Anna")
    sanne = make_person("Sanne")
    iris = make_person("Iris")
    group = make_group(sanne, "Hypotheken", "open", members=(anna, iris))
    run_on_commit(
        load_demo,
        {"anna": anna, "sanne.smit": sanne, "iris.vos": iris},
        {"hypotheken": group},
    )
    handbook = Page.objects.get(title="Personeelshandboek")
    assert "wiki-missing" in handbook.body_html  # [[Fietsplan]] is still to write
    assert Page.objects.get(title="Acceptatiegids").revision == 3  # Anna, Iris
    assert [p.title for p in stale_pages(anna)] == ["Declaraties"]
    assert not Page.objects.filter(title="Laptop aanvragen").exists()


def test_actions_emit_their_events(alice, bob, make_group, run_on_commit):
    from plein.core.events import capture_events
    from plein.knowledge.wiki.actions import check_edit_page

    group = make_group(alice, "Team", "open", members=(bob,))
    with capture_events() as events:
        page = run_on_commit(check_create_page, alice, title="Lijst", group=group)
        page = run_on_commit(
            check_edit_page, bob, page, title="Lijst", body="x", base_revision=1
        )
        run_on_commit(check_verify_page, bob, page)
        run_on_commit(check_move_page, alice, page, parent=None, group=None)
        run_on_commit(check_delete_page, alice, page)
    seen = [(e.name, e.payload, e.actor_id) for e in events]
    assert seen == [
        ("wiki.page.created", {"page_id": page.pk, "group_id": group.pk}, alice.pk),
        ("wiki.page.edited", {"page_id": page.pk, "revision": 2}, bob.pk),
        ("wiki.page.verified", {"page_id": page.pk}, bob.pk),
        ("wiki.page.moved", {"page_id": page.pk, "group_id": None}, alice.pk),
        ("wiki.page.deleted", {"page_id": page.pk, "group_id": None}, alice.pk),
    ]
    page.refresh_from_db()
    assert page.last_verified_by == bob
