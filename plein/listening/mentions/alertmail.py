"""Candidate mentions from an alert e-mail (Google Alerts and the like).

``extract_alert_links(message)`` reads the HTML body of an alert, or its
plain-text body when there is no HTML, and answers each result link with
its title and excerpt:

- redirect wrappers are unwrapped (Google's ``/url?url=``, Bing's
  ``/ck/a?u=a1<base64>``, Outlook Safe Links, Facebook's ``l.php`` and
  Proofpoint's v2 URL Defense), also when one wraps another;
- the service's own links (unsubscribe, settings, help, feedback, "see
  more results", share buttons, anything on google.*) are skipped;
- only http(s) links are kept, each once, at most MAX_LINKS;
- an alert forwarded by a colleague works too, inline or attached
  (message/rfc822, or an attached .eml file).

Everything is bounded: the HTML is read by a small linear scanner instead of
``html.parser``, because the standard library's parser (Python 3.12.1) and
nh3's html5ever both took minutes on some megabyte-sized hostile inputs
(docs/listening-sentiment-and-alerts.md). The scanner needs no tree: an
alert is a list of links with some text after each.
"""

import base64
import binascii
import codecs
import html
import re
from dataclasses import dataclass
from email import policy
from email.message import Message
from email.parser import BytesParser
from urllib.parse import parse_qs, unquote, urlsplit

MAX_LINKS = 100
MAX_TITLE_CHARS = 300
MAX_EXCERPT_CHARS = 1000
MAX_URL_CHARS = 2048
# Only the start of a body is read; real alerts are well under 200 kB.
MAX_BODY_CHARS = 500_000
MAX_PARTS = 200
# A forward of a forward of an alert is depth 2.
MAX_FORWARD_DEPTH = 5
MAX_ATTACHED_EML_BYTES = 5 * 1024 * 1024
# Wrappers nest (Safe Links around a Google redirect); more than this is a loop.
MAX_UNWRAP = 5


@dataclass(frozen=True)
class AlertLink:
    url: str
    title: str
    excerpt: str


def extract_alert_links(message: Message) -> list[AlertLink]:
    """The result links of an alert mail, in order, unwrapped and deduplicated.

    ``message`` is any parsed message (``email.message.EmailMessage`` or the
    compat32 ``Message`` the mail gateway uses). Never raises on a broken
    message; answers at most MAX_LINKS links.
    """
    found: dict[str, AlertLink] = {}
    for kind, body in _bodies(message):
        candidates = _html_links(body) if kind == "html" else _text_links(body)
        for url, title, excerpt in candidates:
            link = _build_link(url, title, excerpt)
            if link is None:
                continue
            known = found.get(link.url)
            if known is None:
                if len(found) >= MAX_LINKS:
                    return list(found.values())
                found[link.url] = link
            elif not known.title and link.title:
                # A logo links to the article first; its title comes later.
                found[link.url] = link
    return list(found.values())


def unwrap_url(url: str) -> str:
    """``url`` without the redirect wrappers of mail and search services."""
    for _ in range(MAX_UNWRAP):
        inner = _unwrap_once(url)
        if inner is None:
            return url
        url = inner
    return url


# Parts of the message -------------------------------------------------------


def _bodies(message: Message) -> list[tuple[str, str]]:
    """("html" | "plain", text) for each body, forwarded ones included.

    Within a multipart/alternative, the plain text is left out when there
    is an HTML version. Walks without recursion and within MAX_PARTS.
    """
    leaves: list[tuple[str, int | None, str]] = []
    # (part, forward depth, id of the nearest multipart/alternative)
    stack: list[tuple[Message, int, int | None]] = [(message, 0, None)]
    seen = 0
    while stack and seen < MAX_PARTS:
        part, depth, alternative = stack.pop()
        seen += 1
        content_type = part.get_content_type()
        inner = _forwarded_message(part, content_type)
        if inner is not None:
            if depth < MAX_FORWARD_DEPTH:
                stack.append((inner, depth + 1, None))
            continue
        if part.is_multipart():
            children = part.get_payload()
            if not isinstance(children, list):
                continue
            if content_type == "multipart/alternative":
                alternative = id(part)
            stack.extend(
                (child, depth, alternative)
                for child in reversed(children)
                if isinstance(child, Message)
            )
            continue
        if _is_attachment(part) or content_type not in ("text/html", "text/plain"):
            continue
        kind = "html" if content_type == "text/html" else "plain"
        leaves.append((kind, alternative, _decoded_text(part)))
    with_html = {alt for kind, alt, _text in leaves if kind == "html"}
    return [
        (kind, text)
        for kind, alt, text in leaves
        if kind == "html" or alt is None or alt not in with_html
    ]


def _forwarded_message(part: Message, content_type: str) -> Message | None:
    """The message inside a message/rfc822 part or an attached .eml file."""
    if content_type == "message/rfc822":
        payload = part.get_payload()
        if isinstance(payload, list) and payload and isinstance(payload[0], Message):
            return payload[0]
        return None
    filename = _filename(part).lower()
    if not filename.endswith(".eml") or part.is_multipart():
        return None
    try:
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            return None
        parser = BytesParser(policy=policy.compat32)
        return parser.parsebytes(data[:MAX_ATTACHED_EML_BYTES])
    except Exception:  # the email package fails in many ways on hostile parts
        return None


def _filename(part: Message) -> str:
    try:
        return str(part.get_filename() or "")
    except Exception:  # a hostile RFC 2231 name, an unknown charset
        return ""


def _is_attachment(part: Message) -> bool:
    disposition = str(part.get("content-disposition") or "").split(";")[0]
    return disposition.strip().lower() == "attachment"


def _decoded_text(part: Message) -> str:
    """The part's text: in its declared charset, else Windows-1252, else UTF-8.

    Mail that says UTF-8 but holds Windows-1252 is common, and a URL with a
    replacement character in it would be useless; so a strict decoding is
    tried first and replacement comes last.
    """
    try:
        payload = part.get_payload(decode=True)
        charset = part.get_content_charset()
    except Exception:  # the email package fails in many ways on hostile parts
        return ""
    if not isinstance(payload, bytes):
        return ""
    # Four bytes per character at most: enough for MAX_BODY_CHARS characters.
    is_cut = len(payload) > MAX_BODY_CHARS * 4
    data = payload[: MAX_BODY_CHARS * 4]
    name = (charset or "utf-8").strip().strip('"').lower() or "utf-8"
    for candidate in (name, "cp1252"):
        try:
            # Incremental, so a character cut in two at the end is no error.
            decoder = codecs.getincrementaldecoder(candidate)()
            return str(decoder.decode(data, final=not is_cut))[:MAX_BODY_CHARS]
        except Exception:  # noqa: S112 (unknown names; idna, rot13 fail oddly)
            continue
    return data.decode("utf-8", errors="replace")[:MAX_BODY_CHARS]


# HTML -----------------------------------------------------------------------

_MARKUP_RE = re.compile(r"<[a-zA-Z/!?]")
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]{0,40})([^<>]{0,8000})>")
# Scans only up to the next "<" or ">", so trying it at every "<" is linear.
_UNTERMINATED_RE = re.compile(r"</?[a-zA-Z][^<>]*\Z")
_ATTR_RE = re.compile(
    r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"""
)
_SKIP_CONTENT = {
    name: re.compile(rf"</{name}\s*>", re.IGNORECASE)
    for name in ("script", "style", "title", "template")
}
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"
})  # fmt: skip


class _LinkCollector:
    """Anchors with their text, and the text after each until the next one."""

    def __init__(self) -> None:
        self.links: list[tuple[str, list[str], list[str]]] = []
        self._href: str | None = None
        self._title: list[str] = []
        self._title_chars = 0
        self._alt = ""
        self._excerpt: list[str] | None = None
        self._excerpt_chars = 0
        # Elements such as <script> found to have no closing tag after them.
        self.unclosed: set[str] = set()

    def start_anchor(self, href: str) -> None:
        self.end_anchor()
        self._excerpt = None
        self._href = href
        self._title, self._title_chars, self._alt = [], 0, ""

    def end_anchor(self) -> None:
        if self._href is None:
            return
        title = self._title or [self._alt]
        self._excerpt, self._excerpt_chars = [], 0
        self.links.append((self._href, title, self._excerpt))
        self._href = None

    def image(self, alt: str) -> None:
        if self._href is not None and not self._alt:
            self._alt = alt

    def text(self, data: str) -> None:
        # The caps stop collecting, not reading: a huge text costs one pass.
        if self._href is not None and self._title_chars < MAX_TITLE_CHARS * 2:
            self._title.append(data)
            self._title_chars += len(data)
        elif self._excerpt is not None and self._excerpt_chars < MAX_EXCERPT_CHARS * 2:
            self._excerpt.append(data)
            self._excerpt_chars += len(data)

    def end_excerpt(self) -> None:
        self.end_anchor()
        self._excerpt = None


def _html_links(document: str) -> list[tuple[str, str, str]]:
    """(href, title, excerpt) for each anchor with an href, in order.

    A linear scan: every position is looked at a bounded number of times,
    whatever the nesting or the unclosed constructs. Stops collecting after
    more anchors than could ever be kept.
    """
    collector = _LinkCollector()
    position, length = 0, len(document)
    while position < length and len(collector.links) <= MAX_LINKS * 4:
        # A "<" that cannot open markup is text, as in a browser.
        found = _MARKUP_RE.search(document, position)
        if found is None:
            collector.text(document[position:])
            break
        start = found.start()
        if start > position:
            collector.text(document[position:start])
        position = _read_markup(document, start, collector)
    collector.end_anchor()
    return [
        (
            href,
            _clean_text("".join(title), MAX_TITLE_CHARS),
            _clean_text("".join(excerpt), MAX_EXCERPT_CHARS),
        )
        for href, title, excerpt in collector.links
    ]


def _read_markup(document: str, start: int, collector: _LinkCollector) -> int:
    """Handle the markup at ``start`` (a "<"); answer where to go on."""
    if document.startswith("<!--", start):
        end = document.find("-->", start + 4)
        return len(document) if end < 0 else end + 3
    if document.startswith(("<!", "<?"), start):
        # Doctype, CDATA, Outlook's <![if mso]>, processing instructions.
        end = document.find(">", start + 2)
        return len(document) if end < 0 else end + 1
    match = _TAG_RE.match(document, start)
    if match is None:
        if _UNTERMINATED_RE.match(document, start):
            # A tag cut off by the end of the document is dropped.
            return len(document)
        # A "<" that opens no tag is text, as in a browser.
        collector.text("<")
        return start + 1
    is_end, name, rest = match.group(1) == "/", match.group(2).lower(), match.group(3)
    position = match.end()
    if name == "a" and is_end:
        collector.end_anchor()
    elif name == "a":
        href = _attributes(rest).get("href")
        if href is None:
            collector.end_excerpt()
        else:
            collector.start_anchor(href)
    elif name == "img" and not is_end:
        collector.image(_attributes(rest).get("alt", ""))
    elif name in _SKIP_CONTENT and not is_end and not rest.rstrip().endswith("/"):
        if name in collector.unclosed:
            return position
        closing = _SKIP_CONTENT[name].search(document, position)
        if closing is None:
            # Unclosed, a browser would hide the rest; reading on finds more.
            # Remembered, or every later <script> would search to the end.
            collector.unclosed.add(name)
            return position
        return closing.end()
    elif name == "hr":
        collector.end_excerpt()
    if name in _BLOCK_TAGS:
        collector.text(" ")
    return position


def _attributes(rest: str) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for match in _ATTR_RE.finditer(rest):
        name = match.group(1).lower()
        value = next((g for g in match.groups()[1:] if g is not None), "")
        attributes.setdefault(name, html.unescape(value))
    return attributes


# Plain text -----------------------------------------------------------------

_URL_RE = re.compile(r"https?://[^\s<>\"'\x00-\x1f]{1,4096}", re.IGNORECASE)
_QUOTE_RE = re.compile(r"^(?:[ \t]*>)+[ \t]?")
# Lines that start a new context: forward headers and alert section titles.
_BREAK_RE = re.compile(
    r"^(?:-{2,}.*|={2,}.*|_{5,}|begin forwarded message:?|"
    r"(?:from|to|cc|date|sent|subject|van|aan|datum|verzonden|onderwerp)\s*:.*)$",
    re.IGNORECASE,
)
_MAX_PENDING_LINES = 20


def _text_links(body: str) -> list[tuple[str, str, str]]:
    """(url, title, excerpt) for each URL in a plain-text alert.

    The title is the text before the URL on its line, or else the first line
    of the paragraph above it (Google's plain-text alerts put the title, the
    source and the snippet right above the link); the excerpt is the rest.
    """
    found = []
    paragraph: list[str] = []
    previous: list[str] = []
    for raw_line in body.splitlines():
        line = _QUOTE_RE.sub("", raw_line).strip()
        if not line:
            if paragraph:
                previous, paragraph = paragraph, []
            continue
        if _BREAK_RE.match(line):
            previous, paragraph = [], []
            continue
        matches = list(_URL_RE.finditer(line))
        if not matches:
            if len(paragraph) < _MAX_PENDING_LINES:
                paragraph.append(line)
            continue
        block = paragraph or previous
        before = line[: matches[0].start()].strip(" \t<:|-\u2013")
        title = before if any(c.isalpha() for c in before) else ""
        lines = block if title else block[1:]
        title = title or (block[0] if block else "")
        for match in matches:
            url = match.group().rstrip(".,;:!?)]}'\"")
            found.append(
                (
                    url,
                    _clean_text(title, MAX_TITLE_CHARS, is_html=False),
                    _clean_text(" ".join(lines), MAX_EXCERPT_CHARS, is_html=False),
                )
            )
            if len(found) > MAX_LINKS * 4:
                return found
        previous, paragraph = [], []
    return found


# Links ----------------------------------------------------------------------

_INVISIBLE_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff]"
)
_GOOGLE_HOST_RE = re.compile(
    r"^(?:[a-z0-9-]+\.)*google\.(?:[a-z]{2,3}|co\.[a-z]{2}|com\.[a-z]{2})$"
)
_SERVICE_HOSTS = ("talkwalker.com", "mention.com")
_SHARE_PATHS = {
    "facebook.com": ("/sharer", "/share.php", "/dialog/share"),
    "twitter.com": ("/intent/", "/share"),
    "x.com": ("/intent/", "/share"),
    "linkedin.com": ("/sharearticle", "/sharing/", "/cws/share"),
}
# Path segments that mark an alert service's housekeeping pages.
_SERVICE_SEGMENTS = frozenset({
    "unsubscribe", "optout", "opt-out", "preferences", "settings", "feedback",
    "help", "manage", "afmelden", "uitschrijven", "instellingen", "voorkeuren"
})  # fmt: skip
# Link texts of housekeeping links, lowercased and collapsed.
_SERVICE_TEXTS = frozenset(
    {
        "unsubscribe",
        "flag as irrelevant",
        "see more results",
        "see all results",
        "edit this alert",
        "view all your alerts",
        "manage your alerts",
        "settings",
        "help",
        "feedback",
        "send feedback",
        "view in browser",
        "view this email in your browser",
        "afmelden",
        "uitschrijven",
        "markeren als niet relevant",
        "markeren als irrelevant",
        "meer resultaten bekijken",
        "alle resultaten bekijken",
        "deze melding bewerken",
        "deze melding wijzigen",
        "al je meldingen bekijken",
        "meldingen beheren",
        "instellingen",
        "feedback geven",
        "bekijk in je browser",
        "bekijken in browser",
    }
)


def _build_link(href: str, title: str, excerpt: str) -> AlertLink | None:
    url = _valid_url(unwrap_url(href.strip()))
    if url is None or _is_service_link(url, title):
        return None
    return AlertLink(url=url, title=title, excerpt=excerpt)


def _valid_url(url: str) -> str | None:
    if len(url) > MAX_URL_CHARS or any(c.isspace() or ord(c) < 32 for c in url):
        return None
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not hostname:
        return None
    return url


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def _host_is(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def _is_service_link(url: str, title: str) -> bool:
    """Whether ``url`` is the alert service's own link, not a result."""
    host = _host(url)
    if _GOOGLE_HOST_RE.match(host):
        return True
    if any(_host_is(host, domain) for domain in _SERVICE_HOSTS):
        return True
    path = urlsplit(url).path.lower()
    for domain, prefixes in _SHARE_PATHS.items():
        if _host_is(host, domain) and path.startswith(prefixes):
            return True
    if _SERVICE_SEGMENTS.intersection(path.split("/")):
        return True
    return title.lower().rstrip(" :>\u00bb\u203a") in _SERVICE_TEXTS


def _first_http(query: dict[str, list[str]], *names: str) -> str | None:
    for name in names:
        for value in query.get(name, []):
            if value.lower().startswith(("http://", "https://")):
                return value
    return None


def _unwrap_once(url: str) -> str | None:
    """The URL inside one redirect wrapper, or None when ``url`` is no wrapper."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        query = parse_qs(parts.query, max_num_fields=200)
    except ValueError:
        return None
    path = parts.path
    if _GOOGLE_HOST_RE.match(host) and path == "/url":
        return _first_http(query, "url", "q")
    if host.endswith(".safelinks.protection.outlook.com"):
        return _first_http(query, "url")
    if _host_is(host, "bing.com") and path == "/ck/a":
        return _bing_target(query.get("u", []))
    if _host_is(host, "bing.com") and path.lower() == "/news/apiclick.aspx":
        return _first_http(query, "url")
    if host in ("l.facebook.com", "lm.facebook.com") and path == "/l.php":
        return _first_http(query, "u")
    if host == "urldefense.proofpoint.com" and path == "/v2/url":
        # v2 writes "%" as "-" and "/" as "_" in its u parameter.
        for value in query.get("u", []):
            return unquote(value.replace("-", "%").replace("_", "/"))
    return None


def _bing_target(values: list[str]) -> str | None:
    """Bing's u parameter: "a1" and the target in unpadded URL-safe base64."""
    for value in values:
        if not value.startswith("a1"):
            continue
        encoded = value[2:]
        try:
            decoded = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
            target = decoded.decode("utf-8")
        except (binascii.Error, ValueError):
            continue
        if target.lower().startswith(("http://", "https://")):
            return target
    return None


def _clean_text(text: str, limit: int, *, is_html: bool = True) -> str:
    """Entities decoded, invisible characters dropped, whitespace collapsed, cut."""
    if is_html:
        text = html.unescape(text)
    text = " ".join(_INVISIBLE_RE.sub("", text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:") + "…"
