from django import forms
from django.utils.translation import gettext_lazy as _

from plein.careers.alumni.actions import NOTE_MAX_LENGTH


class OfferForm(forms.Form):
    private_email = forms.EmailField(
        label=_("Private e-mail address"),
        help_text=_(
            "Their work address stops when they leave: the link to choose a "
            "password goes here, and they log in with it."
        ),
    )
    left_on = forms.DateField(
        label=_("Last working day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: today."),
    )
    note = forms.CharField(
        label=_("Note for HR"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InviteBackForm(forms.Form):
    work_email = forms.EmailField(
        label=_("Work e-mail address"),
        required=False,
        help_text=_("Empty: the address they had before."),
    )
    returned_on = forms.DateField(
        label=_("First working day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: today."),
    )
    note = forms.CharField(
        label=_("Note for HR"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
