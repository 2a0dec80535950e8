"""Fetching the title of a page a post links to, without reaching inside.

A URL in a post is typed by anyone, and the server fetching it stands inside
the organisation's network: a classic way in (SSRF). The guard:

- only http and https, and at most ``MAX_REDIRECTS`` redirects, each one
  checked again exactly like the first URL;
- every hop's host name is resolved once (``PreviewFetcher.resolve``), every
  address it resolves to must be public (``is_public_address``), and the
  connection goes to the checked address, never to the name again: a DNS
  answer that changes between the check and the connection (rebinding) has
  no say;
- the Host header, TLS SNI and the certificate check still use the name;
- a short time-out, and at most ``MAX_BYTES`` read.
"""

import codecs
import html
import http.client
import ipaddress
import re
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings

TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
META_RE = re.compile(
    r"<meta[^>]+(?:property|name)=[\"'](og:title|og:description|description)[\"'][^>]*content=[\"']([^\"']*)[\"']",
    re.IGNORECASE,
)
MAX_BYTES = 256 * 1024
MAX_REDIRECTS = 3
REDIRECTS = {301, 302, 303, 307, 308}
# The characters a request target may carry as they are (RFC 3986).
URL_SAFE = "/%:@!$&'()*+,;=-._~?"
# NAT64's well-known prefix: the last 32 bits are an IPv4 address that a
# translator on the network connects to.
NAT64 = ipaddress.ip_network("64:ff9b::/96")

Resolver = Callable[[str, int], list[str]]
AddressRule = Callable[[str], bool]


class PreviewRefused(Exception):
    """The URL (or a redirect) leads somewhere a preview may not go."""


def system_resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, in the order to try them."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public_address(value: str) -> bool:
    """Whether a preview may connect to ``value`` (an IP address as text).

    Only globally routable unicast addresses: not private, loopback,
    link-local, shared (100.64.0.0/10, carrier-grade NAT), multicast,
    reserved, unspecified or documentation ranges. An IPv6 address that
    carries an IPv4 address is judged by that address too: IPv4-mapped
    addresses are refused outright (a dual-stack socket reaches the IPv4
    host), 6to4, Teredo and NAT64 addresses by what they embed.
    """
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return False
        if address in NAT64:
            # Python calls the whole prefix reserved; what counts is the
            # IPv4 host the translator would connect to.
            return is_public_address(
                str(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
            )
        embedded = address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is not None and not is_public_address(str(embedded)):
            return False
        if address.is_site_local:
            return False
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def allow_any_address(value: str) -> bool:
    """LINK_PREVIEWS_ALLOW_PRIVATE: development and tests only."""
    return True


class PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to ``address``, while the Host header names ``host``."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.pinned_address = address

    def connect(self) -> None:
        self.sock = socket.create_connection(
            (self.pinned_address, self.port), self.timeout
        )


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to ``address``; SNI and the certificate check use ``host``."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.pinned_address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.pinned_address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


@dataclass(frozen=True)
class _Hop:
    scheme: str
    host: str
    port: int
    target: str
    address: str


@dataclass
class PreviewFetcher:
    """Fetches one page's title and description, checking every hop.

    ``resolve`` and ``is_allowed`` are the two decisions a test may replace:
    which addresses a name has (called exactly once per hop) and which
    addresses may be connected to.
    """

    resolve: Resolver = system_resolve
    is_allowed: AddressRule = is_public_address
    timeout: float = 5.0

    def check(self, url: str) -> _Hop:
        """Resolve and check one URL; raise PreviewRefused if it may not be fetched."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise PreviewRefused(url)
        try:
            host = parts.hostname.encode("idna").decode("ascii")
            port = parts.port or (443 if scheme == "https" else 80)
        except (UnicodeError, ValueError):
            raise PreviewRefused(url) from None
        try:
            addresses = self.resolve(host, port)
        except OSError:
            raise PreviewRefused(url) from None
        # Every answer must be allowed, not just the one used: a name that
        # also points inside is not a public page.
        if not addresses or not all(self.is_allowed(a) for a in addresses):
            raise PreviewRefused(url)
        target = quote(parts.path or "/", safe=URL_SAFE)
        if parts.query:
            target += "?" + quote(parts.query, safe=URL_SAFE)
        return _Hop(scheme, host, port, target, addresses[0])

    def _open(self, hop: _Hop) -> Any:
        cls = PinnedHTTPSConnection if hop.scheme == "https" else PinnedHTTPConnection
        return cls(hop.host, hop.port, address=hop.address, timeout=self.timeout)

    def fetch(self, url: str) -> tuple[str, str]:
        """(title, description) of the page at ``url``; empty when refused.

        Raises OSError (or ValueError) when the page cannot be reached.
        """
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                hop = self.check(url)
            except PreviewRefused:
                return "", ""
            connection = self._open(hop)
            try:
                connection.request(
                    "GET", hop.target, headers={"User-Agent": "Plein link preview"}
                )
                response = connection.getresponse()
                if response.status in REDIRECTS:
                    location = response.getheader("Location") or ""
                    if not location:
                        return "", ""
                    url = urljoin(url, location)
                    continue
                if response.status != 200:
                    return "", ""
                if "html" not in (response.getheader("Content-Type") or ""):
                    return "", ""
                raw = response.read(MAX_BYTES)
                charset = response.headers.get_content_charset() or "utf-8"
            finally:
                connection.close()
            return parse_title(raw, charset)
        return "", ""


def parse_title(raw: bytes, charset: str) -> tuple[str, str]:
    """The page's title and description (og: tags first), whitespace folded."""
    try:
        codecs.lookup(charset)
    except LookupError:
        charset = "utf-8"
    text = raw.decode(charset, errors="replace")
    meta = {key.lower(): html.unescape(value) for key, value in META_RE.findall(text)}
    match = TITLE_RE.search(text)
    title = meta.get("og:title") or (html.unescape(match.group(1)) if match else "")
    description = meta.get("og:description") or meta.get("description", "")
    return " ".join(title.split())[:300], " ".join(description.split())[:500]


def fetch_title(url: str, *, fetcher: PreviewFetcher | None = None) -> tuple[str, str]:
    """(title, description) of a linked page, through the guard above.

    With LINK_PREVIEWS_ALLOW_PRIVATE every address is allowed (development);
    the name is still resolved once and the checked address connected to.
    """
    if fetcher is None:
        fetcher = PreviewFetcher(
            is_allowed=allow_any_address
            if settings.LINK_PREVIEWS_ALLOW_PRIVATE
            else is_public_address
        )
    return fetcher.fetch(url)
