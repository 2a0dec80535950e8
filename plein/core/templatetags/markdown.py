"""``{{ post.body|plain_text:120 }}``: a Markdown text as a short plain excerpt."""

from django import template

from plein.core.markdown import plain_text as markdown_to_plain_text

register = template.Library()


@register.filter
def plain_text(text: str | None, limit: int | None = None) -> str:
    """The text without Markdown syntax, cut at ``limit`` characters.

    Plain text, not HTML: the template escapes it like any other value.
    """
    if not text:
        return ""
    return markdown_to_plain_text(str(text), limit=int(limit) if limit else None)
