"""User Markdown becomes safe HTML, whatever is typed."""

from html.parser import HTMLParser

import pytest

from plein.core.language import guess_language
from plein.core.markdown import plain_text, render_markdown

VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "<svg onload=alert(1)>",
    "<iframe src='https://evil.example'></iframe>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "[x](vbscript:msgbox(1))",
    "<details open ontoggle=alert(1)>",
]


class ActiveContentFinder(HTMLParser):
    """Collects every element or attribute that could run code."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {
            "script",
            "iframe",
            "svg",
            "object",
            "embed",
            "style",
            "details",
            "form",
        }:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(name)
            if name in {"href", "src"} and (value or "").strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.found.append(f"{name}={value}")


@pytest.mark.parametrize("vector", VECTORS)
def test_no_vector_produces_active_content(vector):
    finder = ActiveContentFinder()
    finder.feed(render_markdown(vector).html)
    assert finder.found == []


def test_external_images_are_dropped_and_own_files_kept():
    html = render_markdown(
        "![a](https://tracker.example/p.gif) ![b](/files/4/b.png)"
    ).html
    assert "tracker.example" not in html
    assert 'src="/files/4/b.png"' in html


def test_links_are_marked_nofollow_and_collected():
    rendered = render_markdown("Zie https://www.dnb.nl en [de AFM](https://www.afm.nl)")
    assert rendered.links == ["https://www.dnb.nl", "https://www.afm.nl"]
    assert 'rel="noopener noreferrer nofollow ugc"' in rendered.html


def test_mentions_resolve_and_code_is_left_alone():
    rendered = render_markdown(
        "@anna kijk `#niet` en #Wel, mail a@b.nl",
        lambda h: f"/people/{h}/" if h == "anna" else None,
    )
    assert rendered.mentions == ["anna"]
    assert rendered.hashtags == ["wel"]
    assert "<code>#niet</code>" in rendered.html


def test_plain_text_and_language_guess():
    assert plain_text("**Vet** en _schuin_", limit=100) == "Vet en schuin"
    assert plain_text("woord " * 50, limit=20).endswith("…")
    assert guess_language("De vergadering is op dinsdag en niet op woensdag") == "nl"
    assert guess_language("The meeting is on Tuesday and not on Wednesday") == "en"
    assert guess_language("12345", default="en") == "en"


def test_plain_text_is_text_not_html():
    # Escaped once by whoever puts it in a page, never twice.
    assert plain_text("O'Brien & co **vet** <b>") == "O'Brien & co vet <b>"
    assert plain_text("[de link](https://example.com) en `code`") == "de link en code"


def test_plain_text_filter_strips_markdown_and_the_template_escapes():
    from django.template import Context, Template

    rendered = Template("{% load markdown %}{{ body|plain_text:40 }}").render(
        Context({"body": "**Let op** [hier](https://example.com) & <script>"})
    )
    assert rendered == "Let op hier &amp; &lt;script&gt;"
    empty = Template("{% load markdown %}[{{ body|plain_text }}]").render(
        Context({"body": None})
    )
    assert empty == "[]"
