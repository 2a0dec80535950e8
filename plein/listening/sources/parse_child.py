"""The child process that reads feeds (started by ``parsing.py``, never imported).

It runs as ``python -I parse_child.py <memory bytes>`` with an empty
environment: no settings, no database, no secrets, only the standard
library and feedparser. It limits its own address space (RLIMIT_AS) and
may write no files; the parent kills it when a feed takes too long.

The protocol: once its limits are set the child writes ``R``; then, one
feed at a time on stdin and stdout, the parent writes
``struct ">II"`` (the length of a JSON header, the length of the body), the
header (``url``, ``content_type``, ``content_language``, ``max_items``) and
the body; the child answers ``struct ">I"`` and a JSON object: ``items``
(``url``, ``title``, ``excerpt``, ``published``: seconds since the epoch
or null, ``language``), the feed's ``title`` and ``language``, or
``error`` (a short code). End of input ends the child.
"""

import calendar
import json
import resource
import struct
import sys
from html.parser import HTMLParser
from typing import Any

import feedparser  # type: ignore[import-untyped]

TEXT_LIMIT = 4000  # characters of text kept from one title or summary
LINK_LIMIT = 4000
READY = b"R"  # written once the limits are set, before the first feed
SKIPPED_TAGS = {"script", "style", "template", "noscript"}
BLOCK_TAGS = {"p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr"}


class _Text(HTMLParser):
    """The text of an HTML fragment: no tags, no scripts, entities resolved."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.size = 0
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1
        elif tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.skipping or self.size > TEXT_LIMIT:
            return
        self.parts.append(data)
        self.size += len(data)


def plain_text(value: Any, detail: Any) -> str:
    """A feed text as plain text: HTML is stripped, plain text kept as is."""
    if not isinstance(value, str) or not value:
        return ""
    kind = detail.get("type", "") if isinstance(detail, dict) else ""
    if "html" in kind:
        parser = _Text()
        parser.feed(value[: TEXT_LIMIT * 20])
        parser.close()
        value = "".join(parser.parts)
    return " ".join(value.split())[:TEXT_LIMIT]


def _language(*details: Any) -> str:
    for detail in details:
        language = detail.get("language") if isinstance(detail, dict) else None
        if isinstance(language, str) and language.strip():
            return language.strip()[:20]
    return ""


def parse(header: dict[str, Any], body: bytes) -> dict[str, Any]:
    """Read one feed into plain items; never raises for what the feed holds."""
    if not body.strip():
        return {"error": "empty"}
    headers = {
        "content-location": str(header.get("url", "")),
        "content-type": str(header.get("content_type", "")),
    }
    if header.get("content_language"):
        headers["content-language"] = str(header["content_language"])
    parsed = feedparser.parse(body, response_headers=headers)
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        return {"error": "not_a_feed"}
    feed = parsed.get("feed") or {}
    feed_language = (
        feed.get("language") if isinstance(feed.get("language"), str) else ""
    )
    items = []
    for entry in entries[: int(header.get("max_items", 200))]:
        link = entry.get("link")
        if not isinstance(link, str) or not link.strip():
            continue
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        try:
            seconds = calendar.timegm(published) if published else None
        except (TypeError, ValueError, OverflowError):
            seconds = None
        items.append(
            {
                "url": link.strip()[:LINK_LIMIT],
                "title": plain_text(entry.get("title"), entry.get("title_detail")),
                "excerpt": plain_text(
                    entry.get("summary"), entry.get("summary_detail")
                ),
                "published": seconds,
                "language": _language(
                    entry.get("title_detail"), entry.get("summary_detail")
                )
                or feed_language,
            }
        )
    return {
        "items": items,
        "title": plain_text(feed.get("title"), feed.get("title_detail"))[:300],
        "language": (feed_language or "")[:20],
    }


def _read_exact(stream: Any, size: int) -> bytes | None:
    data = stream.read(size)
    return data if len(data) == size else None


def main() -> None:
    memory = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    # Nothing a library prints may mix with the answers.
    sys.stdout = sys.stderr
    stdout.write(READY)
    stdout.flush()
    while True:
        sizes = _read_exact(stdin, 8)
        if sizes is None:
            return
        header_size, body_size = struct.unpack(">II", sizes)
        raw_header = _read_exact(stdin, header_size)
        body = _read_exact(stdin, body_size)
        if raw_header is None or body is None:
            return
        try:
            answer = parse(json.loads(raw_header), body)
        except MemoryError:
            answer = {"error": "parse_crashed"}
        except RecursionError:
            answer = {"error": "parse_failed:RecursionError"}
        except Exception as exc:
            answer = {"error": f"parse_failed:{type(exc).__name__[:60]}"}
        out = json.dumps(answer, ensure_ascii=False).encode("utf-8", "replace")
        stdout.write(struct.pack(">I", len(out)) + out)
        stdout.flush()
        if answer.get("error") == "parse_crashed":
            # After running out of memory, start afresh rather than trust
            # whatever state the failure left.
            return


if __name__ == "__main__":
    main()
