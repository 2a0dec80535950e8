"""The wall's pages: public, embeddable, its images; the post box, review, switch."""

import io
import re

import pytest
from django.test import Client
from PIL import Image

from plein.access.roles import Role
from plein.branding.wall.models import WallItem, WallSettings

pytestmark = pytest.mark.django_db

PLEIN_PATHS = ("/people/", "/groups/", "/tags/", "/search/", "/posts/", "/api/")


def _hrefs(html: str) -> list[str]:
    return re.findall(r'(?:href|src|action)="([^"]*)"', html)


def _assert_nothing_of_plein(html: str) -> None:
    for href in _hrefs(html):
        assert not href.startswith(PLEIN_PATHS), href
        assert "/people/" not in href and "/groups/" not in href, href
        assert href.startswith(("/wall/", "/static/", "https://", "http://")), href


# The public side ----------------------------------------------------------------------


def test_public_pages_show_the_text_and_link_to_nothing_of_plein(
    alice, bob, approved, make_group, client, wall_on
):
    group = make_group(alice, "Marketing", kind="open", members=(bob,))
    post = approved(
        alice,
        "Dank @bob voor de #campagne! Zie [ons jaarverslag](https://example.org/jaar) "
        "en [de wiki](/wiki/) of http://127.0.0.1:8000/people/alice/.",
        group=group,
    )
    for path in ("/wall/", f"/wall/{post.pk}/", "/wall/embed/"):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "Alice de Vries" in html
        assert "@bob" in html and "#campagne" in html  # the words, not links
        assert 'href="https://example.org/jaar"' in html  # outside links stay
        assert "Marketing" not in html  # not even the group's name
        _assert_nothing_of_plein(html)
        assert response["Cache-Control"] == "no-cache"


def test_public_pages_need_no_login_and_hide_the_rest(
    alice, approved, make_post, client, wall_on
):
    post = approved(alice, "Goed nieuws")
    other = make_post(alice, "Nog niet aangeboden")
    assert client.get(f"/wall/{post.pk}/").status_code == 200
    assert client.get(f"/wall/{other.pk}/").status_code == 404
    assert client.get("/wall/999999/").status_code == 404
    assert "Nog niet aangeboden" not in client.get("/wall/").content.decode()


def test_the_wall_is_newest_first(alice, bob, approved, client, wall_on):
    first = approved(alice, "Eerste bericht")
    second = approved(bob, "Tweede bericht")
    html = client.get("/wall/").content.decode()
    assert html.index(f'id="wall-{second.pk}"') < html.index(f'id="wall-{first.pk}"')


def test_only_the_embed_may_be_framed_and_only_by_the_listed_origins(
    alice, approved, client, settings, wall_on
):
    approved(alice)
    page = client.get("/wall/")
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY"
    embed = client.get("/wall/embed/")
    assert "frame-ancestors 'self'" in embed["Content-Security-Policy"]
    assert "frame-ancestors 'self';" in embed["Content-Security-Policy"] + ";"
    assert embed["X-Frame-Options"] == "SAMEORIGIN"
    # The rest of the policy stays: no inline script anywhere.
    assert "script-src 'self'" in embed["Content-Security-Policy"]

    settings.WALL_EMBED_ORIGINS = ["https://www.zuiderhaven.example"]
    embed = client.get("/wall/embed/")
    policy = embed["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://www.zuiderhaven.example" in policy
    assert "X-Frame-Options" not in embed
    # Other pages are still never framed.
    assert "frame-ancestors 'none'" in client.get("/wall/")["Content-Security-Policy"]


def test_a_bad_embed_origin_stops_start_up(tmp_path):
    # Not a reload in this process: the settings module runs once per start.
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {
        **os.environ,
        "PLEIN_DATA_DIR": str(tmp_path),
        "WALL_EMBED_ORIGINS": "https://ok.example; script-src *",
    }
    started = subprocess.run(
        [sys.executable, "-c", "import config.settings"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert started.returncode != 0
    assert "WALL_EMBED_ORIGINS" in started.stderr


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x9286] = "Bij de kluis"  # UserComment
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_images_are_served_without_metadata_only_while_on_the_wall(
    alice, moderator, make_post, offer, decide, run_on_commit, client, wall_on
):
    from plein.posts.actions import check_upload_attachment

    data = _jpeg_with_exif()
    assert b"SecretCam" in data
    photo = check_upload_attachment(
        alice, filename="team.jpg", content_type="image/jpeg", data=data
    )
    document = check_upload_attachment(
        alice, filename="plan.pdf", content_type="application/pdf", data=b"%PDF-1.4 x"
    )
    post = make_post(alice, "Ons team", attachment_ids=[photo.pk, document.pk])
    url = f"/wall/{post.pk}/images/{photo.pk}/"
    assert client.get(url).status_code == 404  # not on the wall yet
    offer(post)
    decide(moderator, post)
    page = client.get("/wall/").content.decode()
    assert url in page and "plan.pdf" not in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = response.content
    assert b"SecretCam" not in body and b"Bij de kluis" not in body
    assert Image.open(io.BytesIO(body)).size == (40, 30)
    # Only images of this post, never its other files.
    assert client.get(f"/wall/{post.pk}/images/{document.pk}/").status_code == 404
    offer(post, offered=False)
    assert client.get(url).status_code == 404


# The post page's box ------------------------------------------------------------------


def test_the_author_offers_and_withdraws_from_the_post_page(alice, make_post, client):
    post = make_post(alice, "Iets moois")
    client.force_login(alice)
    page = client.get(f"/posts/{post.pk}/").content.decode()
    assert 'id="wall"' in page and f"/posts/{post.pk}/wall-offer/" in page
    response = client.post(f"/posts/{post.pk}/wall-offer/", {"offered": "1"})
    assert response.status_code == 302
    assert WallItem.objects.get(pk=post.pk).status == WallItem.Status.OFFERED
    # htmx gets the box back, now with the withdraw button.
    response = client.post(
        f"/posts/{post.pk}/wall-offer/",
        {"offered": "0"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert WallItem.objects.get(pk=post.pk).status == WallItem.Status.WITHDRAWN
    assert 'value="1"' in response.content.decode()


def test_the_offer_needs_a_yes_or_no(alice, make_post, client):
    post = make_post(alice)
    client.force_login(alice)
    response = client.post(f"/posts/{post.pk}/wall-offer/", {"offered": "ja"})
    assert response.status_code == 400


def test_colleagues_see_no_offer_button(alice, bob, make_post, client):
    post = make_post(alice)
    client.force_login(bob)
    page = client.get(f"/posts/{post.pk}/").content.decode()
    assert 'id="wall"' not in page
    assert (
        client.post(f"/posts/{post.pk}/wall-offer/", {"offered": "1"}).status_code
        == 403
    )


def test_no_offer_button_in_a_closed_group(alice, make_group, make_post, client):
    group = make_group(alice, "Besloten", kind="closed")
    post = make_post(alice, "Binnenskamers", group=group)
    client.force_login(alice)
    assert 'id="wall"' not in client.get(f"/posts/{post.pk}/").content.decode()
    assert (
        client.post(f"/posts/{post.pk}/wall-offer/", {"offered": "1"}).status_code
        == 400
    )


def test_colleagues_get_a_share_box_once_it_is_on_the_wall(
    alice, bob, admin, make_post, offer, decide, moderator, client, wall_on
):
    from plein.governance.guidelines.queries import current_version

    assert current_version() is not None  # the guidelines Plein starts with
    post = make_post(alice, "We zijn verhuisd. Het nieuwe kantoor is mooi.")
    offer(post)
    client.force_login(bob)
    assert 'id="wall"' not in client.get(f"/posts/{post.pk}/").content.decode()
    decide(moderator, post)
    page = client.get(f"/posts/{post.pk}/").content.decode()
    assert 'id="wall-share-text"' in page
    assert f"http://testserver/wall/{post.pk}/" in page or f"/wall/{post.pk}/" in page
    assert "We zijn verhuisd." in page
    assert "linkedin.com/sharing/share-offsite/?url=" in page
    assert "mailto:?subject=" in page
    assert "/guidelines/" in page
    # Switched off: nothing to share.
    WallSettings.objects.filter(pk=1).update(is_enabled=False)
    assert (
        'id="wall-share-text"' not in client.get(f"/posts/{post.pk}/").content.decode()
    )


def test_the_author_sees_what_became_of_the_offer(
    alice, moderator, make_post, offer, decide, client
):
    post = make_post(alice)
    offer(post)
    decide(moderator, post, approve=False, note="Te intern voor buiten.")
    client.force_login(alice)
    page = client.get(f"/posts/{post.pk}/").content.decode()
    assert "Te intern voor buiten." in page


# Communications' review ---------------------------------------------------------------


def test_the_queue_is_for_communications_only(
    alice, bob, moderator, admin, make_post, offer, client
):
    post = make_post(alice, "Graag naar buiten")
    offer(post)
    client.force_login(bob)
    assert client.get("/wall/review/").status_code == 404
    assert (
        client.post(f"/wall/review/{post.pk}/", {"decision": "approve"}).status_code
        == 404
    )
    for reviewer in (moderator, admin):
        client.force_login(reviewer)
        page = client.get("/wall/review/").content.decode()
        assert "Graag naar buiten" in page and f'id="offer-{post.pk}"' in page
    assert Client().get("/wall/review/").status_code == 302  # to the log-in page


def test_approving_from_the_queue(alice, moderator, make_post, offer, client, wall_on):
    post = make_post(alice, "Mooi project")
    offer(post)
    client.force_login(moderator)
    response = client.post(
        f"/wall/review/{post.pk}/", {"decision": "approve", "note": "Top!"}
    )
    assert response.status_code == 302
    item = WallItem.objects.get(pk=post.pk)
    assert item.status == WallItem.Status.APPROVED and item.note == "Top!"
    assert item.decided_by == moderator
    page = client.get("/wall/review/").content.decode()
    assert f'id="shown-{post.pk}"' in page


def test_a_leak_found_on_approval_is_a_clear_message(
    alice, admin, moderator, make_post, offer, client, wall_on
):
    from plein.governance.dlp.actions import check_add_term

    post = make_post(alice, "Nieuw contract met Fietsfabriek Zuid.")
    offer(post)
    check_add_term(admin, term="Fietsfabriek Zuid", kind="client")
    client.force_login(moderator)
    response = client.post(
        f"/wall/review/{post.pk}/", {"decision": "approve"}, follow=True
    )
    page = response.content.decode()
    assert "lekpreventie vond iets in dit bericht" in page
    assert "Fietsfabriek Zuid" in page
    assert WallItem.objects.get(pk=post.pk).status == WallItem.Status.OFFERED


def test_the_decision_must_be_approve_or_reject(
    alice, moderator, make_post, offer, client
):
    post = make_post(alice)
    offer(post)
    client.force_login(moderator)
    assert (
        client.post(f"/wall/review/{post.pk}/", {"decision": "ok"}).status_code == 400
    )


# The switch ------------------------------------------------------------------------


def test_the_settings_page_is_for_admins(admin, moderator, alice, client):
    for person in (moderator, alice):
        client.force_login(person)
        assert client.get("/wall/settings/").status_code == 404
        assert client.post("/wall/settings/", {"enabled": "on"}).status_code == 404
    assert not WallSettings.objects.filter(is_enabled=True).exists()
    client.force_login(admin)
    assert client.get("/wall/settings/").status_code == 200
    client.post("/wall/settings/", {"enabled": "on"})
    assert WallSettings.objects.get(pk=1).is_enabled
    client.post("/wall/settings/", {})
    assert not WallSettings.objects.get(pk=1).is_enabled


def test_a_guest_sees_no_box_on_a_post_they_read(
    make_person, alice, make_group, approved, client, wall_on
):
    guest = make_person("Gijs Gast", role=Role.GUEST)
    group = make_group(alice, "Partners", kind="open", members=(guest,))
    post = approved(alice, "Samen met partners", group=group)
    client.force_login(guest)
    page = client.get(f"/posts/{post.pk}/")
    assert page.status_code == 200
    assert 'id="wall"' not in page.content.decode()
