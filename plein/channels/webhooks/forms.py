"""Forms that parse webhook input; the actions validate and authorise."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.channels.webhooks.payloads import EVENT_TYPES

ORGANISATION = "org"


class WebhookForm(forms.Form):
    url = forms.CharField(
        label=_("URL"),
        required=False,
        max_length=600,
        help_text=_("The https:// address that receives the events."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=300,
        help_text=_("What receives these events, for those who look after it."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        required=False,
        choices=list(EVENT_TYPES.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    scope = forms.ChoiceField(
        label=pgettext_lazy("webhook scope", "For"), required=True
    )

    def __init__(
        self, *args: Any, scopes: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["scope"]).choices = scopes
