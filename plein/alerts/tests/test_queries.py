"""The digest interface used by the e-mail digest, and the hits list."""

import pytest

from plein.alerts.actions import do_mark_hits_delivered
from plein.alerts.queries import list_digest_hits, list_recent_hits

pytestmark = pytest.mark.django_db


def test_digest_lists_undelivered_email_hits_of_the_frequency(
    alice, bob, make_alert, make_post
):
    make_alert(alice, "vergadering", frequency="daily", channel="email")
    make_alert(alice, "begroting", name="B", frequency="weekly", channel="email")
    make_alert(alice, "planning", name="C", frequency="daily", channel="in_app")
    post = make_post(bob, "Vergadering over de begroting en planning")
    (hit,) = list_digest_hits(alice, frequency="daily")
    assert hit.post_id == post.pk
    assert hit.subscription.alert.name == "Alert"
    assert len(list_digest_hits(alice, frequency="weekly")) == 1
    assert list_digest_hits(bob, frequency="daily") == []


def test_mark_delivered_removes_hits_from_the_digest(alice, bob, make_alert, make_post):
    make_alert(alice, "vergadering", frequency="daily", channel="email")
    make_post(bob, "Vergadering")
    hits = list_digest_hits(alice, frequency="daily")
    assert do_mark_hits_delivered([h.pk for h in hits]) == 1
    assert do_mark_hits_delivered([h.pk for h in hits]) == 0
    assert list_digest_hits(alice, frequency="daily") == []


def test_digest_leaves_out_content_no_longer_visible(
    alice, bob, make_alert, make_group, make_post, run_on_commit
):
    from plein.groups.actions import check_leave_group
    from plein.posts.actions import do_delete_post

    group = make_group(bob, "Directie", kind="secret", members=(alice,))
    make_alert(alice, "vergadering", frequency="weekly", channel="email")
    in_group = make_post(bob, "Vergadering directie", group=group)
    deleted = make_post(bob, "Vergadering afgelast")
    kept = make_post(bob, "Vergadering blijft")
    assert len(list_digest_hits(alice, frequency="weekly")) == 3
    do_delete_post(bob, deleted)
    run_on_commit(check_leave_group, alice, group)
    alice.refresh_from_db()
    assert [h.post_id for h in list_digest_hits(alice, frequency="weekly")] == [kept.pk]
    assert in_group.pk not in [
        h.post_id for h in list_recent_hits(alice, _alert(alice))
    ]


def test_digest_leaves_out_deleted_comments(
    alice, bob, make_alert, make_post, make_comment
):
    from plein.posts.actions import do_delete_comment

    make_alert(alice, "rabobank", frequency="daily", channel="email")
    post = make_post(bob, "Klant")
    comment = make_comment(bob, post, "Rabobank belde")
    assert len(list_digest_hits(alice, frequency="daily")) == 1
    do_delete_comment(bob, comment)
    assert list_digest_hits(alice, frequency="daily") == []


def _alert(user):
    from plein.alerts.models import Alert

    return Alert.objects.get(created_by=user)
