"""A real HTTP server on loopback that serves feeds, well-behaved and not.

Each route is a function that writes the whole answer itself, so a route
can lie about its length, trickle its headers, never end, or answer 304 to
a conditional request. Every request is remembered (path and headers).
Routes that stall stop on their own after ``STALL_LIMIT`` seconds, or as
soon as the client hangs up.
"""

import contextlib
import gzip
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from django.conf import settings

STALL_LIMIT = 20.0

Route = Callable[["FeedHandler"], None]


class FeedHandler(BaseHTTPRequestHandler):
    server: "FeedServer"

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.server.seen.append((self.path, dict(self.headers)))
        route = self.server.routes.get(path)
        if route is None:
            self.send_error(404)
            return
        # The client may hang up: that is what the fetcher does to a feed
        # that is too large or too slow.
        with contextlib.suppress(OSError):
            route(self)

    def answer(
        self,
        body: bytes,
        *,
        status: int = 200,
        content_type: str = "application/rss+xml; charset=utf-8",
        headers: dict[str, str] | None = None,
        length: bool = True,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class FeedServer(ThreadingHTTPServer):
    daemon_threads = True
    # A poll opens a dozen connections at once; with the default backlog
    # of 5 a busy machine drops some, and the client's retry a second
    # later would look like a slow feed.
    request_queue_size = 64

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FeedHandler)
        self.routes: dict[str, Route] = {}
        self.seen: list[tuple[str, dict[str, str]]] = []
        # A short poll interval: shutdown() waits for it.
        self.thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def paths_seen(self) -> list[str]:
        return [path for path, _headers in self.seen]

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def add_body(self, path: str, body: bytes, **kwargs: Any) -> str:
        return self.add(path, lambda h: h.answer(body, **kwargs))

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


# Feeds ------------------------------------------------------------------------


def rss(*items: tuple[str, str], language: str = "nl") -> bytes:
    """A small RSS 2.0 feed of (title, link) items."""
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link>"
        "<pubDate>Thu, 01 Oct 2026 12:00:00 +0200</pubDate></item>"
        for title, link in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Test</title><language>{language}</language>{body}</channel></rss>"
    ).encode()


def corpus_feed(name: str) -> bytes | None:
    """One of the real Dutch feeds in ../shared/corpora/feeds-nl/ (relative to
    the project root), or None when the corpus is absent."""
    path = Path(settings.BASE_DIR).parent / "shared" / "corpora" / "feeds-nl" / name
    return path.read_bytes() if path.is_file() else None


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lollollollollollollollollollol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>https://laughs.example/1</link>
<description>&lol9;</description></item></channel></rss>"""

# An entity that refers to a file: an XXE attempt that must read nothing.
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title>
<item><title>&secret;</title><link>https://xxe.example/1</link></item>
</channel></rss>"""


def deeply_nested(depth: int = 5000) -> bytes:
    return b'<rss version="2.0"><channel>' + b"<a>" * depth + b"</channel></rss>"


# The declared encoding is a lie: Latin-1 bytes and broken UTF-8 in a feed
# that says UTF-8; and an encoding no one knows.
BAD_UTF8 = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
    b"<title>Caf\xe9 \xff\xfe</title><language>nl</language><item>"
    b"<title>Ge\xefrriteerde klant \xc3\x28</title>"
    b"<link>https://encoding.example/1</link></item></channel></rss>"
)
UNKNOWN_ENCODING = (
    b'<?xml version="1.0" encoding="x-klingon"?><rss version="2.0"><channel>'
    b"<title>t</title><item><title>Qapla\xe9</title>"
    b"<link>https://encoding.example/2</link></item></channel></rss>"
)
HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>Welkom</title></head>"
    b"<body><h1>Dit is geen feed</h1><p>Maar een webpagina.</p></body></html>"
)


# Hostile servers ------------------------------------------------------------------


def never_ending(handler: FeedHandler) -> None:
    """A feed that starts well and never ends, a little at a time."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.end_headers()
    handler.wfile.write(b'<rss version="2.0"><channel><title>Eindeloos</title>')
    stop = time.monotonic() + STALL_LIMIT
    while time.monotonic() < stop:
        handler.wfile.write(b"<item><title>nog een</title></item>")
        handler.wfile.flush()
        time.sleep(0.05)


def slow_headers(handler: FeedHandler) -> None:
    """Slow loris: the status line, then a header one byte at a time."""
    handler.wfile.write(b"HTTP/1.0 200 OK\r\nX-Slow: ")
    handler.wfile.flush()
    stop = time.monotonic() + STALL_LIMIT
    while time.monotonic() < stop:
        handler.wfile.write(b"a")
        handler.wfile.flush()
        time.sleep(0.1)


def declared_huge(handler: FeedHandler) -> None:
    """Says it will send 50 MB (and sends a little)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Content-Length", str(50 * 1024 * 1024))
    handler.end_headers()
    handler.wfile.write(b"<rss>")


def streamed_huge(handler: FeedHandler) -> None:
    """No length given, and 8 MB of feed."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.end_headers()
    handler.wfile.write(b'<rss version="2.0"><channel>')
    chunk = (
        b"<item><title>groot</title><link>https://huge.example/</link></item>" * 1000
    )
    for _ in range(8 * 1024 * 1024 // len(chunk) + 1):
        handler.wfile.write(chunk)


def gzip_bomb(handler: FeedHandler) -> None:
    """A few kilobytes that unpack to 20 MB."""
    body = gzip.compress(b'<rss version="2.0"><channel>' + b" " * (20 * 1024 * 1024))
    handler.answer(body, headers={"Content-Encoding": "gzip"})


def with_etag(body: bytes, etag: str = '"v1"') -> Route:
    """200 with an ETag, 304 when asked with it."""

    def route(handler: FeedHandler) -> None:
        if handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return
        handler.answer(body, headers={"ETag": etag})

    return route


def with_last_modified(
    body: bytes, stamp: str = "Thu, 01 Oct 2026 10:00:00 GMT"
) -> Route:
    """200 with Last-Modified, 304 when asked If-Modified-Since it."""

    def route(handler: FeedHandler) -> None:
        if handler.headers.get("If-Modified-Since") == stamp:
            handler.send_response(304)
            handler.end_headers()
            return
        handler.answer(body, headers={"Last-Modified": stamp})

    return route


def redirect_to(location: str) -> Route:
    def route(handler: FeedHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route
