"""The survey forms: they parse; the actions validate and authorise."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.access.groups import visible_groups
from plein.engagement.surveys.actions import MAX_QUESTIONS
from plein.engagement.surveys.models import Recurrence
from plein.people.models import Department


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=400, required=False)
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why you ask, and what happens with the answers."),
    )
    has_enps = forms.BooleanField(
        label=_(
            "Ask how likely people are to recommend the organisation (eNPS, 0 to 10)"
        ),
        required=False,
        initial=True,
    )
    questions = forms.CharField(
        label=_("Statements to rate from 1 (disagree) to 5 (agree)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, at most %(limit)d.") % {"limit": MAX_QUESTIONS},
    )
    comment_prompt = forms.CharField(
        label=_("Free-text question"),
        required=False,
        max_length=400,
        help_text=_("Optional, e.g. What would make your work better?"),
    )
    is_organisation_wide = forms.BooleanField(
        label=_("Send to the whole organisation"), required=False
    )
    departments = forms.TypedMultipleChoiceField(
        label=_("Or to these departments"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    groups = forms.TypedMultipleChoiceField(
        label=_("And these groups"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recurrence = forms.ChoiceField(
        label=_("Repeats"), choices=Recurrence.choices, initial=Recurrence.MONTHLY
    )
    open_days = forms.IntegerField(
        label=_("Days each round is open"), initial=7, required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments: Any = self.fields["departments"]
        departments.choices = [(d.pk, d.name) for d in Department.objects.all()]
        groups: Any = self.fields["groups"]
        groups.choices = [(g.pk, g.name) for g in visible_groups(user).order_by("name")]

    def action_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["questions"] = str(data.get("questions") or "").splitlines()
        data["department_ids"] = data.pop("departments", [])
        data["group_ids"] = data.pop("groups", [])
        return data
