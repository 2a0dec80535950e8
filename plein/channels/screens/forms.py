"""The screen form: it parses; the actions validate and authorise."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.access.groups import visible_groups
from plein.access.roles import GroupKind
from plein.channels.screens.models import Screen
from plein.channels.screens.sources import optional_sources


class ScreenForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    location = forms.CharField(
        label=_("Location"),
        required=False,
        max_length=200,
        help_text=_("Where the screen hangs, e.g. Canteen, ground floor."),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=Screen.Language.choices, required=False
    )
    rotation_seconds = forms.IntegerField(
        label=_("Seconds per slide"), initial=12, required=False
    )
    shows_announcements = forms.BooleanField(
        label=_("Show announcements"),
        required=False,
        initial=True,
        help_text=_(
            "Posts with required readers that everyone may see, with a QR code "
            "to confirm on one's phone."
        ),
    )
    groups = forms.TypedMultipleChoiceField(
        label=_("Posts from these groups"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Open groups only: a screen shows what everyone may see."),
    )
    shows_welcome = forms.BooleanField(
        label=_("Welcome new colleagues"), required=False, initial=True
    )
    welcome_days = forms.IntegerField(
        label=_("Colleagues who joined in the last (days)"), initial=14, required=False
    )
    extra_sources = forms.MultipleChoiceField(
        label=_("Also show"), required=False, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("A screen that is not active shows “not connected”."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = visible_groups(user).filter(kind=GroupKind.OPEN).order_by("name")
        groups_field: Any = self.fields["groups"]
        groups_field.choices = [(g.pk, g.name) for g in groups]
        extra = [(s.code, s.label) for s in optional_sources()]
        if extra:
            extra_field: Any = self.fields["extra_sources"]
            extra_field.choices = extra
        else:
            del self.fields["extra_sources"]

    def action_values(self) -> dict[str, Any]:
        """The cleaned data as the actions take it (empty numbers: invalid)."""
        data = dict(self.cleaned_data)
        data["group_ids"] = data.pop("groups", [])
        data.setdefault("extra_sources", [])
        return data

    @staticmethod
    def initial_for(screen: Screen) -> dict[str, Any]:
        return {
            "name": screen.name,
            "location": screen.location,
            "language": screen.language,
            "rotation_seconds": screen.rotation_seconds,
            "shows_announcements": screen.shows_announcements,
            "groups": [g.pk for g in screen.groups.all()],
            "shows_welcome": screen.shows_welcome,
            "welcome_days": screen.welcome_days,
            "extra_sources": screen.extra_sources,
            "is_active": screen.is_active,
        }
