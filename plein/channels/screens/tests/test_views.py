"""The management pages and the kiosk, through HTTP."""

import pytest
from django.urls import reverse

from plein.channels.screens.models import Screen, ScreenToken

pytestmark = pytest.mark.django_db


def _form(**values):
    data = {
        "name": "Canteen",
        "location": "Ground floor",
        "language": "",
        "rotation_seconds": "10",
        "shows_announcements": "on",
        "shows_welcome": "on",
        "welcome_days": "14",
        "is_active": "on",
    }
    data.update(values)
    return data


@pytest.mark.parametrize("persona", ["admin", "moderator"])
def test_the_communications_team_sets_up_a_screen(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(reverse("screens:list")).status_code == 200
    response = client.post(reverse("screens:create"), _form())
    screen = Screen.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("screens:edit", args=[screen.pk])
    assert screen.created_by == user
    assert screen.rotation_seconds == 10


def test_others_get_404_and_anonymous_the_login_page(client, alice, admin, make_screen):
    screen = make_screen(admin)
    urls = [
        ("get", reverse("screens:list")),
        ("get", reverse("screens:create")),
        ("get", reverse("screens:edit", args=[screen.pk])),
        ("post", reverse("screens:delete", args=[screen.pk])),
        ("post", reverse("screens:token-create", args=[screen.pk])),
        ("post", reverse("screens:token-revoke", args=[screen.pk])),
    ]
    for method, url in urls:
        assert "/login/" in getattr(client, method)(url)["Location"]
    client.force_login(alice)
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url
    assert Screen.objects.filter(pk=screen.pk).exists()
    assert not ScreenToken.objects.exists()


def test_the_form_shows_field_errors(client, admin, world):
    client.force_login(admin)
    response = client.post(
        reverse("screens:create"),
        _form(name="", rotation_seconds="1", groups=[world.groups["open"].pk]),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not Screen.objects.exists()
    # A closed group is not even offered.
    choices = dict(response.context["form"].fields["groups"].choices)
    assert world.groups["closed"].pk not in choices


def test_connect_shows_the_address_once_and_the_kiosk_opens_it(
    client, admin, world, make_screen
):
    screen = make_screen(admin, group_ids=[world.groups["open"].pk])
    client.force_login(admin)
    response = client.post(reverse("screens:token-create", args=[screen.pk]))
    url = response.context["show_url"]
    assert "no-store" in response["Cache-Control"]
    path = url.split("://", 1)[1].split("/", 1)[1]
    raw = path.split("/")[2]
    assert raw.startswith("scr_")
    assert raw not in client.get(reverse("screens:edit", args=[screen.pk])).text

    client.logout()
    page = client.get("/" + path)
    assert page.status_code == 200
    text = page.text
    assert "zqopenpost" in text
    assert "Fire drill" in text
    assert "zqclosedpost" not in text
    assert "zqwithheldpost" not in text
    assert "zqrestrictedpost" not in text
    # The QR code, and no inline script or style for the CSP.
    assert 'src="data:image/svg+xml' in text
    assert "<script>" not in text and "style=" not in text
    assert "Content-Security-Policy" in page.headers


def test_a_revoked_token_stops_the_screen_at_the_next_refresh(
    client, admin, make_screen, connect
):
    screen = make_screen(admin)
    raw = connect(admin, screen)
    slides_url = reverse("screens:show-slides", args=[raw])
    assert client.get(slides_url).status_code == 200

    client.force_login(admin)
    client.post(reverse("screens:token-revoke", args=[screen.pk]))
    client.logout()

    refresh = client.get(slides_url)
    assert refresh.status_code == 404
    assert "data-not-connected" in refresh.text
    # The same neutral page as for a token that never existed.
    revoked = client.get(reverse("screens:show", args=[raw]))
    missing = client.get(reverse("screens:show", args=["scr_" + "x" * 43]))
    assert revoked.status_code == missing.status_code == 404
    assert revoked.content == missing.content


def test_an_unchanged_refresh_answers_304(client, admin, make_screen, connect):
    screen = make_screen(admin)
    url = reverse("screens:show-slides", args=[connect(admin, screen)])
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_a_refresh_costs_a_few_queries(
    client, admin, world, make_screen, connect, django_assert_max_num_queries
):
    screen = make_screen(admin, group_ids=[world.groups["open"].pk])
    url = reverse("screens:show-slides", args=[connect(admin, screen)])
    client.get(url)  # notes "last seen"
    # Token and screen, announcements, group posts, newcomers.
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200


def test_the_screen_speaks_its_language(client, admin, make_screen, connect, settings):
    settings.LANGUAGE_CODE = "nl"
    screen = make_screen(admin, language="en", shows_welcome=False)
    page = client.get(reverse("screens:show", args=[connect(admin, screen)]))
    assert '<html lang="en">' in page.text
    assert "Nothing new right now" in page.text


def test_photos_only_of_people_on_the_screen(
    client, admin, make_screen, connect, make_person, tmp_path, settings
):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    newcomer = make_person("Nina Nieuw")
    newcomer.photo.save("nina.png", ContentFile(b"\x89PNG fake"), save=True)
    other = make_person("Otto Other")
    other.photo.save("otto.png", ContentFile(b"\x89PNG fake"), save=True)
    screen = make_screen(admin, shows_announcements=False)
    raw = connect(admin, screen)
    url = reverse("screens:show-photo", args=[raw, newcomer.pk])
    assert client.get(url).status_code == 200

    from plein.channels.screens.actions import check_update_screen

    check_update_screen(admin, screen, shows_welcome=False)
    assert client.get(url).status_code == 404
    assert (
        client.get(
            reverse("screens:show-photo", args=["scr_nope", other.pk])
        ).status_code
        == 404
    )
