"""The triage forms: they parse; the actions validate (and name the field)."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from plein.core.forms import RefusalMixin, justification_field
from plein.listening.triage.models import NOTE_MAX_LENGTH


class TriageChangeForm(forms.Form):
    """A new state, or a new assignee ("" for nobody); the absent one stays."""

    state = forms.CharField(label=_("State"), required=False, max_length=20)
    assignee = forms.CharField(label=_("Assigned to"), required=False, max_length=20)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only communications see notes."),
    )


class DiscussForm(RefusalMixin, forms.Form):
    """Discuss a mention internally: a post in one of one's groups."""

    group = forms.TypedChoiceField(label=_("Group"), coerce=int, empty_value=None)
    title = forms.CharField(label=_("Title"), required=False, max_length=1000)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=settings.POST_MAX_LENGTH,
    )
    required_readers = forms.CharField(
        label=_("Required readers"),
        required=False,
        max_length=2000,
        help_text=_(
            "Handles or e-mail addresses, separated by commas: for example the "
            "account owner. They must be able to read the group."
        ),
    )
    justification = justification_field()

    def __init__(self, *args: Any, groups: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["group"]
        field.choices = [("", "—")] + [(g.pk, g.name) for g in groups]
