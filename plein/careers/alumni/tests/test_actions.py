"""Offering an alumni account, accepting it, and coming back (a boomerang)."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from plein.access.groups import can_view_group_content
from plein.access.insights import can_view_org_insights
from plein.access.people import can_view_person, is_alumni
from plein.access.posts import can_view_post
from plein.access.roles import Role
from plein.careers.alumni.actions import (
    check_invite_back,
    check_offer_alumni_account,
)
from plein.careers.alumni.models import AlumniGroup, AlumniRecord
from plein.core.errors import Forbidden, InvalidInput
from plein.core.events import capture_events
from plein.groups.models import Membership
from plein.people.models import ApiToken

pytestmark = pytest.mark.django_db


def test_offer_turns_the_account_into_an_alumni_account(
    leaver, team, offer, mailoutbox
):
    work_email = leaver.email
    with capture_events() as events:
        record = offer(leaver, "lea@example.org")
    assert leaver.role == Role.ALUMNI
    assert leaver.is_active
    assert leaver.email == "lea@example.org"
    assert not leaver.has_usable_password()
    assert record.work_email == work_email
    assert sorted(record.former_group_ids) == sorted(g.pk for g in team.values())
    alumni_group = AlumniGroup.objects.get().group
    assert alumni_group.name == "Alumni"
    assert list(
        Membership.objects.filter(user=leaver).values_list("group_id", flat=True)
    ) == [alumni_group.pk]
    assert "alumni.account.offered" in [e.name for e in events]
    [mail] = mailoutbox
    assert mail.to == ["lea@example.org"]
    assert re.search(r"/password-reset/[^/]+/[^/]+/", mail.body)


def test_offer_ends_sessions_and_api_tokens(client, leaver, offer):
    from plein.people.actions import do_create_api_token

    client.force_login(leaver)
    _token, raw = do_create_api_token(leaver)
    assert client.get("/").status_code == 200
    offer(leaver, "lea@example.org")
    assert "/login/" in client.get("/").get("Location", "")
    assert not ApiToken.objects.filter(user=leaver, revoked_at__isnull=True)
    api = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert api.status_code == 401


def test_earlier_posts_stay_the_alumnus_own(leaver, offer, make_post, bob):
    post = make_post(leaver, "Mijn laatste update")
    offer(leaver, "lea@example.org")
    post.refresh_from_db()
    assert post.author_id == leaver.pk
    assert post.deleted_at is None
    # Colleagues still read it; the alumnus no longer reads the organisation's.
    assert can_view_post(bob, post)
    assert not can_view_post(leaver, post)


def test_only_hr_offers_and_only_to_colleagues(leaver, alice, admin, moderator):
    with pytest.raises(Forbidden):
        check_offer_alumni_account(alice, leaver, private_email="lea@example.org")
    with pytest.raises(Forbidden):
        check_offer_alumni_account(moderator, admin, private_email="x@example.org")
    with pytest.raises(Forbidden):
        check_offer_alumni_account(moderator, moderator, private_email="m@example.org")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"private_email": "not an address"}, "private_email"),
        ({"private_email": "lea.prive@plein.test"}, "private_email"),
        ({"private_email": "bob@plein.test"}, "private_email"),
        (
            {
                "private_email": "lea@example.org",
                "left_on": timezone.localdate() + timedelta(days=3),
            },
            "left_on",
        ),
        ({"private_email": "lea@example.org", "note": "x" * 1001}, "note"),
    ],
)
def test_offer_refuses_bad_input_naming_the_field(
    leaver, bob, moderator, fields, field
):
    with pytest.raises(InvalidInput) as error:
        check_offer_alumni_account(moderator, leaver, **fields)
    assert error.value.field == field
    leaver.refresh_from_db()
    assert leaver.role == Role.MEMBER


def test_second_offer_is_refused(leaver, offer, moderator):
    offer(leaver, "lea@example.org")
    with pytest.raises(Forbidden):
        check_offer_alumni_account(moderator, leaver, private_email="l@example.net")
    assert AlumniRecord.objects.filter(person=leaver).count() == 1


def test_setting_a_password_through_the_link_accepts_the_offer(
    leaver, offer, mailoutbox
):
    offer(leaver, "lea@example.org")
    link = re.search(r"https?://\S+/password-reset/\S+/", mailoutbox[0].body)[0]
    client = Client()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "oud-collega 2027!", "new_password2": "oud-collega 2027!"},
    )
    assert response.status_code == 302
    record = AlumniRecord.objects.get(person=leaver)
    assert record.accepted_at is not None
    assert client.login(username="lea@example.org", password="oud-collega 2027!")


def test_alumnus_reads_alumni_group_events_not_others(
    leaver, team, offer, moderator, run_on_commit
):
    from plein.access.events import can_view_event
    from plein.careers.alumni.actions import do_ensure_alumni_group
    from plein.engagement.events.actions import EventDetails, check_create_event

    offer(leaver, "lea@example.org")
    starts_at = timezone.now() + timedelta(days=10)
    details = EventDetails(
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), location="Zaal 1"
    )
    alumni_event = run_on_commit(
        check_create_event,
        moderator,
        details,
        title="Alumniborrel",
        body="Kom ook",
        group=do_ensure_alumni_group(moderator),
    )
    team_event = run_on_commit(
        check_create_event,
        moderator,
        details,
        title="Teamuitje",
        body="Kom ook",
        group=team["open"],
    )
    assert can_view_event(leaver, alumni_event.event)
    assert not can_view_event(leaver, team_event.event)


def test_alumnus_sees_no_colleagues_no_insights_and_cannot_post_for_all(
    leaver, offer, alice, moderator, team
):
    from plein.posts.actions import check_publish_post
    from plein.posts.publishing import PostDraft

    offer(leaver, "lea@example.org")
    assert is_alumni(leaver)
    assert not can_view_person(leaver, alice)
    # HR is in the alumni group (its admin): the alumnus sees them.
    assert can_view_person(leaver, moderator)
    assert not can_view_group_content(leaver, team["open"])
    assert not can_view_org_insights(leaver)
    with pytest.raises(Forbidden):
        check_publish_post(leaver, PostDraft(body="Hallo allemaal"))


def test_invite_back_makes_a_colleague_again_and_keeps_history(
    leaver, team, offer, moderator, make_post, run_on_commit, alice
):
    work_email = leaver.email
    offer(leaver, "lea@example.org")
    profile_post = make_post(alice, "Nieuws voor iedereen")
    with capture_events() as events:
        record = run_on_commit(check_invite_back, moderator, leaver)
    leaver.refresh_from_db()
    assert leaver.role == Role.MEMBER
    assert leaver.email == work_email
    assert record.returned_on == timezone.localdate()
    assert "alumni.person.returned" in [e.name for e in events]
    groups = set(Membership.objects.filter(user=leaver).values_list("group", flat=True))
    # The open team welcomes them back; the closed one decides for itself.
    assert groups == {team["open"].pk}
    assert can_view_post(leaver, profile_post)
    assert can_view_person(leaver, alice)
    assert AlumniRecord.objects.filter(person=leaver).count() == 1
    with pytest.raises(Forbidden):
        check_invite_back(moderator, leaver)


def test_leaving_twice_keeps_both_records(leaver, offer, moderator, run_on_commit):
    offer(leaver, "lea@example.org")
    run_on_commit(check_invite_back, moderator, leaver)
    leaver.refresh_from_db()
    offer(leaver, "lea@example.net")
    assert AlumniRecord.objects.filter(person=leaver).count() == 2
    assert AlumniRecord.objects.filter(person=leaver, returned_on=None).count() == 1


def test_only_hr_invites_back(leaver, offer, alice):
    offer(leaver, "lea@example.org")
    with pytest.raises(Forbidden):
        check_invite_back(alice, leaver)
    with pytest.raises(InvalidInput) as error:
        check_invite_back(
            leaver.__class__.objects.get(handle="moderator"),
            leaver,
            work_email="alice@plein.test",
        )
    assert error.value.field == "work_email"
