from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.listening.mentions.actions import NOTE_MAX_LENGTH
from plein.listening.mentions.models import URL_MAX_LENGTH

# What a prefilled address (the bookmarklet, the share page) may carry; the
# form checks the lengths again when it is sent.
PREFILL_LIMITS = {"url": URL_MAX_LENGTH, "title": 1000, "note": NOTE_MAX_LENGTH}


class SubmitLinkForm(forms.Form):
    """A link a colleague sends in; the action checks the address."""

    url = forms.CharField(
        label=_("Link"),
        max_length=URL_MAX_LENGTH,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("An article, review or post about the organisation."),
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        # A page's title may be long: the action shortens it.
        max_length=PREFILL_LIMITS["title"],
        help_text=_("Optional: Plein looks up the page's title when this is empty."),
    )
    note = forms.CharField(
        label=_("Note for communications"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: why it matters, who should know."),
    )


def build_prefill(params: Mapping[str, str]) -> dict[str, str]:
    """The form's first values from the address (``?url=&title=&note=``).

    Only shown, never taken in: sending the form checks everything again.
    """
    return {
        name: " ".join(str(params.get(name, "")).split())[:limit]
        for name, limit in PREFILL_LIMITS.items()
        if params.get(name)
    }
