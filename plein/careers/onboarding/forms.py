"""Forms of the onboarding pages: they parse; the actions validate and decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.careers.onboarding.models import OnboardingTemplate


def _handles(value: str) -> list[str]:
    return [h.lstrip("@") for h in value.replace(",", " ").split() if h.strip("@")]


class HandleField(forms.CharField):
    """A colleague by @handle (the view looks them up through plein.access)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 65)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        return str(super().clean(value) or "").strip().lstrip("@")


class StartPlanForm(forms.Form):
    person = HandleField(
        label=_("New colleague"), required=True, help_text=_("@handle")
    )
    template = forms.ModelChoiceField(
        queryset=OnboardingTemplate.objects.none(),
        label=_("Template"),
        required=False,
        empty_label=_("Their department's, or the default"),
    )
    buddy = HandleField(label=_("Buddy"), help_text=_("@handle"))
    started_on = forms.DateField(
        label=_("First day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, templates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["template"]
        field.queryset = templates


class PlanEditForm(forms.Form):
    buddy = HandleField(label=_("Buddy"), help_text=_("@handle; empty: none"))
    manager = HandleField(label=_("Manager"), help_text=_("@handle; empty: none"))


class WelcomeForm(forms.Form):
    body = forms.CharField(
        label=_("Welcome post"), widget=forms.Textarea(attrs={"rows": 4})
    )
    group = forms.TypedChoiceField(
        label=_("Where"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["group"]
        field.choices = [("", _("On my profile (everyone)"))] + [
            (g.pk, g.name) for g in groups
        ]


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    department = forms.TypedChoiceField(
        label=_("Department"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Empty: the default template, for every other department."),
    )
    groups = forms.TypedMultipleChoiceField(
        label=_("Groups to join"), required=False, coerce=int
    )
    pages = forms.TypedMultipleChoiceField(
        label=_("Wiki pages to read"), required=False, coerce=int
    )
    page_due_days = forms.IntegerField(
        label=_("Read the pages within (days)"), min_value=1, max_value=365, initial=7
    )
    people = forms.CharField(
        label=_("People to meet"),
        required=False,
        max_length=1000,
        help_text=_("@handles, separated by spaces."),
    )
    meet_manager = forms.BooleanField(
        label=_("Meet their manager"), required=False, initial=True
    )
    meet_buddy = forms.BooleanField(
        label=_("Meet their buddy"), required=False, initial=True
    )
    manager_checklist = forms.CharField(
        label=_("Checklist for the manager"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item a line."),
    )
    welcome_text = forms.CharField(
        label=_("Welcome post"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("{name} becomes a mention of the new colleague."),
    )
    welcome_group = forms.TypedChoiceField(
        label=_("Group for the welcome post"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    due_days = forms.IntegerField(
        label=_("Other tasks within (days)"), min_value=1, max_value=365, initial=14
    )

    def __init__(
        self, *args: Any, departments: Any, groups: Any, pages: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["department"].choices = [("", _("Default"))] + [
            (d.pk, d.name) for d in departments
        ]
        group_choices = [(g.pk, g.name) for g in groups]
        fields["groups"].choices = group_choices
        fields["welcome_group"].choices = [
            ("", _("The author's profile")),
            *group_choices,
        ]
        fields["pages"].choices = [(p.pk, p.title) for p in pages]

    def handles(self) -> list[str]:
        return _handles(self.cleaned_data.get("people", ""))
