"""Forms that parse poll, vote, quiz and quiz-answer input for the views.

They only parse: the actions validate and their ``InvalidInput`` errors go
back on the named field (``plein.core.forms.publish_with_form``), so what
was typed is kept.
"""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.core.errors import InvalidInput
from plein.core.forms import RefusalMixin, justification_field
from plein.engagement.polls.models import ResultsShown
from plein.posts.forms import LANGUAGE_CHOICES

# The action's field names → this form's.
POLL_FIELD_ALIASES = {"body": "question"}
QUIZ_FIELD_ALIASES = {"body": "intro"}


class _PublishForm(RefusalMixin, forms.Form):
    group = forms.TypedChoiceField(
        label=_("Post in"), required=False, coerce=int, empty_value=None
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=LANGUAGE_CHOICES
    )
    justification = justification_field()

    def __init__(self, *args: Any, groups: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, Any]] = [
            ("", pgettext_lazy("audience", "My profile (everyone)"))
        ]
        choices += [(g.pk, g.name) for g in groups]
        cast(forms.TypedChoiceField, self.fields["group"]).choices = choices


class PollForm(_PublishForm):
    question = forms.CharField(
        label=pgettext_lazy("poll", "Question"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2, "data-mentions": ""}),
    )
    options = forms.CharField(
        label=pgettext_lazy("poll", "Options"),
        required=False,
        help_text=_("One option a line: 2 to 10."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    is_multiple = forms.BooleanField(
        label=_("People may choose several options"), required=False
    )
    allows_other = forms.BooleanField(
        label=_("Add “Other” with a free answer"), required=False
    )
    is_anonymous = forms.BooleanField(
        label=_("Anonymous"),
        required=False,
        help_text=_(
            "Nobody, not even you or an administrator, can see who chose what. "
            "A vote is then final."
        ),
    )
    results_shown = forms.ChoiceField(
        label=_("Show the results"),
        choices=ResultsShown.choices,
        initial=ResultsShown.LIVE,
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def option_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["options"].splitlines()]


def parse_quiz_text(text: str) -> list[dict[str, Any]]:
    """The quiz editor's text as questions.

    A line starting with "?" is a question, "-" a wrong answer, "*" a right
    one and ">" the explanation shown after answering. Raises InvalidInput
    (field "questions") for a line that is none of these.
    """
    questions: list[dict[str, Any]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        mark, rest = line[0], line[1:].strip()
        if mark == "?":
            questions.append(
                {"text": rest, "options": [], "correct": [], "explanation": ""}
            )
            continue
        if not questions or mark not in "-*>":
            raise InvalidInput(
                _(
                    "Line %(number)d: start a question with “?”, an answer with "
                    "“-” (wrong) or “*” (right), an explanation with “>”."
                )
                % {"number": number},
                field="questions",
            )
        current = questions[-1]
        if mark == ">":
            current["explanation"] = f"{current['explanation']} {rest}".strip()
            continue
        if mark == "*":
            current["correct"].append(len(current["options"]))
        current["options"].append(rest)
    return questions


class QuizForm(_PublishForm):
    intro = forms.CharField(
        label=pgettext_lazy("quiz", "Introduction"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2, "data-mentions": ""}),
    )
    questions = forms.CharField(
        label=pgettext_lazy("quiz", "Questions"),
        required=False,
        help_text=_(
            "Start a question with “?”, each wrong answer with “-”, each right "
            "answer with “*” and the explanation with “>”."
        ),
        widget=forms.Textarea(
            attrs={
                "rows": 10,
                "placeholder": "? …\n- …\n* …\n> …",
            }
        ),
    )
    is_anonymous = forms.BooleanField(
        label=_("Anonymous: keep no scores"), required=False
    )
    has_leaderboard = forms.BooleanField(
        label=_("Show a leaderboard of the best scores"), required=False
    )


class VoteForm(forms.Form):
    option = forms.TypedMultipleChoiceField(required=False, coerce=int, choices=())
    other = forms.CharField(required=False, max_length=200)

    def __init__(self, *args: Any, option_ids: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedMultipleChoiceField, self.fields["option"]).choices = [
            (str(pk), str(pk)) for pk in option_ids
        ]
