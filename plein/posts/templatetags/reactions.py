"""The reaction buttons of a post or comment, built in Python.

A feed page shows five buttons on each of 20 cards; as a template loop they
took ~40% of a card's rendering time. The buttons share one form: the
clicked button sends its ``kind``, with or without JavaScript (htmx sends
the submitter's name and value too).
"""

import functools
from typing import Any

from django import template
from django.utils.formats import localize
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_FORM = (
    '<form class="reaction-form" method="post" action="{action}" '
    'hx-post="{action}" hx-target="#{target}" hx-swap="innerHTML">'
    "{csrf}{next}{buttons}</form>"
)
_BUTTON = (
    '<button type="submit" name="kind" value="{kind}" class="{classes}" '
    'aria-pressed="{pressed}" title="{label}">'
    '<span aria-hidden="true">{emoji}</span>'
    '<span class="visually-hidden">{label}</span>'
)
_COUNT = '<span class="reaction-count"><span class="visually-hidden">, </span>{}</span>'


@functools.lru_cache(maxsize=256)
def _button_start(kind: str, label: str, emoji: str, classes: str, pressed: str) -> str:
    """The fixed part of a button: the same for every card, per language."""
    return format_html(
        _BUTTON, kind=kind, classes=classes, pressed=pressed, label=label, emoji=emoji
    )


@register.simple_tag(takes_context=True)
def reaction_forms(
    context: Any,
    buttons: list[Any],
    action: str,
    target: str,
    next_path: str = "",
    anchor: str = "",
    *,
    small: bool = False,
) -> SafeString:
    """One form with a button per kind (``build_reaction_buttons``), htmx-enabled.

    ``target`` is the id of the element the answer replaces; ``next_path``
    and ``anchor``, when given, are where the form returns without
    JavaScript.
    """
    next_url = f"{next_path}#{anchor}" if next_path else ""
    csrf_value = context.get("csrf_token")
    csrf = (
        format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_value
        )
        if csrf_value and csrf_value != "NOTPROVIDED"
        else ""
    )
    next_input = (
        format_html('<input type="hidden" name="next" value="{}">', next_url)
        if next_url
        else ""
    )
    base = "reaction reaction-small" if small else "reaction"
    parts = []
    for button in buttons:
        parts.append(
            _button_start(
                button.kind,
                str(button.label),
                button.emoji,
                f"{base} is-pressed" if button.is_pressed else base,
                "true" if button.is_pressed else "false",
            )
        )
        if button.count:
            parts.append(_COUNT.format(escape(localize(button.count))))
        parts.append("</button>")
    return format_html(
        _FORM,
        action=action,
        target=target,
        csrf=csrf,
        next=next_input,
        # Each part is escaped markup: the fixed parts by format_html, the
        # counts by escape().
        buttons=mark_safe("".join(parts)),
    )
