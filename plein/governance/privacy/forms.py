"""The privacy settings form; the rules live in ``privacy.actions``."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.people.models import FieldVisibility, User


class PrivacySettingsForm(forms.Form):
    phone_visibility = forms.ChoiceField(
        label=_("Who sees my phone number"),
        choices=FieldVisibility.choices,
    )
    location_visibility = forms.ChoiceField(
        label=_("Who sees my location"),
        choices=FieldVisibility.choices,
    )
    birthday = forms.DateField(
        label=_("Birthday"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Colleagues see the day and month, never the year."),
    )
    birthday_visibility = forms.ChoiceField(
        label=_("Who sees my birthday"),
        choices=FieldVisibility.choices,
    )
    shows_read_state = forms.BooleanField(
        label=_("Show others that I have read a post"),
        required=False,
        help_text=_(
            "When off, only the author of a post you are asked to read sees "
            "whether you read it."
        ),
    )

    @classmethod
    def initial_for(cls, person: User) -> dict[str, Any]:
        return {name: getattr(person, name) for name in cls.base_fields}
