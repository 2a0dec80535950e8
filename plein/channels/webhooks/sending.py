"""One signed HTTP request to a webhook's URL, and nothing more.

The guard against reaching inside the network (SSRF) is the link previews'
(``plein.posts.previews``): the host name is resolved once, every address
must be public unless WEBHOOKS_ALLOW_PRIVATE_HOSTS says otherwise, and the
connection goes to the checked address (a DNS answer that changes between
check and connection has no say). Redirects are not followed: a 3xx is a
failed attempt. Only ``EXCERPT_BYTES`` of the answer are read.

Signing follows the Standard Webhooks specification with the
``standardwebhooks`` library: ``webhook-id``, ``webhook-timestamp`` and
``webhook-signature``, which lists one signature per secret in use.
"""

import http.client
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from standardwebhooks.webhooks import Webhook as Signer

from plein.posts.previews import (
    PinnedHTTPConnection,
    PinnedHTTPSConnection,
    PreviewFetcher,
    PreviewRefused,
    allow_any_address,
    is_public_address,
)

TIMEOUT_SECONDS = 10.0
EXCERPT_BYTES = 200
USER_AGENT = "Plein-Webhooks/1"


class AddressRefused(Exception):
    """The URL leads to an address a webhook may not be sent to."""


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    duration_ms: int
    error: str = ""
    excerpt: str = ""

    @property
    def is_success(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def build_fetcher() -> PreviewFetcher:
    return PreviewFetcher(
        is_allowed=allow_any_address
        if settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS
        else is_public_address,
        timeout=TIMEOUT_SECONDS,
    )


def check_url_address(url: str) -> None:
    """Raise AddressRefused unless ``url`` resolves to allowed addresses only."""
    try:
        build_fetcher().check(url)
    except PreviewRefused:
        raise AddressRefused(url) from None


def sign(
    secrets: Sequence[str], message_id: str, timestamp: datetime, body: bytes
) -> str:
    """The ``webhook-signature`` header: one ``v1,`` signature per secret."""
    return " ".join(Signer(s).sign(message_id, timestamp, body) for s in secrets)


def send_signed(
    url: str,
    body: bytes,
    *,
    message_id: str,
    timestamp: datetime,
    secrets: Sequence[str],
) -> Outcome:
    """POST ``body`` to ``url``, signed with every secret; never raises."""
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        hop = build_fetcher().check(url)
    except PreviewRefused:
        return Outcome(None, elapsed(), error="address refused")
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": sign(secrets, message_id, timestamp, body),
    }
    cls = PinnedHTTPSConnection if hop.scheme == "https" else PinnedHTTPConnection
    connection = cls(hop.host, hop.port, address=hop.address, timeout=TIMEOUT_SECONDS)
    try:
        connection.request("POST", hop.target, body=body, headers=headers)
        response = connection.getresponse()
        raw = response.read(EXCERPT_BYTES)
        status = response.status
    except (OSError, http.client.HTTPException) as exc:
        error = "timed out" if isinstance(exc, TimeoutError) else type(exc).__name__
        return Outcome(None, elapsed(), error=error[:200])
    finally:
        connection.close()
    excerpt = raw.decode("utf-8", errors="replace")
    error = "" if 200 <= status < 300 else f"HTTP {status}"
    return Outcome(status, elapsed(), error=error, excerpt=excerpt)
