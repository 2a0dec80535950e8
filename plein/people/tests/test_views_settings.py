import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from plein.notifications.kinds import notification_kinds
from plein.notifications.models import Preference
from plein.people.actions import get_user_for_token
from plein.people.models import ApiToken


def _profile_data(person, **changes):
    data = {
        "full_name": person.full_name,
        "job_title": "",
        "department": "",
        "location": "",
        "manager": "",
        "phone": "",
        "skills": "",
        "spoken_languages": "",
        "bio": "",
        "language": "nl",
        "timezone": "Europe/Amsterdam",
    }
    data.update(changes)
    return data


def _png(size=(40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    return SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")


def test_settings_page_shows_the_profile(alice_client, alice):
    response = alice_client.get(reverse("people:settings"))
    assert response.status_code == 200
    assert b'value="Alice de Vries"' in response.content


def test_settings_profile_update_saves(alice_client, alice, bob):
    data = _profile_data(
        alice,
        job_title="Product owner",
        location="Utrecht",
        manager=bob.handle,
        skills="Python, Agile ,",
        language="en",
        timezone="Europe/London",
    )
    response = alice_client.post(reverse("people:settings"), data)
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.job_title == "Product owner"
    assert alice.manager == bob
    assert alice.language == "en"
    assert alice.timezone == "Europe/London"
    assert sorted(alice.skills.values_list("name", flat=True)) == ["Agile", "Python"]


def test_settings_profile_bad_value_keeps_typed_text_and_shows_field_error(
    alice_client, alice
):
    data = _profile_data(
        alice, job_title="Chief of everything", location="Rotterdam", full_name="   "
    )
    response = alice_client.post(reverse("people:settings"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["full_name"]
    html = response.content.decode()
    assert 'value="Chief of everything"' in html
    assert 'value="Rotterdam"' in html
    assert 'aria-invalid="true"' in html
    alice.refresh_from_db()
    assert alice.job_title == ""


def test_settings_profile_action_error_lands_on_the_field(alice_client, alice, bob):
    # Bob reports to Alice, so Alice cannot report to Bob.
    from plein.people.actions import check_update_profile

    check_update_profile(bob, bob, manager_id=alice.pk)
    data = _profile_data(alice, manager=bob.handle, job_title="Director")
    response = alice_client.post(reverse("people:settings"), data)
    assert response.status_code == 200
    assert "kringverwijzing" in " ".join(response.context["form"].errors["manager"])
    assert b'value="Director"' in response.content
    alice.refresh_from_db()
    assert alice.manager_id is None
    assert alice.job_title == ""


def test_settings_unknown_manager_handle_is_a_field_error(alice_client, alice):
    response = alice_client.post(
        reverse("people:settings"), _profile_data(alice, manager="nobody")
    )
    assert response.context["form"].errors["manager"]


def test_settings_photo_upload(alice_client, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = alice_client.post(
        reverse("people:settings"), {**_profile_data(alice), "photo": _png()}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.photo.name.endswith(".png")
    response = alice_client.post(
        reverse("people:settings"), {**_profile_data(alice), "remove_photo": "on"}
    )
    alice.refresh_from_db()
    assert not alice.photo


def test_settings_photo_must_be_an_image(alice_client, alice):
    fake = SimpleUploadedFile(
        "me.png", b"not an image at all", content_type="image/png"
    )
    response = alice_client.post(
        reverse("people:settings"), {**_profile_data(alice), "photo": fake}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["photo"]


def test_settings_photo_size_is_limited(alice_client, alice, monkeypatch):
    monkeypatch.setattr("plein.people.forms.PHOTO_MAX_BYTES", 10)
    response = alice_client.post(
        reverse("people:settings"), {**_profile_data(alice), "photo": _png()}
    )
    assert response.context["form"].errors["photo"]


def test_notification_preferences_are_saved(alice_client, alice):
    url = reverse("people:settings-notifications")
    assert alice_client.get(url).status_code == 200
    data = {code: "on" for code in notification_kinds if code != "reaction"}
    response = alice_client.post(url, data)
    assert response.status_code == 302
    assert Preference.objects.get(user=alice, kind="reaction").is_enabled is False
    assert Preference.objects.get(user=alice, kind="mention").is_enabled is True
    response = alice_client.get(url)
    assert response.context["form"].initial["reaction"] is False


def test_notification_preferences_with_htmx_return_the_form(alice_client):
    response = alice_client.post(
        reverse("people:settings-notifications"), {}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert response.context["saved"]


def test_token_create_shows_raw_token_once_and_revoke(alice_client, alice):
    url = reverse("people:settings-tokens")
    response = alice_client.post(url, {"name": "Reporting"}, follow=True)
    raw = response.context["new_token"]
    assert raw.startswith("plein_")
    assert raw.encode() in response.content
    assert get_user_for_token(raw) == alice
    # Shown once: a reload does not show it again.
    response = alice_client.get(url)
    assert response.context["new_token"] is None
    assert raw.encode() not in response.content
    token = ApiToken.objects.get(user=alice)
    response = alice_client.post(
        reverse("people:settings-token-revoke", args=[token.pk])
    )
    assert response.status_code == 302
    assert get_user_for_token(raw) is None


def test_token_create_and_revoke_with_htmx(alice_client, alice):
    htmx = {"HX-Request": "true"}
    response = alice_client.post(
        reverse("people:settings-tokens"), {"name": "Script"}, headers=htmx
    )
    assert response.status_code == 200
    assert response.context["new_token"].encode() in response.content
    token = ApiToken.objects.get(user=alice)
    response = alice_client.post(
        reverse("people:settings-token-revoke", args=[token.pk]), headers=htmx
    )
    assert response.status_code == 200
    assert list(response.context["tokens"]) == []


def test_token_of_someone_else_cannot_be_revoked(client, alice, bob):
    from plein.people.actions import do_create_api_token

    token, raw = do_create_api_token(bob, name="Bob's")
    client.force_login(alice)
    client.post(reverse("people:settings-token-revoke", args=[token.pk]))
    assert get_user_for_token(raw) == bob


def test_photos_are_served_as_images_only_for_image_names(
    alice_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "a.png").write_bytes(_png().read())
    (tmp_path / "photos" / "x.pdf").write_bytes(_png().read())
    shown = alice_client.get("/media/photos/a.png")
    assert shown["Content-Type"] == "image/png"
    assert shown["X-Content-Type-Options"] == "nosniff"
    other = alice_client.get("/media/photos/x.pdf")
    assert other["Content-Type"] == "application/octet-stream"
    assert other["Content-Disposition"].startswith("attachment")
