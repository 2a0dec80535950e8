"""Fetching a feed: through the SSRF guard, conditionally, and bounded.

A source's address is typed by a person and fetched from inside the
organisation's network, so every hop goes through the link previews' guard
(``plein.posts.previews``): http(s) only, the name resolved once, every
address public (unless LISTENING_ALLOW_PRIVATE_HOSTS, for development and
tests), the connection pinned to the checked address, at most
``MAX_REDIRECTS`` redirects, each checked again.

Bounds, whatever the server does:

- ``MAX_BYTES`` read (a larger Content-Length is refused before reading; a
  compressed answer may not unpack to more either);
- ``TIMEOUT_SECONDS`` for connecting and for each read, and
  ``DEADLINE_SECONDS`` for the whole fetch: a watchdog shuts the socket
  down when the time is up, so a server that trickles its headers or body
  a byte at a time (slow loris) or never stops is cut off.

The request is conditional (If-None-Match, If-Modified-Since) when the
source kept an ETag or Last-Modified; 304 means "nothing new". Failures are
``FetchFailed`` with a short code (the source's ``last_error``), never a
stack.
"""

import contextlib
import http.client
import socket
import ssl
import threading
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from django.conf import settings

from plein.posts.previews import (
    PinnedHTTPConnection,
    PinnedHTTPSConnection,
    PreviewFetcher,
    PreviewRefused,
    allow_any_address,
    is_public_address,
)

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 10.0
DEADLINE_SECONDS = 30.0
MAX_REDIRECTS = 3
READ_CHUNK = 64 * 1024
REDIRECTS = {301, 302, 303, 307, 308}
USER_AGENT = "Plein-Listening/1 (feed reader)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)
VALIDATOR_MAX_LENGTH = 500


class FetchFailed(Exception):
    """The feed could not be fetched; ``error`` is what the source records."""

    def __init__(self, code: str, detail: str = "") -> None:
        self.code = code
        self.detail = detail
        super().__init__(self.error)

    @property
    def error(self) -> str:
        return f"{self.code}:{self.detail}" if self.detail else self.code


@dataclass(frozen=True)
class Fetched:
    """What the server answered: 200 with a body, or 304 without."""

    status: int
    body: bytes
    url: str  # after redirects
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""
    content_language: str = ""

    @property
    def is_not_modified(self) -> bool:
        return self.status == 304


def build_fetcher() -> PreviewFetcher:
    """The guard, with private addresses allowed only where settings say so."""
    return PreviewFetcher(
        is_allowed=allow_any_address
        if settings.LISTENING_ALLOW_PRIVATE_HOSTS
        else is_public_address,
        timeout=TIMEOUT_SECONDS,
    )


class _Watchdog:
    """Shuts the current socket down once ``seconds`` have passed.

    A blocked read then returns (an error, or an early end of the body),
    and ``expired`` tells the fetch that it ran out of time.
    """

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def start(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sock = sock
            expired = self.expired
        if expired:
            _shut(sock)

    def _fire(self) -> None:
        with self._lock:
            self.expired = True
            sock = self._sock
        if sock is not None:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    # Already closed, or detached by the TLS wrapper: nothing to cut off.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


class _WatchedHTTP(PinnedHTTPConnection):
    watchdog: _Watchdog

    def connect(self) -> None:
        super().connect()
        self.watchdog.watch(self.sock)


class _WatchedHTTPS(PinnedHTTPSConnection):
    watchdog: _Watchdog

    def connect(self) -> None:
        sock = socket.create_connection((self.pinned_address, self.port), self.timeout)
        self.watchdog.watch(sock)
        # The handshake after the wrapper is watched: a server that
        # trickles it is cut off too.
        wrapped = self.tls.wrap_socket(
            sock, server_hostname=self.host, do_handshake_on_connect=False
        )
        self.watchdog.watch(wrapped)
        wrapped.do_handshake()
        self.sock = wrapped


def _validator(value: str | None) -> str:
    """An ETag or Last-Modified fit to send back: printable ASCII, short."""
    value = (value or "").strip()
    if len(value) > VALIDATOR_MAX_LENGTH or not value.isascii():
        return ""
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return ""
    return value


def _read_capped(response: http.client.HTTPResponse, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while chunk := response.read(READ_CHUNK):
        total += len(chunk)
        if total > max_bytes:
            raise FetchFailed("too_large")
        chunks.append(chunk)
    return b"".join(chunks)


def _unpacked(body: bytes, encoding: str, max_bytes: int) -> bytes:
    """The body without its Content-Encoding, never more than ``max_bytes``."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding in ("gzip", "x-gzip"):
        attempts = [16 + zlib.MAX_WBITS]
    elif encoding == "deflate":
        # zlib-wrapped as the standard says, or raw as some servers send.
        attempts = [zlib.MAX_WBITS, -zlib.MAX_WBITS]
    else:
        raise FetchFailed("bad_encoding")
    for wbits in attempts:
        unpacker = zlib.decompressobj(wbits)
        try:
            out = unpacker.decompress(body, max_bytes + 1)
        except zlib.error:
            continue
        if len(out) > max_bytes:
            raise FetchFailed("too_large")
        return out
    raise FetchFailed("bad_encoding")


def _request(
    connection: Any,
    target: str,
    etag: str,
    last_modified: str,
) -> http.client.HTTPResponse:
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": ACCEPT,
        "Accept-Encoding": "gzip",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    connection.request("GET", target, headers=headers)
    response: http.client.HTTPResponse = connection.getresponse()
    return response


def _fetch(
    url: str,
    *,
    etag: str,
    last_modified: str,
    fetcher: PreviewFetcher,
    watchdog: _Watchdog,
    max_bytes: int,
) -> Fetched:
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            hop = fetcher.check(url)
        except PreviewRefused:
            raise FetchFailed("refused") from None
        cls = _WatchedHTTPS if hop.scheme == "https" else _WatchedHTTP
        connection = cls(
            hop.host, hop.port, address=hop.address, timeout=fetcher.timeout
        )
        connection.watchdog = watchdog
        try:
            response = _request(
                connection, hop.target, _validator(etag), _validator(last_modified)
            )
            if response.status in REDIRECTS:
                location = response.getheader("Location") or ""
                if not location:
                    raise FetchFailed("http", str(response.status))
                url = urljoin(url, location.strip())
                continue
            if response.status == 304:
                return Fetched(
                    304,
                    b"",
                    url,
                    etag=_validator(response.getheader("ETag")) or etag,
                    last_modified=_validator(response.getheader("Last-Modified"))
                    or last_modified,
                )
            if response.status != 200:
                raise FetchFailed("http", str(response.status))
            length = (response.getheader("Content-Length") or "").strip()
            if length.isdigit() and int(length) > max_bytes:
                raise FetchFailed("too_large")
            body = _read_capped(response, max_bytes)
            if watchdog.expired:
                # The watchdog's shutdown can look like the end of the body.
                raise FetchFailed("timeout")
            body = _unpacked(
                body, response.getheader("Content-Encoding") or "", max_bytes
            )
            return Fetched(
                200,
                body,
                url,
                etag=_validator(response.getheader("ETag")),
                last_modified=_validator(response.getheader("Last-Modified")),
                content_type=(response.getheader("Content-Type") or "")[:200],
                content_language=(response.getheader("Content-Language") or "")[:50],
            )
        finally:
            connection.close()
    raise FetchFailed("redirects")


def fetch_feed(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    fetcher: PreviewFetcher | None = None,
    max_bytes: int = MAX_BYTES,
    deadline_seconds: float = DEADLINE_SECONDS,
) -> Fetched:
    """Fetch the feed at ``url``; raise FetchFailed with a short code.

    Never raises anything else for what the network or the server does.
    """
    fetcher = fetcher or build_fetcher()
    watchdog = _Watchdog(deadline_seconds)
    watchdog.start()
    try:
        return _fetch(
            url,
            etag=etag,
            last_modified=last_modified,
            fetcher=fetcher,
            watchdog=watchdog,
            max_bytes=max_bytes,
        )
    except FetchFailed as failed:
        if watchdog.expired and failed.code != "refused":
            raise FetchFailed("timeout") from None
        raise
    except (OSError, http.client.HTTPException, ssl.SSLError, ValueError) as exc:
        if watchdog.expired or isinstance(exc, TimeoutError):
            raise FetchFailed("timeout") from None
        raise FetchFailed("unreachable", type(exc).__name__[:60]) from None
    finally:
        watchdog.cancel()
