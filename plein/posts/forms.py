"""Forms that parse post, comment and reaction input for the views.

The forms only parse: length, required text and permissions are checked by
the actions, whose ``InvalidInput`` errors are put back on the matching
field with ``plein.core.forms.add_action_error`` so the typed text is kept.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.announcements.forms import RequiredReadersFields
from plein.core.errors import InvalidInput
from plein.core.forms import add_action_error
from plein.posts.models import ReactionKind

JUSTIFICATION_HELP = _(
    "Leak prevention asks you to check this text. If it may be published "
    "as it is, say why: your reason is recorded."
)


def justification_field() -> forms.CharField:
    return forms.CharField(
        label=_("Why may this be published?"),
        required=False,
        max_length=500,
        help_text=JUSTIFICATION_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def publish_with_form(
    actor: Any,
    form: Any,
    place: str,
    action: Callable[[], Any],
    aliases: dict[str, str] | None = None,
) -> Any:
    """Run a publishing action for ``form``; its result, or None when refused.

    The action runs in its own transaction. A leak-prevention refusal is
    recorded (after the rollback) and shown with its findings; any other
    refusal goes on the field it names (``aliases`` maps the action's field
    names to the form's). Either way the typed text stays in the form.
    """
    from plein.governance.dlp.actions import do_record_refusal
    from plein.governance.dlp.errors import LeakError

    try:
        with transaction.atomic(durable=True):
            return action()
    except LeakError as error:
        do_record_refusal(actor, place, error)
        form.show_leak_error(error)
    except InvalidInput as error:
        add_action_error(form, error, aliases)
    return None


class LeakFindingsMixin:
    """What leak prevention found in the posted text, for the template.

    ``leak_findings`` lists the findings (rule, masked match, line, why);
    ``needs_justification`` shows the justification field.
    """

    leak_findings: Any = ()
    needs_justification = False

    def show_leak_error(self, error: Any) -> None:
        """Put a leak prevention refusal on the form; the typed text stays."""
        self.leak_findings = error.findings
        if error.code == "justification_required":
            self.needs_justification = True
            self.add_error(  # type: ignore[attr-defined]
                "justification",
                _("Change the text, or say why it may be published."),
            )
        else:
            self.add_error(  # type: ignore[attr-defined]
                "body", _("Not published: remove what is listed below.")
            )

    @property
    def shows_justification(self) -> bool:
        return bool(
            getattr(self, "needs_justification", False)
            or (self.data.get("justification") if self.data else "")  # type: ignore[attr-defined]
        )


LANGUAGE_CHOICES = [
    ("", pgettext_lazy("language", "Detect automatically")),
    ("nl", pgettext_lazy("language", "Dutch")),
    ("en", pgettext_lazy("language", "English")),
]


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more uploaded files, cleaned one by one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class PostForm(LeakFindingsMixin, RequiredReadersFields):
    """The composer: text, optional title, audience, language and files.

    The "Required readers" fields come from ``RequiredReadersFields``.
    """

    title = forms.CharField(
        label=pgettext_lazy("post", "Title"),
        required=False,
        strip=False,
        help_text=_("A title turns your post into an article."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label=_("What would you like to share?"),
        required=False,
        strip=False,
        help_text=_(
            "Markdown works: **bold**, *italic*, lists and links. "
            "Use #hashtags and @mentions."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    group = forms.TypedChoiceField(
        label=_("Post in"), required=False, coerce=int, empty_value=None
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=LANGUAGE_CHOICES
    )
    files = MultipleFileField(
        label=_("Attach files"),
        help_text=_("Images, PDF, text and Office files."),
        widget=MultipleFileInput(
            attrs={"accept": "image/*,.pdf,.txt,.csv,.docx,.xlsx,.pptx"}
        ),
    )
    justification = justification_field()

    def __init__(self, *args: Any, groups: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, Any]] = [
            ("", pgettext_lazy("audience", "My profile (everyone)"))
        ]
        choices += [(g.pk, g.name) for g in groups]
        self.fields["group"].choices = choices
        self.set_reader_groups(groups)


class PostEditForm(LeakFindingsMixin, forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("post", "Title"),
        required=False,
        strip=False,
        help_text=_("Leave empty for a short update."),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=LANGUAGE_CHOICES
    )
    justification = justification_field()


class CommentForm(LeakFindingsMixin, forms.Form):
    body = forms.CharField(
        label=_("Write a comment"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    parent_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    justification = justification_field()


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=ReactionKind.choices)


class ToggleForm(forms.Form):
    """A switch posted by a button: ``on=1`` or ``on=0``."""

    on = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1"
    )


class CursorForm(forms.Form):
    before = forms.IntegerField(required=False, min_value=1)
