"""The kudos pages: giving (from the profile and the composer), the list,
the profile's kudos, and the values page for admins (htmx)."""

import pytest
from django.test import Client

from plein.engagement.kudos.models import Kudos, Value

pytestmark = pytest.mark.django_db


def _client(person):
    client = Client()
    client.force_login(person)
    return client


def test_a_colleagues_profile_links_to_giving_them_kudos(alice, bob):
    page = _client(alice).get(f"/people/{bob.handle}/").content.decode()
    assert f"/kudos/give/?to={bob.handle}" in page
    own = _client(alice).get(f"/people/{alice.handle}/").content.decode()
    assert "/kudos/give/?to=" not in own  # no kudos to oneself


def test_the_composer_links_to_giving_kudos(alice):
    assert "/kudos/give/" in _client(alice).get("/").content.decode()


def test_give_page_prefills_the_colleague_and_lists_active_values(
    alice, bob, value, make_value
):
    retired = make_value("Oud", "Old")
    Value.objects.filter(pk=retired.pk).update(is_active=False)
    page = _client(alice).get(f"/kudos/give/?to={bob.handle}").content.decode()
    assert f'value="@{bob.handle}"' in page
    assert "Samen sterker" in page and "Oud" not in page


def test_giving_kudos_redirects_to_the_new_post(alice, bob, value):
    response = _client(alice).post(
        "/kudos/give/",
        {"people": f"@{bob.handle}", "value": value.pk, "body": "Top gedaan!"},
    )
    kudos = Kudos.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/posts/{kudos.pk}/"
    assert list(kudos.recipients.values_list("person", flat=True)) == [bob.pk]


def test_giving_kudos_with_htmx_answers_a_redirect_header(alice, bob, value):
    response = _client(alice).post(
        "/kudos/give/",
        {"people": bob.handle, "value": value.pk, "body": "Top!"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"/posts/{Kudos.objects.get().pk}/"


def test_kudos_to_oneself_shows_on_the_people_field(alice, value):
    response = _client(alice).post(
        "/kudos/give/",
        {"people": f"@{alice.handle}", "value": value.pk, "body": "Ik ben top"},
    )
    assert response.status_code == 400
    assert "people" in response.context["form"].errors
    assert "Ik ben top" in response.content.decode()  # what was typed stays
    assert not Kudos.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"people": "@niemand"}, "people"),
        ({"people": "@bob", "value": ""}, "value"),
        ({"people": "@bob", "subject_url": "/people/bob/"}, "subject_url"),
        ({"people": "@bob", "subject_url": "/posts/999999/"}, "subject_url"),
        ({"people": "@bob", "body": ""}, "body"),
    ],
)
def test_mistakes_show_on_their_field(alice, bob, value, data, field):
    payload = {"value": value.pk, "body": "Dank!", **data}
    response = _client(alice).post("/kudos/give/", payload)
    assert response.status_code == 400
    assert field in response.context["form"].errors


def test_kudos_for_a_post_by_link_is_shared_in_its_group(
    alice, bob, value, make_group, make_post
):
    group = make_group(bob, "Team", kind="closed", members=(alice,))
    praised = make_post(bob, "Klaar!", group=group)
    _client(alice).post(
        "/kudos/give/",
        {
            "people": "@bob",
            "value": value.pk,
            "body": "Mooi werk",
            "subject_url": f"http://testserver/posts/{praised.pk}/",
        },
    )
    kudos = Kudos.objects.get()
    assert kudos.post.group == group and kudos.subject_post == praised


def test_the_card_shows_the_value_and_the_praised(alice, bob, carol, give):
    post = give(alice, [bob], message="Dank voor alles")
    page = _client(carol).get(f"/posts/{post.pk}/").content.decode()
    assert "Samen sterker" in page and bob.full_name in page


def test_the_card_shows_the_value_in_the_readers_language(alice, bob, carol, give):
    from plein.people.models import User

    User.objects.filter(pk=carol.pk).update(language="en")
    post = give(alice, [bob])
    page = _client(carol).get(f"/posts/{post.pk}/", headers={"Accept-Language": "en"})
    assert "Stronger together" in page.content.decode()


def test_the_profile_lists_kudos_received_and_the_list_filters(
    alice, bob, carol, give, make_value
):
    other = make_value("Klant centraal", "Customer first")
    give(alice, [bob], message="Eerste zqlof")
    give(carol, [bob], value=other, message="Tweede zqlof")
    profile = _client(alice).get(f"/people/{bob.handle}/").content.decode()
    assert "Eerste zqlof" in profile and "Tweede zqlof" in profile
    listed = _client(alice).get(f"/kudos/?person={bob.handle}&value={other.pk}")
    assert "Tweede zqlof" in listed.content.decode()
    assert "Eerste zqlof" not in listed.content.decode()


def test_the_kudos_list_pages_with_htmx(alice, make_person, give, settings):
    from plein.engagement.kudos import queries

    settings.KUDOS_MAX_PER_PERIOD = 50
    for n in range(queries.PAGE_SIZE + 1):
        give(alice, [make_person()], message=f"Zqpagina{n:02d}")
    first = _client(alice).get("/kudos/")
    assert "Zqpagina00" not in first.content.decode()
    more = first.context["more_url"]
    second = _client(alice).get(more, headers={"HX-Request": "true"})
    assert "Zqpagina00" in second.content.decode()
    assert "<html" not in second.content.decode()


# Values -----------------------------------------------------------------------


def test_only_admins_open_the_values_page(alice, admin, value):
    assert _client(alice).get("/kudos/values/").status_code == 404
    assert _client(alice).get(f"/kudos/values/{value.pk}/").status_code == 404
    assert _client(admin).get("/kudos/values/").status_code == 200
    assert "/kudos/values/" in _client(admin).get("/").content.decode()
    assert "/kudos/values/" not in _client(alice).get("/").content.decode()


def test_admin_adds_a_value_with_htmx(admin):
    response = _client(admin).post(
        "/kudos/values/",
        {"name_nl": "Durf te leren", "name_en": "Dare to learn", "is_active": "on"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Dare to learn" in response.content.decode()
    assert "<html" not in response.content.decode()
    assert Value.objects.filter(name_nl="Durf te leren").exists()


def test_a_missing_name_shows_on_its_field(admin):
    response = _client(admin).post("/kudos/values/", {"name_nl": "Alleen NL"})
    assert response.status_code == 400
    assert "name_en" in response.context["form"].errors


def test_admin_retires_a_value_which_stays_on_old_kudos(alice, bob, admin, give, value):
    post = give(alice, [bob])
    response = _client(admin).post(
        f"/kudos/values/{value.pk}/",
        {"name_nl": value.name_nl, "name_en": value.name_en, "order": 1},
    )
    assert response.status_code == 302
    value.refresh_from_db()
    assert not value.is_active
    assert "Samen sterker" in _client(bob).get(f"/posts/{post.pk}/").content.decode()
    assert "Samen sterker" not in _client(alice).get("/kudos/give/").content.decode()


def test_the_edit_form_opens_and_keeps_errors(admin, value, make_value):
    other = make_value("Anders", "Other")
    assert _client(admin).get(f"/kudos/values/{value.pk}/").status_code == 200
    response = _client(admin).post(
        f"/kudos/values/{other.pk}/",
        {"name_nl": "Samen sterker", "name_en": "Other"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert "name_nl" in response.context["form"].errors
