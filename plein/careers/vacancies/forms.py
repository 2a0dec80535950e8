"""Forms that parse vacancy, application and follow input.

They only parse: the actions validate and their ``InvalidInput`` errors go
back on the matching field (``plein.core.forms.add_action_error``), so what
was typed is kept.
"""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.careers.vacancies.models import ManagerSees, Stage, Vacancy
from plein.core.forms import RefusalMixin, justification_field
from plein.posts.models import Post

# The action's field names → the form's.
ALIASES = {"department_id": "department", "contact_id": "contact"}


class VacancyDetailsForm(forms.Form):
    """What changing a vacancy changes (its title and text are the post's)."""

    department = forms.TypedChoiceField(
        label=pgettext_lazy("vacancy", "Department"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    location = forms.CharField(label=pgettext_lazy("vacancy", "Place"), required=False)
    hours_min = forms.IntegerField(
        label=pgettext_lazy("vacancy", "Hours a week, from"), required=False
    )
    hours_max = forms.IntegerField(
        label=pgettext_lazy("vacancy", "Hours a week, to"), required=False
    )
    salary_scale = forms.CharField(
        label=pgettext_lazy("vacancy", "Salary scale"), required=False
    )
    requirements = forms.CharField(
        label=pgettext_lazy("vacancy", "Requirements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    closes_on = forms.DateField(
        label=pgettext_lazy("vacancy", "Closing date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    contact = forms.CharField(
        label=pgettext_lazy("vacancy", "Contact (handle)"),
        required=False,
        help_text=_("The colleague candidates can ask, e.g. @anna."),
    )
    is_external = forms.BooleanField(
        label=_("Also external: a public page and a share text for outside networks"),
        required=False,
    )
    for_alumni = forms.BooleanField(label=_("Open to alumni"), required=False)
    other_title = forms.CharField(
        label=_("Title in the other language"), required=False
    )
    other_description = forms.CharField(
        label=_("Description in the other language"),
        required=False,
        help_text=_("Dutch if you wrote in English, English if you wrote in Dutch."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, departments: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, Any]] = [("", pgettext_lazy("department", "None"))]
        choices += [(d.pk, d.name) for d in departments]
        cast(forms.TypedChoiceField, self.fields["department"]).choices = choices


class VacancyForm(RefusalMixin, VacancyDetailsForm):
    title = forms.CharField(
        label=pgettext_lazy("vacancy", "Title"),
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label=pgettext_lazy("vacancy", "Description"),
        required=False,
        strip=False,
        help_text=_("The job and the team. Markdown works."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    language = forms.ChoiceField(
        label=pgettext_lazy("vacancy", "Language"),
        choices=Post.Language.choices,
    )
    group = forms.TypedChoiceField(
        label=pgettext_lazy("vacancy", "For"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    justification = justification_field()

    field_order = ["title", "body", "language", "group"]

    def __init__(self, *args: Any, groups: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, Any]] = [
            ("", pgettext_lazy("vacancy audience", "The whole organisation"))
        ]
        choices += [(g.pk, g.name) for g in groups]
        cast(forms.TypedChoiceField, self.fields["group"]).choices = choices


class ApplyForm(forms.Form):
    motivation = forms.CharField(
        label=pgettext_lazy("application", "Motivation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    cv_text = forms.CharField(
        label=pgettext_lazy("application", "CV (text)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    cv_file = forms.FileField(
        label=pgettext_lazy("application", "CV (file)"), required=False
    )
    manager_sees_from = forms.ChoiceField(
        label=pgettext_lazy("application", "My manager may see this application"),
        choices=ManagerSees.choices,
        initial=ManagerSees.SUBMITTED,
        help_text=_(
            "Until then only HR and the hiring manager see it; colleagues never do."
        ),
    )
    ref = forms.CharField(required=False, widget=forms.HiddenInput, max_length=32)


class MoveForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(v, label) for v, label in Stage.choices if v != Stage.WITHDRAWN]
    )


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label=pgettext_lazy("vacancy", "Outcome"),
        choices=[
            (Vacancy.Status.FILLED, Vacancy.Status.FILLED.label),
            (Vacancy.Status.CLOSED, Vacancy.Status.CLOSED.label),
        ],
    )
    hired_from = forms.ChoiceField(
        label=pgettext_lazy("vacancy", "The new colleague came"),
        choices=Vacancy.HiredFrom.choices,
        required=False,
    )


class FollowForm(forms.Form):
    department = forms.IntegerField(min_value=1)
    follow = forms.BooleanField(required=False)


class HiringManagerForm(forms.Form):
    handle = forms.CharField(label=pgettext_lazy("hiring manager", "Person (handle)"))
    department = forms.TypedChoiceField(
        label=pgettext_lazy("hiring manager", "Department"),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args: Any, departments: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, Any]] = [
            ("", pgettext_lazy("hiring manager", "Every department"))
        ]
        choices += [(d.pk, d.name) for d in departments]
        cast(forms.TypedChoiceField, self.fields["department"]).choices = choices
