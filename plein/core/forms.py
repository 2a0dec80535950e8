"""Small helpers shared by the HTML forms of every app."""

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from plein.core.errors import InvalidInput
from plein.core.publishing import Refused

JUSTIFICATION_HELP = _(
    "Leak prevention asks you to check this text. If it may be published "
    "as it is, say why: your reason is recorded."
)


def justification_field() -> forms.CharField:
    """The optional reason to publish a text a publish check warned about."""
    return forms.CharField(
        label=_("Why may this be published?"),
        required=False,
        max_length=500,
        help_text=JUSTIFICATION_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


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


class RefusalMixin:
    """A form that shows a publish check's refusal, keeping the typed text.

    ``refusal`` is the :class:`~plein.core.publishing.Refused` error (its
    ``details_template`` lists what was found); ``needs_justification``
    shows the justification field.
    """

    refusal: Refused | None = None
    needs_justification = False

    def show_refusal(self, error: Refused) -> None:
        """Put a refusal on the form: the message on its field, the details above."""
        self.refusal = error
        self.needs_justification = error.needs_justification
        form: Any = self
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error.form_message or error.message))

    @property
    def shows_justification(self) -> bool:
        form: Any = self
        return bool(
            self.needs_justification
            or (form.data.get("justification") if form.data else "")
        )


def publish_with_form(
    form: forms.BaseForm,
    action: Callable[[], Any],
    aliases: Mapping[str, str] | None = None,
) -> Any:
    """Run a publishing action for ``form``; its result, or None when refused.

    The action runs in its own durable transaction. A publish check's
    refusal is recorded after the rollback and shown with its details; any
    other ``InvalidInput`` goes on the field it names (``aliases`` maps the
    action's field names to the form's). Either way the typed text stays.
    """
    try:
        with transaction.atomic(durable=True):
            return action()
    except Refused as error:
        error.record()
        if isinstance(form, RefusalMixin):
            form.show_refusal(error)
        else:
            add_action_error(form, error, aliases)
    except InvalidInput as error:
        add_action_error(form, error, aliases)
    return None
