"""Images and attachments of wiki pages: upload checks, rendering, access."""

import pytest
from django.test import Client
from django.urls import reverse

from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.knowledge.wiki.actions import (
    check_create_page,
    check_edit_page,
    check_upload_page_file,
)

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4 test"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(actor, page, name="plan.pdf", content_type="application/pdf", data=PDF):
    return check_upload_page_file(
        actor, page, filename=name, content_type=content_type, data=data
    )


def test_an_image_named_in_the_text_is_shown_inline(alice, run_on_commit):
    page = run_on_commit(
        check_create_page, alice, title="Kantoor", body="![plattegrond](attachment:1)"
    )
    image = _upload(alice, page, "kaart.png", "image/png", PNG)
    page = run_on_commit(
        check_edit_page,
        alice,
        page,
        title="Kantoor",
        body=f"![plattegrond](attachment:{image.pk}) en [het plan](attachment:{image.pk})",
        base_revision=1,
    )
    assert f'<img src="/wiki/files/{image.pk}/" alt="plattegrond">' in page.body_html
    assert f'href="/wiki/files/{image.pk}/"' in page.body_html


def test_uploading_renders_the_page_again(alice, run_on_commit):
    page = run_on_commit(check_create_page, alice, title="Kantoor")
    first = _upload(alice, page)
    # The text names the next file before it is uploaded.
    page = run_on_commit(
        check_edit_page,
        alice,
        page,
        title="Kantoor",
        body=f"[plan](attachment:{first.pk + 1})",
        base_revision=1,
    )
    assert "/wiki/files/" not in page.body_html
    second = _upload(alice, page)
    page.refresh_from_db()
    assert second.pk == first.pk + 1
    assert f'href="/wiki/files/{second.pk}/"' in page.body_html


def test_a_file_is_not_an_image_and_other_pages_files_are_not_shown(
    alice, run_on_commit
):
    other = run_on_commit(check_create_page, alice, title="Ander")
    foreign = _upload(alice, other, "foto.png", "image/png", PNG)
    page = run_on_commit(check_create_page, alice, title="Hier")
    document = _upload(alice, page)
    page = run_on_commit(
        check_edit_page,
        alice,
        page,
        title="Hier",
        body=f"![a](attachment:{document.pk}) ![b](attachment:{foreign.pk}) "
        f"![c](/wiki/files/{foreign.pk}/)",
        base_revision=1,
    )
    assert "<img" in page.body_html and "src=" not in page.body_html


@pytest.mark.parametrize(
    ("name", "content_type", "data"),
    [
        ("leeg.pdf", "application/pdf", b""),
        ("script.png", "image/png", b"<script>alert(1)</script>"),
        ("tool.exe", "application/octet-stream", b"MZ"),
        (
            "plan.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            b"not a zip",
        ),
    ],
)
def test_uploads_are_checked_like_post_attachments(
    alice, run_on_commit, name, content_type, data
):
    page = run_on_commit(check_create_page, alice, title="Bestanden")
    with pytest.raises(InvalidInput) as error:
        _upload(alice, page, name, content_type, data)
    assert error.value.field == "file"
    assert not page.files.exists()


def test_uploads_are_limited_in_size(alice, run_on_commit, settings):
    settings.UPLOAD_MAX_BYTES = 10
    page = run_on_commit(check_create_page, alice, title="Groot")
    with pytest.raises(InvalidInput):
        _upload(alice, page, data=PDF + b"x" * 20)


def test_only_editors_upload(alice, carol, make_group, run_on_commit):
    group = make_group(alice, "Team", "open")
    page = run_on_commit(check_create_page, alice, title="Teampagina", group=group)
    with pytest.raises(Forbidden):
        _upload(carol, page)
    secret = make_group(alice, "Geheim", "secret")
    hidden = run_on_commit(check_create_page, alice, title="Verborgen", group=secret)
    with pytest.raises(NotFound):
        _upload(carol, hidden)


def test_files_are_served_only_to_readers_of_the_page(
    alice, bob, carol, make_group, run_on_commit
):
    secret = make_group(alice, "Fusie", "secret", members=(bob,))
    page = run_on_commit(check_create_page, alice, title="Plan", group=secret)
    image = _upload(alice, page, "foto.png", "image/png", PNG)
    document = _upload(alice, page)
    url = reverse("wiki:file", args=[image.pk])
    member, outsider = Client(), Client()
    member.force_login(bob)
    outsider.force_login(carol)
    response = member.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in response.get("Content-Disposition", "")
    download = member.get(reverse("wiki:file", args=[document.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert outsider.get(url).status_code == 404
    assert outsider.get(reverse("wiki:file", args=[999999])).status_code == 404
    assert Client().get(url).status_code == 302
