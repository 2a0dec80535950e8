import pytest
from django.urls import reverse

from plein.core.errors import Conflict, InvalidInput, NotFound
from plein.core.events import capture_events
from plein.governance.compliance.holds import (
    check_create_hold,
    check_release_hold,
    is_held,
    person_on_hold,
)
from plein.governance.compliance.models import LegalHold
from plein.posts.actions import check_create_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_person):
    return make_person("Olga Officer", role="compliance", handle="olga")


def test_is_held_follows_person_group_and_both(
    alice, bob, officer, make_group, make_post, run_on_commit
):
    group = make_group(alice, "Juridisch", members=(bob,))
    alice_in_group = make_post(alice, "In de groep", group=group)
    alice_profile = make_post(alice, "Op profiel")
    bob_in_group = make_post(bob, "Van Bob", group=group)
    bob_comment = run_on_commit(
        check_create_comment, bob, alice_profile, body="Reactie"
    )
    assert not is_held(alice_in_group)

    check_create_hold(officer, matter="Zaak A", person=alice, group=group)
    assert is_held(alice_in_group)
    assert not is_held(alice_profile)
    assert not is_held(bob_in_group)

    check_create_hold(officer, matter="Zaak B", person=alice)
    assert is_held(alice_profile)
    # The thread under a held post is kept whole.
    assert is_held(bob_comment)

    check_create_hold(officer, matter="Zaak C", group=group)
    assert is_held(bob_in_group)


def test_person_on_hold_names_the_active_hold(alice, officer):
    assert person_on_hold(alice) is None
    hold = check_create_hold(officer, matter="Fraude 2026", person=alice)
    assert person_on_hold(alice) == hold
    check_release_hold(officer, hold)
    assert person_on_hold(alice) is None


def test_only_compliance_officers_place_holds(alice, admin, bob):
    for actor in (alice, admin):
        with pytest.raises(NotFound):
            check_create_hold(actor, matter="Zaak", person=bob)
    assert not LegalHold.objects.exists()


def test_a_hold_needs_a_matter_and_someone_to_cover(officer, alice):
    with pytest.raises(InvalidInput) as error:
        check_create_hold(officer, matter=" ", person=alice)
    assert error.value.field == "matter"
    with pytest.raises(InvalidInput) as error:
        check_create_hold(officer, matter="Zaak")
    assert error.value.field == "person"


def test_placing_and_releasing_emit_events(officer, alice, run_on_commit):
    with capture_events() as events:
        hold = run_on_commit(check_create_hold, officer, matter="Zaak", person=alice)
        run_on_commit(check_release_hold, officer, hold)
        with pytest.raises(Conflict):
            check_release_hold(officer, hold)
    names = [e.name for e in events]
    assert names == ["compliance.hold.created", "compliance.hold.released"]
    assert events[0].payload == {
        "hold_id": hold.pk,
        "person_id": alice.pk,
        "group_id": None,
    }


def test_holds_page_for_officers_only(client, alice, admin, officer):
    for person in (alice, admin):
        client.force_login(person)
        assert client.get(reverse("compliance:holds")).status_code == 404
    client.force_login(officer)
    response = client.post(
        reverse("compliance:holds"), {"matter": "Zaak 7", "person": "@alice"}
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert hold.person == alice
    assert b"Zaak 7" in client.get(reverse("compliance:holds")).content
    response = client.post(reverse("compliance:hold_release", args=[hold.pk]))
    assert response.status_code == 302
    hold.refresh_from_db()
    assert hold.released_at is not None


def test_holds_page_names_an_unknown_handle(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("compliance:holds"), {"matter": "Zaak", "person": "niemand"}
    )
    assert response.status_code == 200
    assert "person" in response.context["form"].errors


def test_release_is_404_for_others(client, admin, officer, alice):
    hold = check_create_hold(officer, matter="Zaak", person=alice)
    client.force_login(admin)
    response = client.post(reverse("compliance:hold_release", args=[hold.pk]))
    assert response.status_code == 404


def test_the_menu_offers_compliance_pages_by_role(client, make_person):
    from plein.access.roles import Role

    for role, shown, hidden in [
        (
            Role.COMPLIANCE,
            ["/compliance/audit/", "/compliance/exports/", "/compliance/holds/"],
            ["/compliance/retention/"],
        ),
        (
            Role.ADMIN,
            ["/compliance/audit/", "/compliance/retention/"],
            ["/compliance/exports/"],
        ),
        (
            Role.MEMBER,
            [],
            ["/compliance/audit/", "/compliance/exports/", "/compliance/retention/"],
        ),
    ]:
        person = make_person(f"Menu {role}", role=role)
        client.force_login(person)
        html = client.get("/").content.decode()
        for url in shown:
            assert f'href="{url}"' in html, (role, url)
        for url in hidden:
            assert f'href="{url}"' not in html, (role, url)
