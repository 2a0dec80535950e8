"""Forms that parse question, answer, vote, accept and invite input.

They only parse: the actions validate and their ``InvalidInput`` errors go
back on the matching field (``plein.core.forms.add_action_error``), so the
typed text is kept.
"""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.core.forms import RefusalMixin, justification_field
from plein.posts.forms import LANGUAGE_CHOICES


class AskForm(RefusalMixin, forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("question", "Your question"),
        required=False,
        strip=False,
        help_text=_("One line that says what you want to know."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label=pgettext_lazy("question", "Details"),
        required=False,
        strip=False,
        help_text=_("What have you tried, what do you need? Markdown works."),
        widget=forms.Textarea(attrs={"rows": 6, "data-mentions": ""}),
    )
    tags = forms.CharField(
        label=pgettext_lazy("question", "Tags"),
        required=False,
        help_text=_("Words that say what it is about, separated by spaces."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    group = forms.TypedChoiceField(
        label=pgettext_lazy("question", "Ask in"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=LANGUAGE_CHOICES
    )
    justification = justification_field()

    def __init__(self, *args: Any, groups: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, Any]] = [
            ("", pgettext_lazy("question audience", "The whole organisation"))
        ]
        choices += [(g.pk, g.name) for g in groups]
        # self.fields holds a copy of each field declared above.
        cast(forms.TypedChoiceField, self.fields["group"]).choices = choices


class AnswerForm(RefusalMixin, forms.Form):
    body = forms.CharField(
        label=pgettext_lazy("question", "Your answer"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5, "data-mentions": ""}),
    )
    justification = justification_field()


class VoteForm(forms.Form):
    on = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1"
    )


class AcceptForm(forms.Form):
    # Empty: withdraw the acceptance.
    answer_id = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)


class InviteForm(forms.Form):
    people = forms.TypedMultipleChoiceField(coerce=int, required=False)
    handles = forms.CharField(
        label=_("Colleagues"),
        required=False,
        max_length=500,
        help_text=_("Their @names, separated by spaces."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any id parses; the action decides who may be told.
        raw = self.data.getlist("people") if hasattr(self.data, "getlist") else []
        field = cast(forms.TypedMultipleChoiceField, self.fields["people"])
        field.choices = [(v, v) for v in raw if str(v).isdigit()]
