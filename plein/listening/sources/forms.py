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


class AlertSourceForm(forms.Form):
    """A sender of alert mails (Google Alerts and the like)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("How the source is shown next to its mentions."),
    )
    sender_address = forms.CharField(
        label=_("Sender address"),
        max_length=254,
        widget=forms.EmailInput(
            attrs={"placeholder": "googlealerts-noreply@google.com"}
        ),
        help_text=_(
            "The From address of the alerts. Have them sent or forwarded to "
            "the listening address."
        ),
    )
