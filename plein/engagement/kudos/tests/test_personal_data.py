"""Kudos in "download my data" and in erasure."""

import pytest

from plein.core.personal_data import ErasureContext, Holds
from plein.engagement.kudos.models import Kudos, KudosRecipient
from plein.engagement.kudos.personal_data import build_kudos, erase_kudos
from plein.knowledge.recognition.models import Point

pytestmark = pytest.mark.django_db


def test_export_holds_given_and_visible_received_kudos(alice, bob, make_group, give):
    from plein.groups.actions import check_leave_group

    given = give(alice, [bob])
    group = make_group(bob, "Geheim", kind="secret", members=(alice,))
    hidden_later = give(bob, [alice], group=group)
    seen = give(bob, [alice])
    check_leave_group(alice, group)
    exported = build_kudos(alice)
    assert [k["post_id"] for k in exported["given"]] == [given.pk]
    assert exported["given"][0]["recipient_ids"] == [bob.pk]
    assert exported["given"][0]["value"] == {
        "nl": "Samen sterker",
        "en": "Stronger together",
    }
    # A kudos in a group she left is no longer hers to read.
    assert [k["post_id"] for k in exported["received"]] == [seen.pk]
    assert hidden_later.pk not in [k["post_id"] for k in exported["received"]]


def _context(delete_content, removed=None):
    context = ErasureContext(
        actor=None,
        delete_content=delete_content,
        holds=Holds(),
        report_purged=lambda ids: None,
    )
    for kind, ids in (removed or {}).items():
        context.remember_removed(kind, ids)
    return context


def test_erasure_removes_the_person_as_praised(alice, bob, carol, give):
    post = give(alice, [bob, carol])
    erase_kudos(bob, _context(False))
    assert list(KudosRecipient.objects.values_list("person", flat=True)) == [carol.pk]
    assert Kudos.objects.filter(pk=post.pk).exists()  # the giver's post stays


def test_erasure_with_content_takes_back_points_of_purged_kudos(alice, bob, give):
    from plein.posts.personal_data import purge_posts

    post = give(alice, [bob])
    assert Point.objects.filter(target_id=post.pk, kind="kudos").exists()
    purged = purge_posts([post.pk])  # what the posts app does first
    assert not Kudos.objects.filter(pk=post.pk).exists()  # went with its post
    erase_kudos(alice, _context(True, {"post": purged["post_ids"]}))
    assert not Point.objects.filter(target_id=post.pk, kind="kudos").exists()
