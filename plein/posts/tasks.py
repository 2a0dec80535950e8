"""Link previews: the title of a page a post links to.

Fetching a URL someone typed is a way into the internal network (SSRF), so
only http(s) on public addresses is fetched, with a short time-out, no
redirects to other hosts and at most 256 KB read.
"""

import html
import ipaddress
import logging
import re
import socket
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from plein.core.tasks import retrying_task

logger = logging.getLogger(__name__)
TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
META_RE = re.compile(
    r"<meta[^>]+(?:property|name)=[\"'](og:title|og:description|description)[\"'][^>]*content=[\"']([^\"']*)[\"']",
    re.IGNORECASE,
)
MAX_BYTES = 256 * 1024


def _is_public_host(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if (
            address.is_private
            or address.is_loopback
            or address.is_link_local
            or address.is_reserved
            or address.is_multicast
        ):
            return False
    return True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch_title(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "", ""
    if not settings.LINK_PREVIEWS_ALLOW_PRIVATE and not _is_public_host(parts.hostname):
        return "", ""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"User-Agent": "Plein link preview"})  # noqa: S310
    with opener.open(request, timeout=5) as response:
        if "html" not in response.headers.get("Content-Type", ""):
            return "", ""
        raw = response.read(MAX_BYTES)
        charset = response.headers.get_content_charset() or "utf-8"
    text = raw.decode(charset, errors="replace")
    meta = {key.lower(): html.unescape(value) for key, value in META_RE.findall(text)}
    match = TITLE_RE.search(text)
    title = meta.get("og:title") or (html.unescape(match.group(1)) if match else "")
    description = meta.get("og:description") or meta.get("description", "")
    return " ".join(title.split())[:300], " ".join(description.split())[:500]


@retrying_task
def fetch_link_previews(*, post_id: int, urls: list[str]) -> int:
    """Attach titles of linked pages to a post; each URL is fetched once a day at most."""
    from plein.posts.models import LinkPreview, Post

    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        return 0
    done = 0
    for url in urls[:3]:
        preview, _created = LinkPreview.objects.get_or_create(url=url[:2000])
        fresh = preview.fetched_at and (timezone.now() - preview.fetched_at).days < 1
        if not fresh:
            try:
                title, description = fetch_title(url)
            except (OSError, ValueError) as exc:
                logger.info("link preview for %s failed: %s", url, exc)
                title, description = "", ""
            preview.title, preview.description = title, description
            preview.is_ok, preview.fetched_at = bool(title), timezone.now()
            preview.save(update_fields=["title", "description", "is_ok", "fetched_at"])
        preview.posts.add(post)
        done += 1
    return done
