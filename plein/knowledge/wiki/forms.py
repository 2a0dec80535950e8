"""Forms that parse wiki input for the views.

They only parse: the actions check titles, lengths, permissions, the
guidelines and leak prevention, and their ``InvalidInput`` goes back onto
the matching field (``plein.core.forms.add_action_error``), so the typed
text is always kept.
"""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.core.forms import RefusalMixin, justification_field

BODY_HELP = _(
    "Markdown works: **bold**, *italic*, lists, tables and # headings. "
    "Link another page with [[Page title]]."
)


class PageForm(RefusalMixin, forms.Form):
    """A new page: title and text; the wiki and parent come from the URL."""

    title = forms.CharField(
        label=pgettext_lazy("wiki", "Title"),
        required=False,
        max_length=200,
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label=pgettext_lazy("wiki", "Text"),
        required=False,
        strip=False,
        help_text=BODY_HELP,
        widget=forms.Textarea(attrs={"rows": 16}),
    )
    justification = justification_field()


class PageEditForm(PageForm):
    """A new revision, saved on the revision the editor started from."""

    note = forms.CharField(
        label=_("What changed?"),
        required=False,
        max_length=200,
        help_text=_("A short note for the history, such as “New address”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    base_revision = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    field_order = ["title", "body", "note", "justification", "base_revision"]


class PreviewForm(forms.Form):
    body = forms.CharField(required=False, strip=False)


class MoveForm(RefusalMixin, forms.Form):
    """Where the page goes: the top of a wiki, or under a page.

    A place in another wiki also needs ``to_other_wiki`` ticked: the page
    then reaches other readers, and nobody should do that by a slip of the
    list. ``include_subpages`` takes the pages under it along.
    """

    place = forms.ChoiceField(label=_("New place"))
    to_other_wiki = forms.BooleanField(
        label=_("Yes, move it to another wiki"),
        required=False,
        help_text=_(
            "Needed when the new place is in another wiki. Its readers there "
            "see the current text and the history from the move on; earlier "
            "versions and the files stay with the readers of this wiki. The "
            "text is checked as when it is published."
        ),
    )
    include_subpages = forms.BooleanField(
        label=_("Move the pages under it along"),
        required=False,
        help_text=_("Needed to move a page with pages under it to another wiki."),
    )
    justification = justification_field()

    def __init__(self, *args: Any, places: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # self.fields holds a copy of each field declared above.
        cast(forms.ChoiceField, self.fields["place"]).choices = places


class OwnerForm(forms.Form):
    handle = forms.CharField(
        label=_("New owner"),
        max_length=151,
        help_text=_("Their handle, as in the address of their profile (@anna)."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class PageFileForm(forms.Form):
    """An image or file for a page; the action checks size, type and content."""

    file = forms.FileField(
        label=_("Image or file"),
        help_text=_("Images, PDF, text, CSV and Office files."),
        error_messages={"required": _("Choose a file to upload.")},
    )
    alt = forms.CharField(
        label=_("Description of the image"),
        required=False,
        max_length=200,
        help_text=_("For colleagues who cannot see the image. Leave empty for a file."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
