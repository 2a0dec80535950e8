from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

QUERY_MAX_LENGTH = 200


class ExpertSearchForm(forms.Form):
    q = forms.CharField(
        label=pgettext_lazy("expertise", "Topic"),
        max_length=QUERY_MAX_LENGTH,
        required=False,
        help_text=_("A subject in Dutch or English, e.g. hypotheek or #privacy."),
    )
