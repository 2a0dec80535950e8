"""What the public wall shows: only approved posts that may still go out.

Every way a post can stop being fit for outside takes it off the wall at
once, whichever door the change came through: the wall reads the post's
state live (plein.access.wall.public_wall_filter).
"""

import pytest
from django.contrib.contenttypes.models import ContentType

from plein.access.roles import Role
from plein.branding.wall.models import WallItem
from plein.branding.wall.tests.helpers import shown_on_wall
from plein.core.errors import Conflict, Forbidden, InvalidInput
from plein.posts.models import Post, Withheld

pytestmark = pytest.mark.django_db


def test_an_approved_post_is_shown_and_nothing_before(
    alice, moderator, make_post, offer, decide, wall_on
):
    post = make_post(alice, "Onze stagiairs bouwden een app.")
    assert not shown_on_wall(post)
    offer(post)
    assert not shown_on_wall(post)  # offered, not approved
    decide(moderator, post)
    assert shown_on_wall(post)


def test_a_rejected_post_is_not_shown(
    alice, moderator, make_post, offer, decide, wall_on
):
    post = make_post(alice)
    offer(post)
    decide(moderator, post, approve=False, note="Liever niet.")
    assert WallItem.objects.get(pk=post.pk).status == WallItem.Status.REJECTED
    assert not shown_on_wall(post)


def test_rejecting_a_shown_post_takes_it_off(
    alice, moderator, approved, decide, wall_on
):
    post = approved(alice)
    decide(moderator, post, approve=False)
    assert not shown_on_wall(post)


def test_the_author_withdraws_at_once_and_may_offer_again(
    alice, moderator, approved, offer, decide, wall_on
):
    post = approved(alice)
    offer(post, offered=False)
    assert WallItem.objects.get(pk=post.pk).status == WallItem.Status.WITHDRAWN
    assert not shown_on_wall(post)
    # A withdrawn offer is not decided on...
    with pytest.raises(Conflict):
        decide(moderator, post)
    # ...and offered again it needs a new approval.
    offer(post)
    assert not shown_on_wall(post)
    decide(moderator, post)
    assert shown_on_wall(post)


def test_an_edit_after_approval_takes_it_off_and_back_to_review(
    alice, moderator, approved, run_on_commit, decide, wall_on
):
    from plein.access.posts import access_post
    from plein.branding.wall.queries import list_review_queue
    from plein.posts.actions import check_edit_post

    post = approved(alice)
    run_on_commit(
        check_edit_post,
        alice,
        access_post(alice, post.pk, for_edit=True),
        body="Nu met iets anders erin.",
    )
    assert not shown_on_wall(post)
    item = WallItem.objects.get(pk=post.pk)
    assert item.status == WallItem.Status.OFFERED and item.returned_at is not None
    assert [i.pk for i in list_review_queue(moderator)] == [post.pk]
    decide(moderator, post)
    assert shown_on_wall(post)


def test_an_edit_no_event_saw_still_takes_it_off(alice, approved, wall_on):
    # A change written without the edit action (a data fix, a future door)
    # still counts: the wall compares the edit time with the approval.
    from django.utils import timezone

    post = approved(alice)
    Post.objects.filter(pk=post.pk).update(
        body="Stil veranderd", edited_at=timezone.now()
    )
    assert not shown_on_wall(post)


@pytest.mark.parametrize(
    "reason", [Withheld.MODERATOR, Withheld.REPORTS, Withheld.REVIEW]
)
def test_a_withheld_post_is_off_and_stays_off_when_released(
    alice, approved, run_on_commit, reason, wall_on
):
    from plein.posts.actions import do_release, do_withhold

    post = approved(alice)
    run_on_commit(do_withhold, post, reason)
    assert not shown_on_wall(post)
    run_on_commit(do_release, post)
    # Back from a hold only with a new approval.
    assert WallItem.objects.get(pk=post.pk).status == WallItem.Status.OFFERED
    assert not shown_on_wall(post)


def test_a_deleted_post_is_off(alice, approved, run_on_commit, wall_on):
    from plein.posts.actions import do_delete_post

    post = approved(alice)
    run_on_commit(do_delete_post, alice, post)
    assert not shown_on_wall(post)


@pytest.mark.parametrize("kind", ["closed", "secret"])
def test_a_post_moved_into_a_closed_or_secret_group_is_off(
    alice, approved, make_group, kind, wall_on
):
    # No action moves a post today; whatever moves one (a data fix, the
    # admin, a future feature) must not need to tell the wall.
    post = approved(alice)
    hidden = make_group(alice, f"Besloten {kind}", kind=kind)
    Post.objects.filter(pk=post.pk).update(group=hidden)
    assert not shown_on_wall(post)


@pytest.mark.parametrize("kind", ["closed", "secret"])
def test_a_post_whose_group_becomes_closed_or_secret_is_off(
    alice, approved, make_group, run_on_commit, kind, wall_on
):
    from plein.groups.actions import check_update_group

    group = make_group(alice, "Marketing", kind="open")
    post = approved(alice, "Ons team wint een prijs.", group=group)
    assert shown_on_wall(post)
    run_on_commit(
        check_update_group, alice, group, name="Marketing", description="", kind=kind
    )
    assert not shown_on_wall(post)
    assert WallItem.objects.get(pk=post.pk).status == WallItem.Status.OFFERED
    # Renaming it back open does not bring it back without a new approval.
    group.refresh_from_db()
    run_on_commit(
        check_update_group,
        alice,
        group,
        name="Marketing 2",
        description="",
        kind="open",
    )
    assert not shown_on_wall(post)


def test_a_group_side_change_no_event_saw_still_takes_it_off(
    alice, approved, make_group, wall_on
):
    from plein.groups.models import Group

    group = make_group(alice, "Feest", kind="open")
    post = approved(alice, "Het was een mooi feest.", group=group)
    Group.objects.filter(pk=group.pk).update(kind="secret")
    assert not shown_on_wall(post)


def test_a_deactivated_author_takes_their_posts_off(
    alice, approved, run_on_commit, wall_on
):
    from plein.people.actions import do_deactivate_person

    post = approved(alice)
    run_on_commit(do_deactivate_person, alice)
    assert not shown_on_wall(post)


def test_an_erased_author_takes_their_posts_off(
    alice, admin, approved, run_on_commit, wall_on
):
    from plein.governance.compliance.erasure import check_erase_person

    post = approved(alice)
    run_on_commit(check_erase_person, admin, alice)
    assert not shown_on_wall(post)
    assert WallItem.objects.get(pk=post.pk).status == WallItem.Status.WITHDRAWN


def test_an_author_who_becomes_alumni_takes_their_posts_off(
    alice, moderator, approved, run_on_commit, wall_on
):
    from plein.careers.alumni.actions import check_offer_alumni_account

    post = approved(alice)
    run_on_commit(
        check_offer_alumni_account,
        moderator,
        alice,
        private_email="alice@thuis.example",
    )
    alice.refresh_from_db()
    assert alice.role == Role.ALUMNI
    assert not shown_on_wall(post)


def test_an_author_made_a_guest_takes_their_posts_off(alice, approved, wall_on):
    from plein.people.models import User

    post = approved(alice)
    User.objects.filter(pk=alice.pk).update(role=Role.GUEST)
    assert not shown_on_wall(post)


# What may be offered -----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["closed", "secret"])
def test_a_post_in_a_closed_or_secret_group_cannot_be_offered(
    alice, make_group, make_post, offer, kind
):
    group = make_group(alice, f"Team {kind}", kind=kind)
    post = make_post(alice, "Intern nieuws", group=group)
    with pytest.raises(InvalidInput) as refused:
        offer(post)
    assert refused.value.field == "offered"
    assert "besloten of geheime groep" in str(refused.value.message)
    assert not WallItem.objects.exists()


def test_an_addressed_post_cannot_be_offered(alice, make_post, offer):
    post = make_post(alice, "Alleen voor Bob")
    Post.objects.filter(pk=post.pk).update(is_restricted=True)
    post.refresh_from_db()
    with pytest.raises(InvalidInput) as refused:
        offer(post)
    assert "met naam genoemde collega's" in str(refused.value.message)


def test_a_withheld_post_cannot_be_offered(alice, make_post, offer):
    from plein.posts.actions import do_withhold

    post = make_post(alice, "Even wachten")
    do_withhold(post, Withheld.REVIEW)
    with pytest.raises(InvalidInput) as refused:
        offer(post)
    assert "tegengehouden" in str(refused.value.message)


def test_a_guest_cannot_offer_even_in_an_open_group(
    make_person, alice, make_group, make_post, offer
):
    guest = make_person("Gijs Gast", role=Role.GUEST)
    group = make_group(alice, "Partners", kind="open", members=(guest,))
    post = make_post(guest, "Hallo van buiten", group=group)
    with pytest.raises(Forbidden):
        offer(post)


def test_someone_elses_post_cannot_be_offered(alice, bob, make_post, run_on_commit):
    from plein.access.wall import access_wall_offer

    post = make_post(alice)
    with pytest.raises(Forbidden):
        access_wall_offer(bob, post.pk)


def test_a_poll_or_other_kind_cannot_be_offered(alice, make_post, offer):
    post = make_post(alice, "Wie komt er?")
    Post.objects.filter(pk=post.pk).update(kind="poll")
    post.refresh_from_db()
    with pytest.raises(InvalidInput) as refused:
        offer(post)
    assert "berichten en artikelen" in str(refused.value.message)


def test_approval_checks_the_post_is_still_fit_for_outside(
    alice, moderator, make_post, make_group, offer, decide, run_on_commit
):
    from plein.branding.wall.queries import list_review_queue
    from plein.core.errors import NotFound
    from plein.people.actions import do_deactivate_person

    post = make_post(alice)
    closed = make_group(alice, "Dicht", kind="closed")
    offer(post)
    run_on_commit(do_deactivate_person, alice)
    # The queue no longer lists it, and deciding directly is refused.
    assert list(list_review_queue(moderator)) == []
    with pytest.raises(InvalidInput) as refused:
        decide(moderator, post)
    assert refused.value.field == "approve"
    # Moved where the reviewer cannot read it: not there at all.
    Post.objects.filter(pk=post.pk).update(group=closed)
    with pytest.raises(NotFound):
        decide(moderator, post)


# Leak prevention on approval -------------------------------------------------------


def test_approval_is_refused_when_a_new_term_is_found(
    alice, admin, moderator, make_post, offer, decide, wall_on
):
    from plein.governance.dlp.actions import check_add_term

    post = make_post(alice, "We openen een kantoor voor Fietsfabriek Zuid.")
    offer(post)
    # The client's name became confidential after the post was written.
    check_add_term(admin, term="Fietsfabriek Zuid", kind="client")
    with pytest.raises(InvalidInput) as refused:
        decide(moderator, post)
    assert refused.value.code == "leak_found"
    assert refused.value.field == "approve"
    assert "Fietsfabriek Zuid" in str(refused.value.message)
    assert "komt niet op de wall" in str(refused.value.message)
    assert WallItem.objects.get(pk=post.pk).status == WallItem.Status.OFFERED
    assert not shown_on_wall(post)


def test_approval_is_refused_for_text_published_with_a_reason(
    alice, moderator, make_post, offer, decide, wall_on
):
    from plein.governance.dlp.models import DlpHit

    # Published after a warning, with the author's reason: fine inside, not
    # for the public.
    post = make_post(
        alice,
        "Vertrouwelijk: de cijfers van dit kwartaal zijn goed.",
        justification="Iedereen hier mag dit weten.",
    )
    assert DlpHit.objects.filter(
        content_type=ContentType.objects.get_for_model(Post), object_id=post.pk
    ).exists()
    offer(post)
    with pytest.raises(InvalidInput) as refused:
        decide(moderator, post)
    assert refused.value.code == "leak_found"
    assert not shown_on_wall(post)


# The switch ---------------------------------------------------------------------------


def test_the_switch_off_answers_404_everywhere(
    alice, admin, approved, client, run_on_commit
):
    from plein.branding.wall.actions import check_set_wall_enabled

    post = approved(alice)
    # Off until an admin switches it on.
    assert client.get("/wall/").status_code == 404
    run_on_commit(check_set_wall_enabled, admin, enabled=True)
    assert shown_on_wall(post)
    run_on_commit(check_set_wall_enabled, admin, enabled=False)
    for path in (
        "/wall/",
        "/wall/embed/",
        f"/wall/{post.pk}/",
        f"/wall/{post.pk}/images/1/",
    ):
        assert client.get(path).status_code == 404, path


def test_only_admins_switch(moderator, run_on_commit):
    from plein.branding.wall.actions import check_set_wall_enabled

    with pytest.raises(Forbidden):
        run_on_commit(check_set_wall_enabled, moderator, enabled=True)
