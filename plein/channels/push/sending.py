"""Talking to push services: which endpoints are allowed, and the HTTP part.

Each push is encrypted for its device (RFC 8291, aes128gcm, by pywebpush)
and POSTed to the device's push service (RFC 8030) with the server's VAPID
signature (RFC 8292). Sending happens in a small pool of threads, each with
its own keep-alive connection; the threads touch no database: the caller
claims the work before and records the outcomes after
(``plein.channels.push.actions.do_send_push_notifications``).
"""

import ipaddress
import logging
import socket
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
from django.conf import settings
from pywebpush import WebPusher

from plein.posts.previews import is_public_address

logger = logging.getLogger(__name__)

MAX_ENDPOINT_LENGTH = 2000
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def _is_loopback_host(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allows_loopback() -> bool:
    """PUSH_ALLOW_LOOPBACK_HTTP: tests and the benchmark's local push service."""
    return bool(getattr(settings, "PUSH_ALLOW_LOOPBACK_HTTP", False))


def endpoint_problem(url: str) -> str | None:
    """Why ``url`` cannot be a push endpoint, or None when it can.

    Push services are public https servers. An address inside the network
    (or the server itself) is refused, so a subscription cannot make Plein
    send requests to internal services; plain http only to loopback, and
    only with PUSH_ALLOW_LOOPBACK_HTTP.
    """
    if len(url) > MAX_ENDPOINT_LENGTH:
        return "too long"
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return "not a URL"
    if not host or parts.username is not None or parts.password is not None:
        return "not a URL"
    if _is_loopback_host(host) and allows_loopback():
        return None if parts.scheme in ("http", "https") else "not https"
    if parts.scheme != "https":
        return "not https"
    if host.lower() in LOOPBACK_NAMES or host.lower().endswith(".localhost"):
        return "not public"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return None  # a name: checked against its addresses when sending
    return None if is_public_address(host) else "not public"


def host_is_public(host: str) -> bool:
    """Whether every address ``host`` resolves to is public (checked when sending)."""
    if _is_loopback_host(host) and allows_loopback():
        return True
    try:
        infos = socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)
    except OSError:
        return False
    addresses = {info[4][0] for info in infos}
    return bool(addresses) and all(is_public_address(str(a)) for a in addresses)


@dataclass(frozen=True)
class Push:
    """One encrypted request to make: a payload for one device."""

    delivery_id: int
    subscription_id: int
    endpoint: str
    p256dh: str
    auth: str
    payload: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    push: Push
    status: int | None  # None: no answer (refused, timed out)

    @property
    def is_sent(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def is_gone(self) -> bool:
        """The subscription expired or was revoked (RFC 8030 section 7.3)."""
        return self.status in (404, 410)

    @property
    def is_transient(self) -> bool:
        """Worth trying again later: no answer, too many requests, server errors."""
        return self.status is None or self.status == 429 or self.status >= 500


class Sender:
    """Sends pushes from a few threads, one keep-alive session each."""

    def __init__(self, *, concurrency: int | None = None) -> None:
        self.concurrency = max(
            1, concurrency or int(getattr(settings, "PUSH_CONCURRENCY", 8))
        )
        self.ttl = int(getattr(settings, "PUSH_TTL_SECONDS", 24 * 3600))
        self.timeout = float(getattr(settings, "PUSH_TIMEOUT_SECONDS", 10))
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()
        # One pool for the sender's life, so its threads keep their
        # connections from one batch to the next.
        self._pool: ThreadPoolExecutor | None = None

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def _send(self, push: Push) -> Outcome:
        subscription = {
            "endpoint": push.endpoint,
            "keys": {"p256dh": push.p256dh, "auth": push.auth},
        }
        try:
            pusher = WebPusher(subscription, requests_session=self._session())
            response = pusher.send(
                data=push.payload,
                headers=dict(push.headers),
                ttl=self.ttl,
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            logger.warning(
                "push to %s failed: %s", urlsplit(push.endpoint).hostname, exc
            )
            return Outcome(push, None)
        except Exception:
            # A key the encryption refuses: nothing to retry.
            logger.exception(
                "could not encrypt a push for subscription %s", push.subscription_id
            )
            return Outcome(push, 400)
        return Outcome(push, response.status_code)

    def send(self, pushes: Iterable[Push]) -> list[Outcome]:
        batch = list(pushes)
        if len(batch) <= 1 or self.concurrency == 1:
            return [self._send(push) for push in batch]
        if self._pool is None:
            self._pool = ThreadPoolExecutor(
                max_workers=self.concurrency, thread_name_prefix="push"
            )
        return list(self._pool.map(self._send, batch))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        for session in self._sessions:
            session.close()
        self._sessions.clear()

    def __enter__(self) -> "Sender":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
