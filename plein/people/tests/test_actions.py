"""People: accounts, profiles, follows, tokens and deactivation."""

import pytest
from django.contrib.sessions.models import Session

from plein.core.errors import Forbidden, InvalidInput
from plein.notifications.models import Notification
from plein.people.actions import (
    check_accept_invitation,
    check_deactivate_person,
    check_follow_person,
    check_invite_person,
    check_reactivate_person,
    check_update_profile,
    do_create_api_token,
    do_create_person,
    do_revoke_api_token,
    get_user_for_token,
)
from plein.people.models import Department

pytestmark = pytest.mark.django_db


def test_handles_are_unique_and_emails_normalised(make_person):
    first = do_create_person(email="Jan.de.Vries@Plein.test", full_name="Jan de Vries")
    second = do_create_person(email="jan.de.vries@other.test", full_name="Jan de Vries")
    assert first.email == "jan.de.vries@plein.test"
    assert (first.handle, second.handle) == ("jan.de.vries", "jan.de.vries2")
    with pytest.raises(InvalidInput) as err:
        do_create_person(email="JAN.DE.VRIES@plein.test", full_name="Dubbel")
    assert err.value.field == "email"
    with pytest.raises(InvalidInput) as err:
        do_create_person(email="geen-adres", full_name="X")
    assert err.value.field == "email"


def test_invitation_flow_sends_mail_and_creates_the_account(
    admin, alice, mailoutbox, run_on_commit
):
    with pytest.raises(Forbidden):
        check_invite_person(alice, email="nieuw@plein.test", full_name="Nieuwe Collega")
    invitation = run_on_commit(
        check_invite_person, admin, email="nieuw@plein.test", full_name="Nieuwe Collega"
    )
    assert len(mailoutbox) == 1 and invitation.token in mailoutbox[0].body
    with pytest.raises(InvalidInput) as err:
        check_accept_invitation(invitation, password="123")
    assert err.value.field == "password"
    user = check_accept_invitation(invitation, password="een lang wachtwoord 7")
    assert user.check_password("een lang wachtwoord 7")
    with pytest.raises(InvalidInput):
        check_accept_invitation(invitation, password="een lang wachtwoord 7")


def test_profile_rules(alice, bob, admin):
    dept = Department.objects.create(name="Hypotheken", slug="hypotheken")
    check_update_profile(
        alice,
        alice,
        job_title="Adviseur",
        department_id=dept.pk,
        manager_id=bob.pk,
        skills=["Hypotheken", "Excel"],
    )
    alice.refresh_from_db()
    assert alice.department == dept and alice.manager == bob
    assert sorted(s.name for s in alice.skills.all()) == ["Excel", "Hypotheken"]
    with pytest.raises(Forbidden):
        check_update_profile(bob, alice, job_title="Baas")
    check_update_profile(admin, alice, job_title="Senior adviseur")
    with pytest.raises(InvalidInput) as err:
        check_update_profile(bob, bob, manager_id=alice.pk)
    assert err.value.field == "manager_id"  # alice reports to bob: no loops
    with pytest.raises(InvalidInput) as err:
        check_update_profile(alice, alice, timezone="Mars/Olympus")
    assert err.value.field == "timezone"
    with pytest.raises(InvalidInput) as err:
        check_update_profile(alice, alice, bio="x" * 1001)
    assert err.value.field == "bio"


def test_follow_notifies_once(alice, bob, run_on_commit):
    run_on_commit(check_follow_person, alice, bob)
    run_on_commit(check_follow_person, alice, bob)
    assert Notification.objects.filter(recipient=bob, kind="follower").count() == 1
    with pytest.raises(InvalidInput):
        check_follow_person(alice, alice)


def test_tokens_work_until_revoked_or_deactivated(alice, bob, admin, client):
    token, raw = do_create_api_token(alice, name="script")
    assert get_user_for_token(raw) == alice
    assert get_user_for_token(raw + "x") is None
    assert get_user_for_token("not-a-token") is None
    do_revoke_api_token(alice, token.pk)
    assert get_user_for_token(raw) is None
    _token, raw2 = do_create_api_token(bob)
    client.force_login(bob)
    assert Session.objects.count() == 1
    with pytest.raises(Forbidden):
        check_deactivate_person(alice, bob)
    check_deactivate_person(admin, bob)
    assert get_user_for_token(raw2) is None
    assert Session.objects.count() == 0
    check_reactivate_person(admin, bob)
    bob.refresh_from_db()
    assert bob.is_active and get_user_for_token(raw2) is None


def test_handles_never_shadow_people_pages():
    person = do_create_person(email="manage@plein.test", full_name="Manon Age")
    assert person.handle == "manage2"
