"""The wall's actions: events and notifications, and its access rules per persona."""

import pytest

from plein.access.roles import Role
from plein.access.wall import (
    access_public_image,
    access_public_item,
    access_wall_item_for_review,
    can_offer_to_wall,
    can_review_wall,
    can_share_wall_item,
    is_on_wall,
)
from plein.branding.wall.models import WallItem
from plein.core.errors import NotFound
from plein.core.events import capture_events
from plein.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_offer_and_decision_emit_events_for_the_author(
    alice, moderator, make_post, offer, decide
):
    post = make_post(alice)
    with capture_events() as events:
        offer(post)
        offer(post)  # again while it waits: nothing new
        decide(moderator, post)
        decide(moderator, post, approve=False)
        offer(post, offered=False)  # a rejected post: nothing to withdraw
    assert [(e.name, e.payload, set(e.audience_ids)) for e in events] == [
        ("wall.item.offered", {"post_id": post.pk}, {alice.pk}),
        ("wall.item.approved", {"post_id": post.pk}, {alice.pk}),
        ("wall.item.rejected", {"post_id": post.pk}, {alice.pk}),
    ]


def test_the_author_is_told_of_each_decision(
    alice, moderator, make_post, offer, decide
):
    post = make_post(alice, "Ons nieuws")
    offer(post)
    decide(moderator, post)
    decide(moderator, post, approve=False, note="Toch niet.")
    kinds = list(
        Notification.objects.filter(recipient=alice)
        .order_by("pk")
        .values_list("kind", "post_id", "actor_id")
    )
    assert kinds == [
        ("wall_approved", post.pk, moderator.pk),
        ("wall_rejected", post.pk, moderator.pk),
    ]


def test_a_moderator_approving_their_own_post_is_not_told(
    moderator, make_post, offer, decide
):
    post = make_post(moderator)
    offer(post)
    decide(moderator, post)
    assert not Notification.objects.filter(recipient=moderator).exists()


def test_who_may_offer_review_and_share(
    alice, bob, carol, moderator, admin, make_person, make_post, approved, wall_on
):
    guest = make_person("Gijs Gast", role=Role.GUEST)
    post = make_post(alice)
    assert can_offer_to_wall(alice, post)
    assert not can_offer_to_wall(bob, post)  # not the author
    assert not can_offer_to_wall(None, post)
    assert [can_review_wall(p) for p in (alice, guest, moderator, admin)] == [
        False,
        False,
        True,
        True,
    ]
    shown = approved(alice)
    assert is_on_wall(shown)
    assert can_share_wall_item(bob, shown) and can_share_wall_item(carol, shown)
    assert not can_share_wall_item(guest, shown)  # outsiders do not speak for us
    assert not can_share_wall_item(alice, post)  # not on the wall


def test_gatekeepers_answer_404_for_bad_ids(
    alice, moderator, make_post, offer, wall_on
):
    post = make_post(alice)
    offer(post)
    for bad in ("x", None, 10**6):
        with pytest.raises(NotFound):
            access_public_item(bad)
        with pytest.raises(NotFound):
            access_wall_item_for_review(moderator, bad)
    with pytest.raises(NotFound):
        access_public_item(post.pk)  # offered, not approved
    with pytest.raises(NotFound):
        access_wall_item_for_review(alice, post.pk)  # not communications
    assert access_wall_item_for_review(moderator, post.pk).pk == post.pk


def test_images_only_of_the_post_on_the_wall(alice, approved, make_post, wall_on):
    from plein.posts.actions import check_upload_attachment

    png = b"\x89PNG\r\n\x1a\n" + b"0" * 20
    other_image = check_upload_attachment(
        alice, filename="a.png", content_type="image/png", data=png
    )
    make_post(alice, "Ander bericht", attachment_ids=[other_image.pk])
    post = approved(alice)
    for bad in ("x", other_image.pk):
        with pytest.raises(NotFound):
            access_public_image(post.pk, bad)


def test_the_queue_skips_offers_nobody_may_show(alice, moderator, make_post, offer):
    from plein.branding.wall.queries import list_review_queue
    from plein.people.actions import do_deactivate_person

    kept = make_post(alice, "Blijft")
    offer(kept)
    assert [i.pk for i in list_review_queue(moderator)] == [kept.pk]
    assert list(list_review_queue(alice)) == []
    do_deactivate_person(alice)
    assert list(list_review_queue(moderator)) == []
    assert WallItem.objects.get(pk=kept.pk).status == WallItem.Status.OFFERED
