from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReviewForm(forms.Form):
    """A reviewer's decision on held content; actions check the rest."""

    decision = forms.ChoiceField(
        choices=[
            ("release", pgettext_lazy("dlp review", "Release")),
            ("reject", pgettext_lazy("dlp review", "Reject")),
        ]
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        strip=True,
        help_text=_("Required when rejecting: the reason is recorded."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
