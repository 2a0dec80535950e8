"""A link sent in without a title gets its page's title, through the SSRF guard.

A real HTTP server on 127.0.0.1 serves the pages. Loopback is private, so
the tests that fetch from it allow private addresses explicitly
(LISTENING_ALLOW_PRIVATE_HOSTS, as the feed tests do); with the production
setting the same server is refused and never contacted.
"""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import Client

from plein.listening.mentions.actions import (
    check_correct_sentiment,
    do_describe_mention,
)
from plein.listening.mentions.models import Mention
from plein.listening.mentions.tasks import fetch_mention_page
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db

PAGES = {
    "/review": (
        "<html><head><title>Slechtste werkgever ooit</title>"
        '<meta name="description" content="Onbeleefd en teleurstellend, '
        'drie gesprekken en nooit meer iets gehoord."></head></html>'
    ),
    "/news": (
        "<html><head><title>Great colleagues and a lovely place to work</title>"
        "</head></html>"
    ),
    "/empty": "<html><head></head><body>Niets</body></html>",
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.seen.append(self.path)  # type: ignore[attr-defined]
        body = PAGES.get(self.path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def pages(settings: Any) -> Iterator[Any]:
    """The page server, with titles looked up (LINK_PREVIEWS is off in tests)."""
    settings.LINK_PREVIEWS = True
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"  # type: ignore[attr-defined]
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def loopback_allowed(settings: Any) -> None:
    settings.LISTENING_ALLOW_PRIVATE_HOSTS = True


def _post(person: Any, data: dict[str, str], capture: Any) -> Any:
    client = Client()
    client.force_login(person)
    with capture(execute=True):
        return client.post("/listening/submit/", data)


def test_the_page_gives_title_excerpt_and_sentiment(
    alice, pages, loopback_allowed, django_capture_on_commit_callbacks
):
    response = _post(
        alice, {"url": pages.url + "/review"}, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    mention = Mention.objects.get()
    assert mention.title == "Slechtste werkgever ooit"
    assert mention.excerpt.startswith("Onbeleefd en teleurstellend")
    assert mention.language == "nl"
    assert mention.sentiment == mention.sentiment_computed == "negative"
    assert mention.sentiment_words
    assert pages.seen == ["/review"]


def test_a_private_address_is_refused_in_production(
    alice, pages, settings, django_capture_on_commit_callbacks
):
    settings.LISTENING_ALLOW_PRIVATE_HOSTS = False  # production
    response = _post(
        alice, {"url": pages.url + "/review"}, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    mention = Mention.objects.get()
    assert (mention.title, mention.excerpt) == ("", "")
    assert pages.seen == []  # never contacted


def test_nothing_is_fetched_with_link_previews_off(
    alice, pages, loopback_allowed, settings, django_capture_on_commit_callbacks
):
    settings.LINK_PREVIEWS = False
    _post(alice, {"url": pages.url + "/review"}, django_capture_on_commit_callbacks)
    assert Mention.objects.get().title == ""
    assert pages.seen == []


def test_a_given_title_is_kept_and_nothing_is_fetched(
    alice, pages, loopback_allowed, django_capture_on_commit_callbacks
):
    _post(
        alice,
        {"url": pages.url + "/review", "title": "  Een   review  "},
        django_capture_on_commit_callbacks,
    )
    mention = Mention.objects.get()
    assert mention.title == "Een review"
    assert pages.seen == []


def test_the_api_and_the_language_of_an_english_page(
    alice, pages, loopback_allowed, django_capture_on_commit_callbacks
):
    client = Client(
        headers={"Authorization": f"Bearer {do_create_api_token(alice)[1]}"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/mentions",
            json.dumps({"url": pages.url + "/news"}),
            content_type="application/json",
        )
    assert response.status_code == 201
    mention = Mention.objects.get()
    assert mention.title == "Great colleagues and a lovely place to work"
    assert mention.excerpt == ""
    assert (mention.language, mention.sentiment) == ("en", "positive")


def test_the_task_is_idempotent_and_keeps_what_is_there(
    alice, moderator, pages, loopback_allowed, django_capture_on_commit_callbacks
):
    _post(alice, {"url": pages.url + "/empty"}, django_capture_on_commit_callbacks)
    mention = Mention.objects.get()
    assert mention.title == ""  # the page says nothing: left as it was
    # Someone gave it a title meanwhile: the task leaves it and fetches nothing.
    Mention.objects.filter(pk=mention.pk).update(title="Door een collega")
    seen = len(pages.seen)
    assert fetch_mention_page.call(mention_id=mention.pk) is False
    assert len(pages.seen) == seen
    assert Mention.objects.get().title == "Door een collega"
    # A mention that is gone is no error.
    assert fetch_mention_page.call(mention_id=mention.pk + 1000) is False


def test_a_corrected_sentiment_stays_when_the_title_arrives(alice, moderator):
    with_correction = Mention.objects.create(
        canonical_url="https://example.org/a", url="https://example.org/a"
    )
    check_correct_sentiment(moderator, with_correction, "positive")
    assert do_describe_mention(
        with_correction.pk,
        title="Slechtste werkgever ooit",
        excerpt="Onbeleefd en teleurstellend.",
    )
    with_correction.refresh_from_db()
    assert with_correction.sentiment == "positive"  # the person's
    assert with_correction.sentiment_computed == "negative"
    assert with_correction.sentiment_corrected_by == moderator
    # A second run changes nothing: both are filled in.
    assert not do_describe_mention(with_correction.pk, title="Anders", excerpt="x")
    with_correction.refresh_from_db()
    assert with_correction.title == "Slechtste werkgever ooit"


def test_an_unreachable_page_is_tried_again_by_the_task(
    alice, loopback_allowed, settings
):
    """``Task.call`` raises what a worker would retry with back-off."""
    settings.LINK_PREVIEWS = True
    mention = Mention.objects.create(
        canonical_url="http://127.0.0.1:1/down", url="http://127.0.0.1:1/down"
    )
    with pytest.raises(OSError):
        fetch_mention_page.call(mention_id=mention.pk)
    assert Mention.objects.get().title == ""
