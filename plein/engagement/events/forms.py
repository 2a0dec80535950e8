"""Forms that parse event, answer and invitation input.

They only parse: the actions validate and their ``InvalidInput`` errors go
back on the matching field (``plein.core.forms.add_action_error``), so what
was typed is kept.
"""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.core.forms import RefusalMixin, justification_field
from plein.engagement.events.models import Repeat, Rsvp

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class _LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=DATETIME_INPUT)


class EventDetailsForm(forms.Form):
    """When and where: what changing an event changes."""

    starts_at = forms.DateTimeField(
        label=pgettext_lazy("event", "Starts"),
        input_formats=[DATETIME_INPUT],
        widget=_LocalDateTimeInput(),
    )
    ends_at = forms.DateTimeField(
        label=pgettext_lazy("event", "Ends"),
        input_formats=[DATETIME_INPUT],
        widget=_LocalDateTimeInput(),
    )
    location = forms.CharField(
        label=pgettext_lazy("event", "Place"),
        required=False,
        help_text=_("A room, an address; leave empty for an online event."),
    )
    online_url = forms.CharField(
        label=pgettext_lazy("event", "Online link"),
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    capacity = forms.IntegerField(
        label=pgettext_lazy("event", "Places"),
        required=False,
        min_value=1,
        help_text=_("Leave empty for no limit. Beyond it people join a waiting list."),
    )
    repeat = forms.ChoiceField(
        label=pgettext_lazy("event", "Repeats"),
        required=False,
        choices=Repeat.choices,
    )
    repeat_count = forms.IntegerField(
        label=pgettext_lazy("event", "Number of times"),
        required=False,
        min_value=2,
    )


class EventForm(RefusalMixin, EventDetailsForm):
    title = forms.CharField(
        label=pgettext_lazy("event", "Title"),
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label=pgettext_lazy("event", "Description"),
        required=False,
        strip=False,
        help_text=_("What is it, who is it for? Markdown works."),
        widget=forms.Textarea(attrs={"rows": 5, "data-mentions": ""}),
    )
    group = forms.TypedChoiceField(
        label=pgettext_lazy("event", "For"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    justification = justification_field()

    def __init__(self, *args: Any, groups: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, Any]] = [
            ("", pgettext_lazy("event audience", "The whole organisation"))
        ]
        choices += [(g.pk, g.name) for g in groups]
        cast(forms.TypedChoiceField, self.fields["group"]).choices = choices


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(choices=Rsvp.Answer.choices)


class InviteGroupForm(forms.Form):
    group = forms.IntegerField(min_value=1)
