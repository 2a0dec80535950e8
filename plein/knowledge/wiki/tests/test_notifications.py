"""Wiki pages as notification targets."""

import pytest

from plein.knowledge.wiki.actions import check_create_page, check_move_page
from plein.notifications.actions import do_notify
from plein.notifications.queries import (
    count_unread_notifications,
    list_notifications,
)

pytestmark = pytest.mark.django_db


def test_a_page_moved_out_of_reach_hides_its_notifications(
    alice, bob, make_group, run_on_commit
):
    secret = make_group(bob, "Directie", "secret")
    page = run_on_commit(check_create_page, bob, title="Rooster")
    do_notify([alice.pk], kind="wiki_stale", key="wiki_stale:1", target=page)
    assert [n.target for n in list_notifications(alice)] == [page]
    assert count_unread_notifications(alice) == 1
    run_on_commit(check_move_page, bob, page, parent=None, group=secret)
    assert list_notifications(alice) == []
    assert count_unread_notifications(alice) == 0
    # Bob still sees the page, and so the notification about it.
    do_notify([bob.pk], kind="wiki_stale", key="wiki_stale:1", target=page)
    assert count_unread_notifications(bob) == 1
