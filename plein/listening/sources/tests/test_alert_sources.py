"""Communications adds senders of alert mails as sources, on the sources page
and through the API; the address is checked and errors name the field."""

import json

import pytest
from django.test import Client

from plein.listening.sources.actions import do_get_colleagues_source
from plein.listening.sources.models import Source
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db

PAGE = "/listening/sources/"
SOURCES = "/api/v1/listening/sources"
GOOGLE = "googlealerts-noreply@google.com"


def _client(person):
    client = Client()
    client.force_login(person)
    return client


def _post_api(person, data):
    client = Client(
        headers={"Authorization": f"Bearer {do_create_api_token(person)[1]}"}
    )
    return client.post(SOURCES, json.dumps(data), content_type="application/json")


def test_adding_an_alert_sender_on_the_page(moderator, settings):
    settings.MAIL_DOMAIN = "plein.localhost"
    do_get_colleagues_source()
    page = _client(moderator).get(PAGE).content.decode()
    assert "listen@plein.localhost" in page
    assert 'name="alert-sender_address"' in page
    assert "Links die collega's insturen" in page

    response = _client(moderator).post(
        PAGE,
        {
            "kind": "alert_mail",
            "alert-name": "Google Alerts",
            "alert-sender_address": GOOGLE,
        },
    )
    assert response.status_code == 302
    source = Source.objects.get(kind="alert_mail")
    assert (source.name, source.sender_address, source.created_by) == (
        "Google Alerts",
        GOOGLE,
        moderator,
    )
    page = _client(moderator).get(PAGE).content.decode()
    assert f"Alertmails van {GOOGLE}" in page


def test_a_bad_sender_address_is_an_error_on_its_field(moderator):
    response = _client(moderator).post(
        PAGE,
        {
            "kind": "alert_mail",
            "alert-name": "Alerts",
            "alert-sender_address": "geen adres",
        },
    )
    assert response.status_code == 400
    assert response.context["alert_form"].errors["sender_address"]
    assert not response.context["form"].errors
    assert not Source.objects.exists()


def test_colleagues_may_not_add_alert_senders(alice):
    response = _client(alice).post(
        PAGE,
        {"kind": "alert_mail", "alert-name": "Alerts", "alert-sender_address": GOOGLE},
    )
    assert response.status_code == 404
    assert (
        _post_api(
            alice, {"kind": "alert_mail", "name": "Alerts", "sender_address": GOOGLE}
        ).status_code
        == 404
    )
    assert not Source.objects.exists()


def test_the_api_adds_an_alert_sender_and_names_the_field(admin):
    created = _post_api(
        admin, {"kind": "alert_mail", "name": "Google Alerts", "sender_address": GOOGLE}
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["kind"], body["sender_address"], body["url"]) == (
        "alert_mail",
        GOOGLE,
        "",
    )
    again = _post_api(
        admin, {"kind": "alert_mail", "name": "Nog eens", "sender_address": GOOGLE}
    )
    assert again.status_code == 400
    assert again.json()["field"] == "sender_address"
    # Without a kind it is a feed, which needs its address.
    feed = _post_api(admin, {"name": "Feed"})
    assert feed.status_code == 400
    assert feed.json()["field"] == "url"


def test_there_is_one_colleagues_source():
    first = do_get_colleagues_source()
    assert do_get_colleagues_source() == first
    assert (first.kind, first.name) == ("submitted", "Collega's")
    assert Source.objects.count() == 1
