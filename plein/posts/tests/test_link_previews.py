"""Link previews fetch page titles, but never from the internal network by default."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from plein.posts.models import LinkPreview
from plein.posts.tasks import fetch_link_previews, fetch_title

PAGE = b"""<html><head><title>Rente &amp; regels 2027</title>
<meta property="og:description" content="Wat verandert er voor hypotheken"></head><body></body></html>"""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:1/elsewhere")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def page_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_loopback_is_refused_unless_allowed(page_url, settings):
    settings.LINK_PREVIEWS_ALLOW_PRIVATE = False
    assert fetch_title(page_url + "/") == ("", "")
    settings.LINK_PREVIEWS_ALLOW_PRIVATE = True
    assert fetch_title(page_url + "/") == (
        "Rente & regels 2027",
        "Wat verandert er voor hypotheken",
    )


def test_redirects_and_other_schemes_are_not_followed(page_url, settings):
    settings.LINK_PREVIEWS_ALLOW_PRIVATE = True
    with pytest.raises(OSError):
        fetch_title(page_url + "/redirect")
    assert fetch_title("file:///etc/passwd") == ("", "")


@pytest.mark.django_db
def test_previews_attach_to_the_post(alice, make_post, page_url, settings):
    settings.LINK_PREVIEWS_ALLOW_PRIVATE = True
    post = make_post(alice, "Lees dit")
    fetch_link_previews.call(
        post_id=post.pk, urls=[page_url + "/a", "http://127.0.0.1:1/down"]
    )
    ok = LinkPreview.objects.get(url=page_url + "/a")
    assert ok.is_ok and ok.title == "Rente & regels 2027" and post in ok.posts.all()
    assert not LinkPreview.objects.get(url="http://127.0.0.1:1/down").is_ok
