"""/favicon.ico answers with an icon, and every page links one."""

import pytest
from django.urls import reverse


def test_favicon_ico_is_an_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    # An ICO file starts with reserved 0, type 1 (icon) and the image count.
    assert response.content[:4] == b"\x00\x00\x01\x00"
    assert response.content[4] >= 1
    assert "max-age" in response["Cache-Control"]


def test_login_page_links_both_icons(client, db):
    html = client.get(reverse("people:login")).content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html
    assert 'href="/static/plein/favicon.svg" type="image/svg+xml"' in html


@pytest.mark.parametrize("method", ["post", "put"])
def test_favicon_only_answers_reads(client, db, method):
    assert getattr(client, method)("/favicon.ico").status_code == 405
