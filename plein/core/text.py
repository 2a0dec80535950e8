"""Cleaning the text people type, the same way everywhere it is stored."""

from django.utils.translation import gettext as _

from plein.core.errors import InvalidInput


def clean_text(
    value: str | None, *, field: str, max_length: int, required: bool
) -> str:
    """Unify line ends and trim; refuse NUL, an empty required text, or too much.

    Raises InvalidInput naming ``field``.
    """
    text = (value or "").replace("\r\n", "\n").strip()
    if "\x00" in text:
        raise InvalidInput(
            _("The text contains a character that is not allowed."), field=field
        )
    if required and not text:
        raise InvalidInput(_("Write something first."), field=field)
    if len(text) > max_length:
        raise InvalidInput(
            _("This text is %(length)d characters long; the limit is %(limit)d.")
            % {"length": len(text), "limit": max_length},
            field=field,
        )
    return text
