"""The installable app and the push settings page."""

import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from PIL import Image

from plein.channels.push.models import PushPreference, PushSubscription
from plein.channels.push.views import build_shared_text

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_manifest_makes_plein_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "Plein"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    purposes = {(icon["sizes"], icon.get("purpose")) for icon in manifest["icons"]}
    assert {("192x192", "maskable"), ("512x512", "maskable")} <= purposes
    assert {("192x192", "any"), ("512x512", "any")} <= purposes
    assert manifest["share_target"] == {
        "action": "/share/",
        "method": "GET",
        "params": {"title": "title", "text": "text", "url": "url"},
    }


def test_every_icon_exists_at_its_size(client):
    manifest = client.get("/manifest.webmanifest").json()
    pngs = [i for i in manifest["icons"] if i["type"] == "image/png"]
    for icon in pngs:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]
    for name, size in (("apple-touch-icon", 180), ("badge-96", 96)):
        with Image.open(finders.find(f"push/icons/{name}.png")) as image:
            assert image.size == (size, size)


def test_the_service_worker_is_served_from_the_root_for_everyone(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    text = response.content.decode()
    assert '"/offline/"' in text
    assert "/static/plein/css/plein.css" in text
    assert re.search(r'const VERSION = "[0-9a-f]{12}";', text)
    assert client.get("/sw.js").content == response.content


def test_the_offline_page_shows_nobodys_data(client, alice):
    client.force_login(alice)
    response = client.get("/offline/")
    assert response.status_code == 200
    assert "Alice" not in response.content.decode()
    assert b"<script" not in response.content


def test_every_page_links_the_manifest_and_the_script_without_inline_code(alice):
    html = _client(alice).get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'src="/static/push/js/push.js" defer data-service-worker="/sw.js"' in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []


def test_sharing_opens_the_composer_filled_in(alice):
    response = _client(alice).get(
        "/share/",
        {
            "title": "Nieuw beleid",
            "text": "Lees dit even",
            "url": "https://example.org/beleid",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'action="/posts/new/"' in html
    assert "Nieuw beleid\n\nLees dit even\n\nhttps://example.org/beleid" in html


def test_sharing_needs_a_login(client):
    response = client.get("/share/", {"text": "hallo"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_shared_text_leaves_out_what_it_repeats():
    url = "https://example.org/a"
    assert build_shared_text("", f"Kijk: {url}", url) == f"Kijk: {url}"
    assert build_shared_text("Titel", "", "") == "Titel"


def test_the_settings_page_shows_the_defaults_and_saves_choices(alice):
    client = _client(alice)
    page = client.get("/settings/push/")
    assert page.status_code == 200
    form = page.context["form"]
    assert form["push_mention"].initial is True
    assert form["push_reaction"].initial is False
    assert 'href="/settings/push/"' in page.content.decode()  # the tab
    data = {name: "on" for name in form.fields if form[name].initial}
    del data["push_mention"]
    data["push_reaction"] = "on"
    assert client.post("/settings/push/", data).status_code == 302
    assert dict(
        PushPreference.objects.filter(user=alice).values_list("kind", "is_enabled")
    ) == {"mention": False, "reaction": True}


def test_the_settings_form_answers_htmx_with_the_form(alice):
    response = _client(alice).post(
        "/settings/push/", {"push_mention": "on"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<form id="push-choices"')


def test_removing_a_device_from_the_settings_page(alice, bob, make_device):
    mine = make_device("phone").subscribe(alice)
    theirs = make_device("bobs").subscribe(bob)
    client = _client(alice)
    page = client.get("/settings/push/").content.decode()
    assert "Test browser phone" in page and "Test browser bobs" not in page
    url = reverse("push:device-remove", args=[theirs.pk])
    assert client.post(url).status_code == 404
    url = reverse("push:device-remove", args=[mine.pk])
    assert client.post(url).status_code == 302
    assert list(PushSubscription.objects.all()) == [theirs]
