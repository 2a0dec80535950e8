from django import forms
from django.utils.translation import gettext_lazy as _

from plein.listening.sources.actions import NAME_MAX_LENGTH, URL_MAX_LENGTH


class SourceForm(forms.Form):
    """A feed to listen to; the action checks the address (public, http(s))."""

    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("How the source is shown next to its mentions."),
    )
    url = forms.CharField(
        label=_("Feed address"),
        max_length=URL_MAX_LENGTH,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("The address of an RSS or Atom feed."),
    )
