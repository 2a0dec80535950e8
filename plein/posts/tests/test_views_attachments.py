import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plein.posts.models import Attachment, Post
from plein.posts.tests.factories import PNG_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, name, data, content_type, **extra):
    file = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(
        reverse("posts:create"), {"body": "Met bijlage", "files": [file], **extra}
    )


def test_upload_png_then_download_inline(client, alice):
    client.force_login(alice)
    response = upload(client, "foto.png", PNG_BYTES, "image/png")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    post = Post.objects.get()
    assert attachment.post == post and attachment.is_image

    url = reverse("posts:attachment", args=[attachment.pk, attachment.filename])
    html = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert f'src="{url}"' in html

    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG_BYTES
    assert download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("inline")


def test_non_image_is_served_as_download(client, alice):
    client.force_login(alice)
    upload(client, "notities.txt", b"hallo", "text/plain")
    attachment = Attachment.objects.get()
    download = client.get(
        reverse("posts:attachment", args=[attachment.pk, attachment.filename])
    )
    assert download["Content-Disposition"].startswith("attachment")
    html = client.get(
        reverse("posts:detail", args=[attachment.post_id])
    ).content.decode()
    assert "notities.txt" in html and "5\xa0bytes" in html


def test_forbidden_file_type_is_a_field_error(client, alice):
    client.force_login(alice)
    response = upload(client, "script.exe", b"MZ....", "application/x-msdownload")
    html = response.content.decode()
    assert "Dit bestandstype is niet toegestaan." in html
    assert "Met bijlage" in html
    assert not Post.objects.exists()


def test_fake_png_is_refused(client, alice):
    client.force_login(alice)
    response = upload(client, "nep.png", b"<script>", "image/png")
    assert "past niet bij het bestandstype" in response.content.decode()


def test_closed_group_attachment_is_404_for_outsiders(client, alice, bob, make_group):
    group = make_group(alice, "Directie", kind="closed")
    client.force_login(alice)
    upload(client, "plan.png", PNG_BYTES, "image/png", group=group.pk)
    attachment = Attachment.objects.get()
    assert attachment.post.group == group
    url = reverse("posts:attachment", args=[attachment.pk, attachment.filename])
    assert client.get(url).status_code == 200

    client.force_login(bob)
    assert client.get(url).status_code == 404
    missing = reverse("posts:attachment", args=[attachment.pk + 99, "plan.png"])
    assert client.get(missing).status_code == 404
