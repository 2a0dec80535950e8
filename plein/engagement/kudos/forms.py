"""Forms that parse kudos and value input.

They only parse: the actions validate, and their ``InvalidInput`` errors go
back on the matching field (``ACTION_FIELDS``), so what was typed is kept.
"""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.core.forms import RefusalMixin, justification_field
from plein.posts.forms import LANGUAGE_CHOICES

# The actions' field names → this form's.
ACTION_FIELDS = {
    "value_id": "value",
    "recipient_ids": "people",
    "team_id": "team",
    "subject": "subject_url",
    "group_id": "group",
    "body": "body",
}


class KudosForm(RefusalMixin, forms.Form):
    people = forms.CharField(
        label=pgettext_lazy("kudos", "Colleagues"),
        required=False,
        help_text=_("Their @handles, separated by spaces."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-mentions": ""}),
    )
    team = forms.TypedChoiceField(
        label=pgettext_lazy("kudos", "Or a team"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    value = forms.TypedChoiceField(
        label=pgettext_lazy("kudos", "Value"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=pgettext_lazy("kudos", "Your message"),
        required=False,
        strip=False,
        help_text=_("What did they do, and why does it matter? Markdown works."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    subject_url = forms.CharField(
        label=pgettext_lazy("kudos", "For (optional)"),
        required=False,
        max_length=500,
        help_text=_(
            "The link of a post, an answer or a wiki page. The kudos is then "
            "shared where that is, for its readers only."
        ),
    )
    group = forms.TypedChoiceField(
        label=pgettext_lazy("kudos", "Share in"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=LANGUAGE_CHOICES
    )
    justification = justification_field()

    def __init__(
        self, *args: Any, values: Any = (), groups: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        cast(forms.TypedChoiceField, fields["value"]).choices = [
            (value.pk, value.name) for value in values
        ]
        cast(forms.TypedChoiceField, fields["team"]).choices = [
            ("", pgettext_lazy("kudos team", "No team")),
            *((g.pk, g.name) for g in groups),
        ]
        cast(forms.TypedChoiceField, fields["group"]).choices = [
            ("", pgettext_lazy("kudos audience", "The whole organisation")),
            *((g.pk, g.name) for g in groups),
        ]

    def handles(self) -> list[str]:
        raw = str(self.cleaned_data.get("people") or "")
        seen: list[str] = []
        for part in raw.replace(",", " ").split():
            handle = part.strip().lstrip("@")
            if handle and handle not in seen:
                seen.append(handle)
        return seen


class ValueForm(forms.Form):
    name_nl = forms.CharField(label=_("Name (Dutch)"), required=False, max_length=80)
    name_en = forms.CharField(label=_("Name (English)"), required=False, max_length=80)
    description_nl = forms.CharField(
        label=_("Description (Dutch)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description_en = forms.CharField(
        label=_("Description (English)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    order = forms.IntegerField(
        label=_("Order"), required=False, min_value=0, max_value=10000
    )
    is_active = forms.BooleanField(
        label=_("Active: can be chosen for new kudos"), required=False
    )
