"""The alumni pages through HTTP: HR, a colleague, an alumnus."""

import pytest
from django.test import Client

from plein.access.roles import Role
from plein.careers.alumni.models import AlumniRecord

pytestmark = pytest.mark.django_db


def _client(person):
    client = Client()
    client.force_login(person)
    return client


def test_hr_offers_an_alumni_account_from_the_form(
    moderator, leaver, mailoutbox, django_capture_on_commit_callbacks
):
    client = _client(moderator)
    page = client.get(f"/alumni/offer/{leaver.pk}/")
    assert page.status_code == 200
    assert 'name="private_email"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/alumni/offer/{leaver.pk}/", {"private_email": "lea@example.org"}
        )
    assert response.status_code == 302
    leaver.refresh_from_db()
    assert leaver.role == Role.ALUMNI
    assert len(mailoutbox) == 1
    listing = client.get("/alumni/").content.decode()
    assert "Lea Vertrek" in listing
    assert f"/alumni/{leaver.pk}/resend/" in listing


def test_offer_form_names_the_bad_field(moderator, leaver):
    response = _client(moderator).post(
        f"/alumni/offer/{leaver.pk}/", {"private_email": "lea2@plein.test"}
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["private_email"]
    leaver.refresh_from_db()
    assert leaver.role == Role.MEMBER


def test_colleagues_and_alumni_get_404_on_hr_pages(alice, leaver, offer):
    offer(leaver, "lea@example.org")
    for person in (alice, leaver):
        client = _client(person)
        assert client.get(f"/alumni/offer/{alice.pk}/").status_code == 404
        assert client.get(f"/alumni/{leaver.pk}/invite-back/").status_code == 404
        assert client.post(f"/alumni/{leaver.pk}/resend/").status_code == 404
    assert _client(alice).get("/alumni/").status_code == 404


def test_offer_link_on_manage_people_and_profile(admin, leaver):
    client = _client(admin)
    assert (
        f"/alumni/offer/{leaver.pk}/" in client.get("/people/manage/").content.decode()
    )
    profile = client.get(f"/people/{leaver.handle}/").content.decode()
    assert f"/alumni/offer/{leaver.pk}/" in profile


def test_colleague_sees_no_offer_link(alice, leaver):
    profile = _client(alice).get(f"/people/{leaver.handle}/").content.decode()
    assert "/alumni/offer/" not in profile


def test_alumni_home_shows_vacancies_for_alumni_only(
    leaver, offer, moderator, make_vacancy
):
    offer(leaver, "lea@example.org")
    make_vacancy(moderator, "Zqalumnivacature")
    make_vacancy(moderator, "Zqinternevacature", for_alumni=False)
    client = _client(leaver)
    home = client.get("/alumni/").content.decode()
    assert "Zqalumnivacature" in home
    assert "Zqinternevacature" not in home
    feed = client.get("/").content.decode()
    assert "alumni-panel" in feed
    assert "Zqalumnivacature" in feed


def test_alumni_menus_keep_only_their_links(leaver, offer, alice):
    offer(leaver, "lea@example.org")
    page = _client(leaver).get("/alumni/").content.decode()
    assert 'href="/alumni/"' in page
    assert 'href="/wiki/"' not in page
    colleague = _client(alice).get("/").content.decode()
    assert 'href="/wiki/"' in colleague
    assert 'href="/alumni/"' not in colleague


def test_hr_invites_back_from_the_form(moderator, leaver, offer):
    offer(leaver, "lea@example.org")
    client = _client(moderator)
    assert client.get(f"/alumni/{leaver.pk}/invite-back/").status_code == 200
    response = client.post(f"/alumni/{leaver.pk}/invite-back/", {})
    assert response.status_code == 302
    leaver.refresh_from_db()
    assert leaver.role == Role.MEMBER
    assert leaver.email == "lea@plein.test"
    assert AlumniRecord.objects.get(person=leaver).returned_on is not None


def test_resend_mails_the_link_again(
    moderator, leaver, offer, mailoutbox, django_capture_on_commit_callbacks
):
    offer(leaver, "lea@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(moderator).post(f"/alumni/{leaver.pk}/resend/")
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["lea@example.org"], ["lea@example.org"]]


def test_personal_data_export_and_erasure(leaver, offer):
    from plein.careers.alumni.personal_data import build_alumni, erase_alumni

    offer(leaver, "lea@example.org")
    [row] = build_alumni(leaver)
    assert row["work_email"] == "lea@plein.test"
    erase_alumni(leaver, context=None)
    assert not AlumniRecord.objects.filter(person=leaver).exists()
