"""The schedule controls: when, and what to do (schedule, draft, publish)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SCHEDULE, DRAFT, PUBLISH = "schedule", "draft", "publish"

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class ScheduleForm(forms.Form):
    """Parsed alongside a feature's own form; names that no feature uses."""

    schedule_at = forms.DateTimeField(
        label=pgettext_lazy("schedule", "Publish on"),
        required=False,
        input_formats=DATETIME_FORMATS,
        help_text=_("In your time zone. At most a year ahead."),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    schedule_action = forms.ChoiceField(
        required=False,
        choices=[
            (SCHEDULE, pgettext_lazy("schedule", "Schedule")),
            (DRAFT, pgettext_lazy("schedule", "Save as draft")),
            (PUBLISH, pgettext_lazy("schedule", "Publish now")),
        ],
    )

    def action(self) -> str:
        return str(self.cleaned_data.get("schedule_action") or SCHEDULE)


class CalendarForm(forms.Form):
    month = forms.RegexField(regex=r"^\d{4}-\d{2}$", required=False)
    group = forms.SlugField(required=False, max_length=100)
    view = forms.ChoiceField(
        required=False, choices=[("month", "month"), ("list", "list")]
    )
