"""Forms that parse report and decision input; the actions validate and authorise."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.governance.moderation.actions import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from plein.governance.moderation.models import Action, Reason


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"),
        choices=Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything the moderators should know"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=_(
            "Only moderators read this. The author is never told who reported them."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"), choices=Action.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("Recorded with the decision. A warning shows it to the author."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
