"""Uploading images and files to a wiki page from the web pages."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from plein.access.roles import Role
from plein.knowledge.wiki.actions import check_create_page, check_upload_page_file
from plein.knowledge.wiki.links import build_page_render
from plein.knowledge.wiki.models import PageFile
from plein.knowledge.wiki.queries import file_markdown

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4 test"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def ann(make_person: Any) -> Any:
    return make_person("Ann Writer", handle="ann", language="en")


@pytest.fixture
def ben(make_person: Any) -> Any:
    return make_person("Ben Reader", handle="ben", language="en")


@pytest.fixture
def page(ann: Any, run_on_commit: Any) -> Any:
    return run_on_commit(check_create_page, ann, title="Office", body="Our office")


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def png(name: str = "floor plan.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name: str = "plan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def upload_url(page: Any) -> str:
    return reverse("wiki:files", args=[page.pk])


def test_the_editor_offers_the_upload_form_and_the_files(ann: Any, page: Any) -> None:
    check_upload_page_file(
        ann, page, filename="plan.pdf", content_type="application/pdf", data=PDF
    )
    stored = page.files.get()
    html = client_for(ann).get(reverse("wiki:edit", args=[page.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert f'hx-post="{upload_url(page)}"' in html
    assert 'id="upload_file"' in html and 'id="id_body"' in html
    assert f'href="{reverse("wiki:file", args=[stored.pk])}"' in html
    assert f"[plan.pdf](attachment:{stored.pk})" in html


def test_uploading_with_htmx_answers_the_markdown_to_paste(ann: Any, page: Any) -> None:
    response = client_for(ann).post(
        upload_url(page), {"file": png(), "alt": "The first floor"}, **HTMX
    )
    assert response.status_code == 200
    stored = PageFile.objects.get(page=page)
    assert stored.is_image and stored.filename == "floor plan.png"
    assert stored.uploaded_by == ann
    html = response.content.decode()
    assert html.startswith('<section id="wiki-files"')  # the partial only
    assert f"![The first floor](attachment:{stored.pk})" in html
    assert f'href="{reverse("wiki:file", args=[stored.pk])}"' in html
    # The form is empty again, ready for the next file.
    assert 'name="file"' in html and "The first floor" not in html.split("<form")[1]


def test_uploading_without_htmx_shows_the_files_page(ann: Any, page: Any) -> None:
    response = client_for(ann).post(upload_url(page), {"file": pdf()})
    assert response.status_code == 200
    stored = PageFile.objects.get(page=page)
    html = response.content.decode()
    assert "<html" in html and reverse("wiki:page", args=[page.pk]) in html
    assert f"[plan.pdf](attachment:{stored.pk})" in html
    assert f"![plan.pdf](attachment:{stored.pk})" not in html


def test_a_refused_file_is_a_field_error(ann: Any, page: Any, settings: Any) -> None:
    client = client_for(ann)
    script = SimpleUploadedFile("x.png", b"<script>", content_type="image/png")
    response = client.post(upload_url(page), {"file": script, "alt": "Keep me"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "has-error" in html
    assert "The file&#x27;s content does not match its type." in html
    assert 'value="Keep me"' in html
    missing = client.post(upload_url(page), {}, **HTMX).content.decode()
    assert "Choose a file to upload." in missing
    settings.UPLOAD_MAX_BYTES = 10
    large = client.post(upload_url(page), {"file": pdf()}).content.decode()
    assert "The file is larger than" in large
    assert not page.files.exists()


def test_an_uploaded_image_shows_once_the_text_names_it(ann: Any, page: Any) -> None:
    client = client_for(ann)
    client.post(upload_url(page), {"file": png()}, **HTMX)
    stored = page.files.get()
    response = client.post(
        reverse("wiki:edit", args=[page.pk]),
        {
            "title": "Office",
            "body": f"Our office\n\n{file_markdown(stored)}",
            "base_revision": "1",
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("wiki:page", args=[page.pk])).content.decode()
    assert f'<img src="/wiki/files/{stored.pk}/" alt="floor plan">' in html


def test_readers_see_the_files_but_no_upload_form(
    ann: Any, ben: Any, make_group: Any, run_on_commit: Any
) -> None:
    group = make_group(ann, "Open team", "open")
    team_page = run_on_commit(check_create_page, ann, title="Team", group=group)
    check_upload_page_file(
        ann, team_page, filename="plan.pdf", content_type="application/pdf", data=PDF
    )
    html = client_for(ben).get(reverse("wiki:page", args=[team_page.pk]))
    html = html.content.decode()
    assert "plan.pdf" in html and 'name="file"' not in html
    # The editor sees the form on the page itself.
    mine = client_for(ann).get(reverse("wiki:page", args=[team_page.pk]))
    assert f'hx-post="{upload_url(team_page)}"' in mine.content.decode()
    files_page = client_for(ben).get(upload_url(team_page))
    assert files_page.status_code == 200 and 'name="file"' not in (
        files_page.content.decode()
    )
    refused = client_for(ben).post(upload_url(team_page), {"file": pdf()})
    assert refused.status_code == 403
    assert team_page.files.count() == 1


@pytest.mark.parametrize("kind", ["closed", "secret"])
def test_outsiders_cannot_upload_to_a_hidden_groups_page(
    ann: Any, ben: Any, make_group: Any, run_on_commit: Any, kind: str
) -> None:
    group = make_group(ann, "Board", kind)
    hidden = run_on_commit(check_create_page, ann, title="Minutes", group=group)
    client = client_for(ben)
    assert client.get(upload_url(hidden)).status_code == 404
    assert client.post(upload_url(hidden), {"file": pdf()}).status_code == 404
    assert client.post(upload_url(hidden), {"file": pdf()}, **HTMX).status_code == 404
    assert not hidden.files.exists()


def test_guests_cannot_upload_to_organisation_pages(
    ann: Any, page: Any, make_person: Any, make_group: Any, run_on_commit: Any
) -> None:
    guest = make_person("Gert Guest", role=Role.GUEST, language="en")
    group = make_group(ann, "Project X", "closed", members=(guest,))
    theirs = run_on_commit(check_create_page, ann, title="Project", group=group)
    client = client_for(guest)
    assert client.post(upload_url(page), {"file": pdf()}).status_code == 404
    assert not page.files.exists()
    # In their own group's wiki they may.
    assert client.post(upload_url(theirs), {"file": pdf()}).status_code == 200
    assert theirs.files.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(page: Any) -> None:
    response = Client().post(upload_url(page), {"file": pdf()})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not page.files.exists()


def test_file_markdown_escapes_labels_and_names_images_by_description(
    ann: Any, page: Any
) -> None:
    image = check_upload_page_file(
        ann, page, filename="map [v2].png", content_type="image/png", data=PNG
    )
    document = check_upload_page_file(
        ann, page, filename="a\\b].pdf", content_type="application/pdf", data=PDF
    )
    assert file_markdown(image) == f"![map \\[v2\\]](attachment:{image.pk})"
    assert file_markdown(image, "  The  map ") == f"![The map](attachment:{image.pk})"
    assert file_markdown(document) == f"[b\\].pdf](attachment:{document.pk})"
    html = build_page_render(page, f"{file_markdown(image)} {file_markdown(document)}")
    assert f'<img src="/wiki/files/{image.pk}/" alt="map [v2]">' in html.html
    assert f'href="/wiki/files/{document.pk}/"' in html.html
    assert ">b].pdf</a>" in html.html


def test_the_file_list_costs_the_same_for_one_file_or_many(ann: Any, page: Any) -> None:
    import time_machine
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from plein.knowledge.wiki.tests.test_views import _query_shapes

    client = client_for(ann)
    urls = [reverse(name, args=[page.pk]) for name in ("wiki:page", "wiki:edit")]

    def run() -> list[list[str]]:
        shapes = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            shapes.append(_query_shapes(queries))
        return shapes

    # A still clock: see test_index_and_page_queries_do_not_grow_with_the_wiki.
    with time_machine.travel(timezone.now(), tick=False):
        check_upload_page_file(
            ann, page, filename="a.pdf", content_type="application/pdf", data=PDF
        )
        run()  # the first visit records the read and stamps the session
        before = run()
        for number in range(5):
            check_upload_page_file(
                ann, page, filename=f"{number}.png", content_type="image/png", data=PNG
            )
        assert run() == before
    html = client.get(urls[1]).content.decode()
    assert html.count('class="wiki-markdown small"') == 6
