from django import forms
from django.utils.translation import gettext_lazy as _

from plein.listening.mentions.actions import NOTE_MAX_LENGTH
from plein.listening.mentions.models import URL_MAX_LENGTH


class SubmitLinkForm(forms.Form):
    """A link a colleague sends in; the action checks the address."""

    url = forms.CharField(
        label=_("Link"),
        max_length=URL_MAX_LENGTH,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("An article, review or post about the organisation."),
    )
    note = forms.CharField(
        label=_("Note for communications"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: why it matters, who should know."),
    )
