"""One spelling per web page, so a mention found twice is one mention.

``canonical_url`` folds what does not change the page a URL points to:

- the scheme and host in lower case (the host as IDNA ASCII, without a
  trailing dot), the default port (80, 443), user names and passwords, and
  the fragment are dropped;
- tracking parameters go (``utm_*``, ``mc_*``, ``fbclid``, ``gclid`` and a
  few more of the same kind); the others are sorted;
- the path loses ``.`` and ``..`` segments and a trailing slash (except the
  root), and non-ASCII characters are percent-encoded, escapes in upper
  case.

Only http and https are accepted. The result is ASCII, at most
``URL_MAX_LENGTH`` characters.
"""

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

URL_MAX_LENGTH = 2000
DEFAULT_PORTS = {"http": 80, "https": 443}
TRACKING_PREFIXES = ("utm_", "mc_")
TRACKING_NAMES = frozenset(
    {"fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "igshid", "_hsenc"}
)
# Characters kept as they are in a path (RFC 3986), with "%" so existing
# escapes survive; in a query's names and values, which are decoded first,
# without "&", "=" and "+", which would change their meaning.
PATH_SAFE = "/%:@!$&'()*+,;=-._~"
QUERY_SAFE = ":@!$'()*,;/?-._~"
ESCAPE_RE = re.compile(r"%[0-9a-fA-F]{2}")


class NotCanonical(ValueError):
    """The text is not an http(s) URL that can name a page."""


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name.startswith(TRACKING_PREFIXES) or name in TRACKING_NAMES


def _remove_dot_segments(path: str) -> str:
    kept: list[str] = []
    for segment in path.split("/")[1:]:
        if segment == "..":
            if kept:
                kept.pop()
        elif segment != ".":
            kept.append(segment)
    # "/a/." and "/a/.." end in a directory.
    if path.endswith(("/.", "/..")):
        kept.append("")
    return "/" + "/".join(kept)


def _upper_escapes(text: str) -> str:
    return ESCAPE_RE.sub(lambda m: m.group(0).upper(), text)


def canonical_url(url: str) -> str:
    """The canonical spelling of ``url``; raises NotCanonical otherwise."""
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise NotCanonical(url) from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise NotCanonical(url)
    try:
        host = parts.hostname.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        raise NotCanonical(url) from None
    if not host:
        raise NotCanonical(url)
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _remove_dot_segments(parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    path = _upper_escapes(quote(path, safe=PATH_SAFE))
    pairs = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(name)
    ]
    query = urlencode(sorted(pairs), quote_via=quote, safe=QUERY_SAFE)
    result = urlunsplit((scheme, netloc, path, query, ""))
    if len(result) > URL_MAX_LENGTH:
        raise NotCanonical(url)
    return result
