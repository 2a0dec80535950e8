"""Forms that parse post, comment and reaction input for the views.

The forms only parse: length, required text and permissions are checked by
the actions, whose ``InvalidInput`` errors are put back on the matching
field with ``plein.core.forms.publish_with_form`` so the typed text is kept.
"""

import copy
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.core.forms import RefusalMixin, justification_field
from plein.posts.models import ReactionKind
from plein.posts.publishing import PostDraft, Upload, draft_parts

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


class PostForm(RefusalMixin, forms.Form):
    """The composer: text, optional title, audience, language and files.

    Features add their fields through registered draft parts (the required
    readers, for one); :meth:`to_draft` hands everything to
    ``check_publish_post``.
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
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": _("Start a post…"), "data-mentions": ""}
        ),
    )
    group = forms.TypedChoiceField(
        label=_("Post in"), required=False, coerce=int, empty_value=None
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=LANGUAGE_CHOICES
    )
    # The metaclass moves declared fields into base_fields, so this does not
    # replace the form's ``files`` (the uploads) that the stubs see it override.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Attach files"),
        help_text=_("Images, PDF, text and Office files."),
        widget=MultipleFileInput(
            attrs={"accept": "image/*,.pdf,.txt,.csv,.docx,.xlsx,.pptx"}
        ),
    )
    justification = justification_field()

    def __init__(
        self, *args: Any, user: Any = None, groups: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, Any]] = [
            ("", pgettext_lazy("audience", "My profile (everyone)"))
        ]
        choices += [(g.pk, g.name) for g in groups]
        # self.fields types every field as Field; this one is the ChoiceField above.
        cast(forms.TypedChoiceField, self.fields["group"]).choices = choices
        for part in draft_parts.values():
            if part.form is None:
                continue
            # As Django does for a form's own fields: each form its copy.
            for name, field in part.form.base_fields.items():
                self.fields[name] = copy.deepcopy(field)
            if part.prepare_form is not None:
                part.prepare_form(self, user, groups)

    def to_draft(self, user: Any, group: Any) -> PostDraft:
        """The draft the cleaned form describes (``group`` through access_group)."""
        data = self.cleaned_data
        parts = {}
        for part in draft_parts.values():
            if part.from_form is None:
                continue
            value = part.from_form(self, user)
            if value is not None:
                parts[part.name] = value
        return PostDraft(
            body=data["body"],
            title=data["title"],
            group=group,
            language=data["language"] or None,
            uploads=[
                Upload(
                    filename=upload.name,
                    content_type=upload.content_type or "",
                    data=upload.read(),
                )
                for upload in data["files"]
            ],
            parts=parts,
            justification=data["justification"],
        )


class PostEditForm(RefusalMixin, forms.Form):
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
        widget=forms.Textarea(attrs={"rows": 8, "data-mentions": ""}),
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=LANGUAGE_CHOICES
    )
    justification = justification_field()


class CommentForm(RefusalMixin, forms.Form):
    body = forms.CharField(
        label=_("Write a comment"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2, "data-mentions": ""}),
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
