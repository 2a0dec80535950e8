from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.channels.feeds.actions import MAX_NAME_LENGTH
from plein.channels.feeds.queries import FEED_KINDS


class FeedTokenForm(forms.Form):
    name = forms.CharField(
        label=pgettext_lazy("feed token", "Name"),
        max_length=MAX_NAME_LENGTH,
        help_text=_(
            "Which reader or device uses it, so you recognise it later. "
            "For example: my phone's feed reader."
        ),
    )


class SubscribeForm(forms.Form):
    """The hidden fields of a "subscribe" button: which feed, of what."""

    kind = forms.ChoiceField(choices=[(kind, kind) for kind in FEED_KINDS])
    target = forms.CharField(max_length=200, required=False)
