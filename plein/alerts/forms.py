"""Forms that parse alert input; the actions validate and authorise."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.alerts.matching import MAX_QUERY_LENGTH
from plein.alerts.models import Channel, Frequency


class AlertForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        help_text=_("Tell people what this alert looks for."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    query = forms.CharField(
        label=_("Look for"),
        required=False,
        max_length=MAX_QUERY_LENGTH + 100,
        help_text=_(
            "One search per line; a line matches when all its words match. Use "
            '"quoted phrases", #hashtag, @handle (written by) and group:slug.'
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, initial=Frequency.INSTANT
    )
    channel = forms.ChoiceField(
        label=_("Where"), choices=Channel.choices, initial=Channel.IN_APP
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("A withdrawn shared alert stops matching and leaves the list."),
    )

    def __init__(self, *args: Any, shared: bool, editing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if shared:
            # A shared alert's subscribers each choose their own delivery.
            del self.fields["frequency"]
            del self.fields["channel"]
        else:
            del self.fields["description"]
        if not (shared and editing):
            del self.fields["is_active"]


class SubscriptionForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, initial=Frequency.INSTANT
    )
    channel = forms.ChoiceField(
        label=_("Where"), choices=Channel.choices, initial=Channel.IN_APP
    )
    subscribe = forms.BooleanField(required=False, initial=True)
