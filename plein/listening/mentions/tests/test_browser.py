"""The bookmarklet in a real browser: on another site's page it opens Plein's
submit page with the address, the title and the selected text filled in;
one click on "Send in" makes the mention."""

import html
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from playwright.sync_api import expect

from plein.listening.mentions.bookmarklet import build_bookmarklet
from plein.listening.mentions.models import Mention, MentionSubmission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def outside_site() -> Iterator[Any]:
    """Another origin on loopback, serving an article; the page it serves
    carries the bookmarklet as a link (clicking it is what the bookmarks
    bar does)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = (
                "<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
                "<title>Werken bij Zuiderhaven: een review</title></head><body>"
                "<p id='quote'>Fijne collega's en goede begeleiding.</p>"
                f"<a id='bookmark' href=\"{html.escape(self.server.bookmarklet)}\">"  # type: ignore[attr-defined]
                "Naar Plein sturen</a></body></html>"
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"  # type: ignore[attr-defined]
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_the_bookmarklet_sends_the_page_in(
    page, log_in, live_server, settings, make_person, outside_site
):
    settings.SITE_URL = live_server.url
    alice = make_person("Alice de Vries", email="alice@plein.test", language="en")
    outside_site.bookmarklet = build_bookmarklet()
    log_in("alice@plein.test")

    article = f"{outside_site.url}/reviews/4121?utm_source=feed"
    page.goto(article)
    page.evaluate(
        "() => window.getSelection().selectAllChildren(document.getElementById('quote'))"
    )
    with page.expect_popup() as popup:
        page.click("#bookmark")
    plein = popup.value
    plein.wait_for_load_state()
    assert plein.url.startswith(f"{live_server.url}/listening/submit/?url=")
    expect(plein.get_by_role("textbox", name="Link")).to_have_value(article)
    expect(plein.get_by_role("textbox", name="Title")).to_have_value(
        "Werken bij Zuiderhaven: een review"
    )
    expect(plein.get_by_role("textbox", name="Note for communications")).to_have_value(
        "Fijne collega's en goede begeleiding."
    )
    plein.get_by_role("button", name="Send in", exact=True).click()
    expect(
        plein.get_by_text("Thank you: communications sees the link now.")
    ).to_be_visible()

    mention = Mention.objects.get()
    assert mention.title == "Werken bij Zuiderhaven: een review"
    assert mention.canonical_url == f"{outside_site.url}/reviews/4121"
    submission = MentionSubmission.objects.get()
    assert (submission.person, submission.note) == (
        alice,
        "Fijne collega's en goede begeleiding.",
    )
