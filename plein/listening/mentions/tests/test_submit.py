"""Every colleague sends links in ("all the eyes and ears"): the submit page,
the small form on the mentions page and ``POST /api/v1/mentions``. Guests
and alumni get 404; communications sees who sent what."""

from urllib.parse import quote

import pytest
from django.test import Client

from plein.access.roles import Role
from plein.core.personal_data import ErasureContext, Holds, personal_data_provider
from plein.listening.mentions.actions import FeedItem, do_take_in
from plein.listening.mentions.models import Mention, MentionSubmission
from plein.listening.sources.actions import (
    do_add_source,
    do_get_colleagues_source,
    do_set_source_active,
)
from plein.listening.sources.models import Source
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db

PAGE = "/listening/submit/"
API = "/api/v1/mentions"
REVIEW = "https://www.werkgeversreviews.example/zuiderhaven?utm_source=x"


def _client(person=None):
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


def _api(person):
    return Client(headers={"Authorization": f"Bearer {do_create_api_token(person)[1]}"})


@pytest.fixture
def guest(make_person):
    return make_person("Gijs Gast", role=Role.GUEST)


@pytest.fixture
def alumnus(make_person):
    return make_person("Olaf Oud", role=Role.ALUMNI)


def test_a_colleague_sends_a_link_in_on_the_page(alice, settings):
    settings.MAIL_DOMAIN = "plein.localhost"
    page = _client(alice).get(PAGE)
    assert page.status_code == 200
    assert "listen@plein.localhost" in page.content.decode()

    response = _client(alice).post(
        PAGE, {"url": REVIEW, "note": "  Slechte   review over ons  "}
    )
    assert response.status_code == 302
    assert response["Location"] == PAGE
    mention = Mention.objects.get()
    assert mention.canonical_url == "https://www.werkgeversreviews.example/zuiderhaven"
    assert mention.title == ""
    assert mention.source.kind == Source.Kind.SUBMITTED
    submission = MentionSubmission.objects.get()
    assert (submission.person, submission.note, submission.via) == (
        alice,
        "Slechte review over ons",
        "form",
    )


def test_the_menu_offers_sending_a_link_to_colleagues_only(alice, guest):
    assert f'href="{PAGE}"' in _client(alice).get("/").content.decode()
    assert f'href="{PAGE}"' not in _client(guest).get("/").content.decode()


def test_a_wrapped_link_is_unwrapped_and_sending_it_again_adds_nothing(alice):
    wrapped = (
        "https://eur03.safelinks.protection.outlook.com/?url="
        f"{quote(REVIEW, safe='')}&data=05%7C02&reserved=0"
    )
    _client(alice).post(PAGE, {"url": wrapped})
    _client(alice).post(PAGE, {"url": REVIEW, "note": "nog eens"})

    mention = Mention.objects.get()
    assert mention.url == REVIEW
    submission = MentionSubmission.objects.get()
    assert submission.note == ""  # the first time counts


@pytest.mark.parametrize(
    "url", ["", "geen link", "ftp://files.example/a", "javascript:alert(1)"]
)
def test_a_bad_link_is_an_error_on_the_field(alice, url):
    response = _client(alice).post(PAGE, {"url": url, "note": "x"})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["url"]
    assert not Mention.objects.exists()


def test_guests_and_alumni_get_404_and_anonymous_the_login_page(guest, alumnus):
    for person in (guest, alumnus):
        assert _client(person).get(PAGE).status_code == 404
        assert _client(person).post(PAGE, {"url": REVIEW}).status_code == 404
    response = _client().get(PAGE)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not Mention.objects.exists()


def test_a_turned_off_colleagues_source_takes_no_links(alice):
    do_set_source_active(None, do_get_colleagues_source(), is_active=False)
    response = _client(alice).post(PAGE, {"url": REVIEW})
    assert response.status_code == 400
    assert response.context["form"].errors["url"]
    assert not Mention.objects.exists()


def test_communications_sends_in_from_the_mentions_page_and_sees_who_sent_what(
    moderator, alice
):
    feed = do_add_source(None, name="Nieuwsfeed", url="https://nieuws.example/f")
    do_take_in(feed, [FeedItem(url=REVIEW, title="Een review")])
    _client(alice).post(PAGE, {"url": REVIEW, "note": "Voor het webcare-team"})

    page = _client(moderator).get("/listening/")
    html = page.content.decode()
    assert f'action="{PAGE}"' in html
    assert "Ingestuurd door Alice" in html
    assert "Voor het webcare-team" in html

    response = _client(moderator).post(
        PAGE, {"url": "https://blog.example/zuiderhaven", "back": "list"}
    )
    assert response["Location"] == "/listening/"
    # A colleague who is not communications goes back to the submit page.
    response = _client(alice).post(
        PAGE, {"url": "https://blog.example/anders", "back": "list"}
    )
    assert response["Location"] == PAGE


def test_the_api_takes_links_from_every_colleague(alice, moderator, guest):
    response = _api(alice).post(
        API, {"url": REVIEW, "note": "Zag dit"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json() == {
        "url": REVIEW,
        "canonical_url": "https://www.werkgeversreviews.example/zuiderhaven",
        "note": "Zag dit",
    }
    assert MentionSubmission.objects.get().via == "api"

    listed = _api(moderator).get(API).json()["items"]
    [submission] = listed[0]["submissions"]
    assert (submission["person_id"], submission["note"], submission["via"]) == (
        alice.pk,
        "Zag dit",
        "api",
    )

    assert (
        _api(guest)
        .post(API, {"url": REVIEW}, content_type="application/json")
        .status_code
        == 404
    )
    assert (
        Client().post(API, {"url": REVIEW}, content_type="application/json").status_code
        == 401
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"url": "geen link"}, "url"),
        ({"url": ""}, "url"),
        ({"url": "https://a.example/x", "note": "x" * 501}, "note"),
    ],
)
def test_the_api_names_the_field_in_error(alice, payload, field):
    response = _api(alice).post(API, payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert not Mention.objects.exists()


def test_export_and_erasure_of_what_one_sent_in(alice, admin):
    _client(alice).post(PAGE, {"url": REVIEW, "note": "Let op"})
    provider = personal_data_provider("mentions")
    section = next(s for s in provider.export if s.name == "mention_submissions")
    [exported] = section.build(alice)
    assert (exported["url"], exported["note"], exported["via"]) == (
        REVIEW,
        "Let op",
        "form",
    )
    assert provider.erase is not None
    provider.erase(alice, ErasureContext(admin, False, Holds(), lambda ids: None))
    assert section.build(alice) == []
    # The mention stays: public web content, found by "Colleagues".
    assert Mention.objects.count() == 1
