"""Safe Markdown: the only way user text becomes HTML.

markdown-it-py parses CommonMark (raw HTML off), a core rule turns @mentions
and #hashtags into links, and nh3 sanitises the result with an allow-list, so
no script, event handler, ``javascript:`` URL or foreign image can come out
of user content whatever goes in.
"""

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit

import nh3
from django.utils.text import slugify
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

MENTION_RE = re.compile(
    r"(?<![\w@/.])@([a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?)", re.IGNORECASE
)
HASHTAG_RE = re.compile(r"(?<![\w&#/])#([^\W\d_][\w-]{0,63})", re.UNICODE)
URL_RE = re.compile(r"https?://[^\s<>()\"']+", re.IGNORECASE)

ALLOWED_TAGS = {
    "a",
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "img",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    "code": {"class"},
    "span": {"class"},
}


@dataclass
class Rendered:
    html: str
    mentions: list[str] = field(default_factory=list)
    hashtags: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    # (level, text, anchor) of each heading; only with heading_anchors.
    headings: list[tuple[int, str, str]] = field(default_factory=list)


LOCAL_IMAGE_PREFIXES = ("/files/",)
LINK_CLASSES = frozenset({"mention", "hashtag", "external"})
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _is_local_image(value: str, prefixes: tuple[str, ...]) -> bool:
    # Images may only come from Plein's own files: an external image would
    # tell a third party who read the post and when.
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc and value.startswith(prefixes)


@cache
def _get_cleaner(
    image_prefixes: tuple[str, ...],
    link_classes: frozenset[str],
    heading_ids: bool,
) -> nh3.Cleaner:
    def attribute_filter(tag: str, attr: str, value: str) -> str | None:
        if tag == "img" and attr == "src":
            return value if _is_local_image(value, image_prefixes) else None
        if attr == "class":
            kept = [
                c
                for c in value.split()
                if c in link_classes or c.startswith("language-")
            ]
            return " ".join(kept) or None
        return value

    attributes = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
    if heading_ids:
        for tag in HEADING_TAGS:
            attributes.setdefault(tag, set()).add("id")
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=attributes,
        attribute_filter=attribute_filter,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow ugc",
        url_relative="pass_through",
    )


def sanitize_html(
    html: str,
    *,
    image_prefixes: tuple[str, ...] = LOCAL_IMAGE_PREFIXES,
    link_classes: frozenset[str] = LINK_CLASSES,
    heading_ids: bool = False,
) -> str:
    return _get_cleaner(image_prefixes, link_classes, heading_ids).clean(html)


MentionResolver = Callable[[str], str | None]


def _link_tokens(href: str, text: str, css: str) -> list[Token]:
    open_ = Token("link_open", "a", 1)
    open_.attrs = {"href": href, "class": css}
    body = Token("text", "", 0)
    body.content = text
    return [open_, body, Token("link_close", "a", -1)]


def _make_social_rule(
    found: Rendered, resolve_mention: MentionResolver | None
) -> Callable[[StateCore], None]:
    pattern = re.compile(
        f"{MENTION_RE.pattern}|{HASHTAG_RE.pattern}", re.IGNORECASE | re.UNICODE
    )

    def social(state: StateCore) -> None:
        for block in state.tokens:
            if block.type != "inline" or not block.children:
                continue
            new_children: list[Token] = []
            inside_link = 0
            for tok in block.children:
                if tok.type == "link_open":
                    inside_link += 1
                elif tok.type == "link_close":
                    inside_link -= 1
                if tok.type != "text" or inside_link:
                    new_children.append(tok)
                    continue
                pos = 0
                for match in pattern.finditer(tok.content):
                    handle, tag = match.group(1), match.group(2)
                    href = None
                    if handle:
                        href = (
                            resolve_mention(handle.lower()) if resolve_mention else None
                        )
                        if href is None:
                            continue
                        found.mentions.append(handle.lower())
                        css = "mention"
                    else:
                        found.hashtags.append(tag.lower())
                        href = f"/tags/{tag.lower()}/"
                        css = "hashtag"
                    if match.start() > pos:
                        plain = Token("text", "", 0)
                        plain.content = tok.content[pos : match.start()]
                        new_children.append(plain)
                    new_children.extend(_link_tokens(href, match.group(0), css))
                    pos = match.end()
                if pos == 0:
                    new_children.append(tok)
                    continue
                if pos < len(tok.content):
                    rest = Token("text", "", 0)
                    rest.content = tok.content[pos:]
                    new_children.append(rest)
            block.children = new_children

    return social


def _collect_links(state: StateCore, found: Rendered) -> None:
    for block in state.tokens:
        for tok in block.children or []:
            href = tok.attrGet("href") if tok.type == "link_open" else None
            if isinstance(href, str) and href.startswith(("http://", "https://")):
                found.links.append(href)


def _inline_text(inline: Token) -> str:
    return "".join(
        child.content
        for child in inline.children or []
        if child.type in ("text", "code_inline")
    )


def _make_heading_rule(found: Rendered) -> Callable[[StateCore], None]:
    # Anchors come from the heading text, so a link to a section survives
    # edits elsewhere on the page; repeats get -2, -3, ...
    def anchors(state: StateCore) -> None:
        used: set[str] = set()
        tokens = state.tokens
        for index, tok in enumerate(tokens):
            if tok.type != "heading_open" or index + 1 >= len(tokens):
                continue
            text = " ".join(_inline_text(tokens[index + 1]).split())
            base = "h-" + (slugify(text, allow_unicode=True) or "section")
            anchor, number = base, 1
            while anchor in used:
                number += 1
                anchor = f"{base}-{number}"
            used.add(anchor)
            tok.attrSet("id", anchor)
            found.headings.append((int(tok.tag[1]), text, anchor))

    return anchors


CoreRule = Callable[[StateCore], None]


def render_markdown(
    text: str,
    resolve_mention: MentionResolver | None = None,
    *,
    extra_rules: Sequence[tuple[str, CoreRule]] = (),
    heading_anchors: bool = False,
    image_prefixes: tuple[str, ...] = LOCAL_IMAGE_PREFIXES,
    extra_link_classes: frozenset[str] = frozenset(),
) -> Rendered:
    """Render user Markdown to sanitised HTML and report mentions, tags, links.

    The keyword options serve the wiki: ``extra_rules`` are markdown-it core
    rules run before mentions and hashtags (so links they make are left
    alone), ``heading_anchors`` gives headings ids and fills ``headings``,
    ``image_prefixes`` and ``extra_link_classes`` widen what the sanitiser
    keeps. Without them the output is exactly that of a post.
    """
    found = Rendered(html="")
    md = MarkdownIt(
        "commonmark", {"html": False, "linkify": True, "typographer": False}
    )
    md.enable(["table", "strikethrough", "linkify"])
    for name, rule in extra_rules:
        md.core.ruler.push(name, rule)
    if heading_anchors:
        md.core.ruler.push("plein_headings", _make_heading_rule(found))
    md.core.ruler.push("plein_social", _make_social_rule(found, resolve_mention))
    md.core.ruler.push("plein_links", lambda state: _collect_links(state, found))
    found.html = sanitize_html(
        md.render(text),
        image_prefixes=image_prefixes,
        link_classes=LINK_CLASSES | extra_link_classes,
        heading_ids=heading_anchors,
    )
    found.mentions = list(dict.fromkeys(found.mentions))
    found.hashtags = list(dict.fromkeys(found.hashtags))
    found.links = list(dict.fromkeys(found.links))
    return found


def extract_hashtags(text: str) -> list[str]:
    return list(dict.fromkeys(tag.lower() for tag in HASHTAG_RE.findall(text)))


# One parser for plain_text: building a MarkdownIt costs more than rendering
# a short text with it, and a parser without plugins keeps no state between
# renders.
_PLAIN_PARSER = MarkdownIt("commonmark", {"html": False})


def plain_text(text: str, limit: int | None = None) -> str:
    """Markdown reduced to plain text, for previews, notifications and e-mail.

    The answer is text, not HTML: ``**bold**`` becomes "bold" and ``&amp;``
    becomes "&". Escape it wherever it goes into HTML (templates do).
    """
    rendered = _PLAIN_PARSER.render(text)
    # nh3 answers HTML (entities escaped); unescaped once, it is the text
    # a reader sees, so callers escape it exactly once.
    stripped = html.unescape(nh3.clean(rendered, tags=set()))
    plain = re.sub(r"\s+", " ", stripped).strip()
    if limit and len(plain) > limit:
        plain = plain[: limit - 1].rstrip() + "…"
    return plain
