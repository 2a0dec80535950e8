"""Small helpers shared by the HTML forms of every app."""

from collections.abc import Mapping

from django import forms

from plein.core.errors import InvalidInput


def add_action_error(
    form: forms.BaseForm, error: InvalidInput, aliases: Mapping[str, str] | None = None
) -> None:
    """Show an action's ``InvalidInput`` next to the field it names.

    Actions validate on their own (they serve the API and tasks too); the
    HTML form only parses. ``aliases`` maps an action's field name to the
    form's (``manager_id`` -> ``manager``). When the form has no such field
    the message goes to the top of the form, so nothing an action says is
    ever lost. The form must already have been validated.
    """
    field = (aliases or {}).get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, str(error.message))
