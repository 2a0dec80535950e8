"""Bounded parsing of one raw message into what the gateway rules need.

Everything here is pure: bytes in, a ``ParsedMail`` out, or a
``GatewayError`` saying why not. The limits are checked before the MIME
parser runs (size, header block, number of Content-Type headers), so a
hostile message costs at most one linear scan of at most MAIL_MAX_BYTES.

Parsing uses the ``compat32`` policy on purpose: its header handling is
plain string work, while the modern policy's header parser has shown
super-linear behaviour on hostile headers. Headers are decoded by hand
with replacement for unknown charsets, so nothing here raises on bad input
except the explicit limits.
"""

import base64
import binascii
import codecs
import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr

import nh3
from django.conf import settings
from django.utils.translation import gettext as _
from markdownify import markdownify

from plein.mail.gateway.errors import MalformedMail, MessageTooBig

MAX_DEPTH = 10
MAX_PARTS = 200
MAX_HEADER_BYTES = 256 * 1024
MAX_REFERENCES = 50

_CALENDAR_TYPES = ("text/calendar", "application/ics")
_ID_RE = re.compile(r"<([^<>\s]{1,250})>")
_CONTENT_TYPE_RE = re.compile(rb"(?im)^content-type\s*:")
_HTML_TAGS = {
    "a", "b", "blockquote", "br", "code", "div", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "span", "strong", "table",
    "tbody", "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip


@dataclass(frozen=True)
class MailAttachment:
    filename: str
    content_type: str
    data: bytes


@dataclass
class ParsedMail:
    message_id: str
    from_address: str
    from_name: str
    subject: str
    to: list[str]
    cc: list[str]
    references: list[str]
    text: str
    html: str
    attachments: list[MailAttachment]
    authentication_results: list[str]
    size: int
    refused_parts: list[str] = field(default_factory=list)
    date: str = ""
    # Outlook's conversation (the first 22 bytes of Thread-Index, in hex) and
    # its Thread-Topic: replies keep both even when they drop References.
    conversation: str = ""
    thread_topic: str = ""
    # Auto-Submitted other than "no" (RFC 3834): out-of-office replies,
    # bounces, Plein's own notifications. Never a post or a comment.
    auto_submitted: bool = False
    # The first text/calendar part (an iTIP reply from a calendar client),
    # inline or attached; features read it (gateway/extensions.py).
    calendar: str = ""

    @property
    def recipients(self) -> list[str]:
        """Distinct To and Cc addresses, in order."""
        return list(dict.fromkeys([*self.to, *self.cc]))


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Decode with the declared charset; unknown charsets fall back to UTF-8."""
    name = (charset or "utf-8").strip().strip('"').lower() or "utf-8"
    if name in ("unknown-8bit", "x-unknown"):
        name = "utf-8"
    try:
        codecs.lookup(name)
    except (LookupError, ValueError):
        name = "utf-8"
    try:
        return data.decode(name, errors="replace")
    except Exception:  # codecs such as idna or rot13 fail in odd ways
        return data.decode("utf-8", errors="replace")


def decode_header_value(raw: object) -> str:
    """A header as text: RFC 2047 words decoded, 8-bit bytes taken as UTF-8."""
    if raw is None:
        return ""
    text = str(raw)
    # compat32 keeps undecodable header bytes as surrogate escapes.
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    try:
        chunks = decode_header(text)
    except Exception:
        chunks = [(text, None)]
    out = []
    for chunk, charset in chunks:
        if isinstance(chunk, bytes) and charset is None:
            # decode_header() returns the unencoded stretches this way.
            out.append(chunk.decode("raw-unicode-escape", errors="replace"))
        elif isinstance(chunk, bytes):
            out.append(decode_bytes(chunk, charset))
        else:
            out.append(chunk)
    return " ".join("".join(out).split())


def _raw_headers(msg: Message, name: str) -> list[str]:
    # raw_items() keeps 8-bit bytes as surrogate escapes, which get() would
    # already have replaced for an "unknown-8bit" header.
    return [value for key, value in msg.raw_items() if key.lower() == name]


def _header(msg: Message, name: str) -> str:
    values = _raw_headers(msg, name)
    return decode_header_value(values[0]) if values else ""


def _addresses(msg: Message, *names: str) -> list[str]:
    values = [decode_header_value(v) for n in names for v in _raw_headers(msg, n)]
    found = []
    for _name, address in getaddresses(values):
        address = address.strip().strip("<>").lower()
        if "@" in address and len(address) <= 254:
            found.append(address)
    return list(dict.fromkeys(found))


def build_message_id(raw: bytes, header_value: str) -> str:
    """The Message-ID, or a hash of the bytes when there is none (or it is absurd)."""
    match = _ID_RE.search(header_value)
    if match:
        return match.group(1)
    value = header_value.strip()
    if value and len(value) <= 250 and " " not in value:
        return value
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def check_size(raw: bytes) -> None:
    """Refuse a message over MAIL_MAX_BYTES before anything parses it."""
    if len(raw) > settings.MAIL_MAX_BYTES:
        raise MessageTooBig(
            _("The message is larger than %(limit)d MB.")
            % {"limit": max(1, settings.MAIL_MAX_BYTES // (1024 * 1024))}
        )


def _precheck(raw: bytes) -> None:
    check_size(raw)
    end = raw.find(b"\r\n\r\n")
    end2 = raw.find(b"\n\n")
    ends = [e for e in (end, end2) if e >= 0]
    header_end = min(ends) if ends else len(raw)
    if header_end > MAX_HEADER_BYTES:
        raise MalformedMail(_("The message headers are too large."))
    # Every MIME part has a Content-Type; far more of them than parts we
    # accept is a bomb, refused before the parser builds any tree.
    if len(_CONTENT_TYPE_RE.findall(raw)) > MAX_PARTS + 1:
        raise MalformedMail(_("The message has too many parts."))


def _iter_parts(msg: Message) -> list[Message]:
    """Leaf parts, depth-first, without recursion, within the limits."""
    leaves: list[Message] = []
    stack: list[tuple[Message, int]] = [(msg, 0)]
    seen = 0
    while stack:
        part, depth = stack.pop()
        seen += 1
        if seen > MAX_PARTS:
            raise MalformedMail(_("The message has too many parts."))
        if depth > MAX_DEPTH:
            raise MalformedMail(_("The message is nested too deeply."))
        if part.is_multipart():
            children = part.get_payload()
            if not isinstance(children, list):
                raise MalformedMail(_("The message structure is broken."))
            for child in reversed(children):
                if not isinstance(child, Message):
                    raise MalformedMail(_("The message structure is broken."))
                stack.append((child, depth + 1))
        else:
            leaves.append(part)
    return leaves


def _filename(part: Message) -> str:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    return decode_header_value(name) if name else ""


def _is_attachment(part: Message) -> bool:
    disposition = (part.get("content-disposition") or "").split(";")[0].strip()
    if disposition.lower() == "attachment" or _filename(part):
        return True
    return part.get_content_maintype() not in ("text", "multipart")


def html_to_markdown(html: str) -> str:
    """Sanitise with nh3 first (scripts, styles, event handlers go), then convert."""
    clean = nh3.clean(html, tags=_HTML_TAGS, attributes={"a": {"href"}})
    text = markdownify(clean, heading_style="ATX", bullets="-")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def parse_tree(raw: bytes) -> Message:
    """The standard library's tree of ``raw`` (compat32), within the limits.

    What ``parse_message`` reads its fields from; features that read a mail
    themselves (gateway/extensions.py) get the same tree.
    """
    _precheck(raw)
    try:
        return BytesParser(policy=policy.compat32).parsebytes(raw)
    except RecursionError:
        raise MalformedMail(_("The message is nested too deeply.")) from None
    except Exception:
        raise MalformedMail(_("The message could not be read.")) from None


def parse_message(raw: bytes) -> ParsedMail:
    """Parse ``raw`` within bounded time and memory, or raise a GatewayError."""
    msg = parse_tree(raw)
    from_name, from_address = parseaddr(_header(msg, "from"))
    from_address = from_address.strip().lower()
    if "@" not in from_address:
        raise MalformedMail(_("The message has no valid From address."))
    if msg.is_multipart() and not isinstance(msg.get_payload(), list):
        raise MalformedMail(_("The message structure is broken."))
    leaves = _iter_parts(msg)
    if msg.is_multipart() and not msg.get_payload():
        raise MalformedMail(_("The multipart message has no parts."))

    text = html = other = calendar = ""
    attachments: list[MailAttachment] = []
    refused: list[str] = []
    for part in leaves:
        try:
            payload = part.get_payload(decode=True)
        except Exception:
            payload = None
        if not isinstance(payload, bytes):
            payload = b""
        content_type = part.get_content_type()
        if content_type in _CALENDAR_TYPES and not calendar:
            calendar = decode_bytes(payload, part.get_content_charset())
        if _is_attachment(part):
            name = _filename(part) or _("unnamed file")
            if payload:
                attachments.append(MailAttachment(name, content_type, payload))
            else:
                refused.append(name)
            continue
        body = decode_bytes(payload, part.get_content_charset())
        if content_type == "text/html" and not html:
            html = body
        elif content_type == "text/plain" and not text:
            text = body
        elif not other:
            # text/enriched, a calendar invitation: better than nothing.
            other = body
    refs = _ID_RE.findall(_header(msg, "in-reply-to"))
    refs += _ID_RE.findall(_header(msg, "references"))
    return ParsedMail(
        message_id=build_message_id(raw, _header(msg, "message-id")),
        from_address=from_address,
        from_name=from_name,
        subject=_header(msg, "subject"),
        to=_addresses(msg, "to"),
        cc=_addresses(msg, "cc"),
        references=list(dict.fromkeys(refs))[:MAX_REFERENCES],
        text=(text or ("" if html else other)).replace("\r\n", "\n"),
        html=html,
        attachments=attachments,
        authentication_results=[
            decode_header_value(v) for v in _raw_headers(msg, "authentication-results")
        ],
        size=len(raw),
        refused_parts=refused,
        date=_header(msg, "date"),
        conversation=conversation_of(_header(msg, "thread-index")),
        thread_topic=_header(msg, "thread-topic"),
        auto_submitted=_header(msg, "auto-submitted").strip().lower() not in ("", "no"),
        calendar=calendar,
    )


def conversation_of(thread_index: str) -> str:
    """The conversation an Outlook Thread-Index belongs to, or "".

    The header is base64: a 22-byte header block (a time and a GUID) that
    every reply keeps, then five bytes per reply.
    """
    try:
        block = base64.b64decode(thread_index.strip(), validate=True)[:22]
    except (binascii.Error, ValueError):
        return ""
    return block.hex() if len(block) == 22 else ""


# Quote and signature stripping --------------------------------------------

_ATTRIBUTION_RE = re.compile(
    r"^\s*(on|op|am|le)\b.{0,300}\b(wrote|schreef|schrieb|a écrit)\b[^:\n]{0,80}:\s*$",
    re.IGNORECASE,
)
_ORIGINAL_RE = re.compile(
    r"^\s*-{2,}\s*(original message|oorspronkelijk bericht|origineel bericht"
    r"|forwarded message|doorgestuurd bericht)\s*-{2,}\s*$",
    re.IGNORECASE,
)
_OUTLOOK_FROM_RE = re.compile(r"^\s*\**(from|van)\s*:\**\s", re.IGNORECASE)
_OUTLOOK_SENT_RE = re.compile(
    r"^\s*\**(sent|verzonden|date|datum)\s*:\**\s", re.IGNORECASE
)


def strip_signature(text: str) -> str:
    """Cut at the signature separator ``-- `` (RFC 3676), if any."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.rstrip() == "--":
            return "\n".join(lines[:index]).strip()
    return text.strip()


def strip_quotes(text: str) -> str:
    """The new text of a reply: quoted lines, attributions and Outlook blocks go."""
    lines = text.replace("\r\n", "\n").split("\n")
    cut = len(lines)
    for index, line in enumerate(lines):
        pair = f"{line} {lines[index + 1]}" if index + 1 < len(lines) else line
        if _ATTRIBUTION_RE.match(line) or (
            # Gmail wraps long attributions over two lines.
            not line.startswith(">") and _ATTRIBUTION_RE.match(pair)
        ):
            cut = index
            break
        if _ORIGINAL_RE.match(line):
            cut = index
            break
        if set(line.strip()) == {"_"} and len(line.strip()) >= 20:
            cut = index
            break
        if _OUTLOOK_FROM_RE.match(line) and any(
            _OUTLOOK_SENT_RE.match(following)
            for following in lines[index + 1 : index + 4]
        ):
            cut = index
            break
    kept = [line for line in lines[:cut] if not line.lstrip().startswith(">")]
    return strip_signature("\n".join(kept))


def build_body(mail: ParsedMail, *, for_reply: bool) -> str:
    """Markdown for the post or comment.

    A reply uses the text/plain part when there is one: quoting there is
    marked by ``>`` and attribution lines that strip reliably, while HTML
    quoting differs per client. A new post prefers the HTML part: lists,
    links, emphasis and tables survive the conversion to Markdown, where the
    plain alternative that Outlook generates flattens them.
    """
    if for_reply:
        source = mail.text or (html_to_markdown(mail.html) if mail.html else "")
        return strip_quotes(source)
    if mail.html:
        return strip_signature(html_to_markdown(mail.html))
    return strip_signature(mail.text)
