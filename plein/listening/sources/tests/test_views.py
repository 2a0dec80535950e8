"""The sources page: communications sees each feed's health, adds feeds
(the address checked, errors on the field) and turns them off and on;
everyone else gets 404."""

import pytest
from django.test import Client

from plein.listening.sources.actions import do_add_source, do_record_poll_error
from plein.listening.sources.models import Source

pytestmark = pytest.mark.django_db

PAGE = "/listening/sources/"


def _client(person=None):
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


@pytest.fixture
def failing():
    source = do_add_source(None, name="Klachtenblog", url="https://blog.example/feed")
    do_record_poll_error(source, "http:404")
    return source


@pytest.mark.parametrize("persona", ["admin", "moderator"])
def test_communications_sees_the_health_of_every_source(persona, failing, request):
    page = _client(request.getfixturevalue(persona)).get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Klachtenblog" in html
    # The last error in the reader's language (Dutch by default).
    assert "De server antwoordde met HTTP-status 404." in html
    assert 'name="url"' in html


def test_a_colleague_gets_404_and_anonymous_the_login_page(alice, failing):
    assert _client(alice).get(PAGE).status_code == 404
    assert (
        _client(alice)
        .post(PAGE, {"name": "x", "url": "https://a.example/"})
        .status_code
        == 404
    )
    response = _client().get(PAGE)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Source.objects.count() == 1


def test_adding_a_feed(moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(moderator).post(
            PAGE, {"name": " NOS  Nieuws ", "url": "https://93.184.215.14/nos.xml"}
        )
    assert response.status_code == 302
    source = Source.objects.get()
    assert (source.name, source.url, source.kind) == (
        "NOS Nieuws",
        "https://93.184.215.14/nos.xml",
        "feed",
    )
    assert source.created_by == moderator and source.is_active


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Dit veld is verplicht."),
        ("ftp://93.184.215.14/feed", "Geef een geldig http://- of https://-adres op."),
        ("https://10.1.2.3/feed", "Plein kan niet lezen van dit adres"),
        ("http://127.0.0.1:8000/feed", "Plein kan niet lezen van dit adres"),
        ("http://169.254.169.254/latest/", "Plein kan niet lezen van dit adres"),
    ],
)
def test_a_bad_address_is_an_error_on_the_field(moderator, settings, url, message):
    settings.LISTENING_ALLOW_PRIVATE_HOSTS = False
    response = _client(moderator).post(PAGE, {"name": "Feed", "url": url})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["url"] and message in errors["url"][0]
    assert Source.objects.count() == 0


def test_the_same_feed_twice_is_an_error_on_the_field(moderator, failing):
    response = _client(moderator).post(
        PAGE, {"name": "Nog eens", "url": "https://blog.example/feed"}
    )
    assert response.status_code == 400
    assert "url" in response.context["form"].errors


def test_turning_a_source_off_and_on(moderator, alice, failing):
    url = f"/listening/sources/{failing.pk}/active/"
    assert _client(alice).post(url, {"is_active": "0"}).status_code == 404
    client = _client(moderator)
    assert client.post(url, {"is_active": "0"}).status_code == 302
    failing.refresh_from_db()
    assert not failing.is_active
    assert "Weer aanzetten" in client.get(PAGE).content.decode()
    client.post(url, {"is_active": "1"})
    failing.refresh_from_db()
    assert failing.is_active
    assert client.post("/listening/sources/999999/active/").status_code == 404
