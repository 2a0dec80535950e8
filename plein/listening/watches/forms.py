"""The watch form: it parses; the actions validate and decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.listening.watches.actions import NAME_MAX_LENGTH
from plein.listening.watches.models import WatchKind


def split_handles(value: str) -> list[str]:
    return [h.lstrip("@") for h in value.replace(",", " ").split() if h.strip("@")]


class WatchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH)
    kind = forms.ChoiceField(label=_("Kind"), choices=WatchKind.choices)
    query = forms.CharField(
        label=_("Words to look for"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One line per way of writing it; all words on a line must occur. "
            "Words also find their other forms (hypotheek finds hypotheken); "
            '"quotes" look for a phrase; OR separates alternatives.'
        ),
    )
    team_group = forms.TypedChoiceField(
        label=_("Account team: group"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "Client watches: the group's members are told of every new mention "
            "and may read the mentions this watch found."
        ),
    )
    team_people = forms.CharField(
        label=_("Account team: people"),
        required=False,
        max_length=2000,
        help_text=_("Client watches: @handles, separated by spaces."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, groups: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["team_group"]
        field.choices = [("", _("No group"))] + [(g.pk, g.name) for g in groups]

    def handles(self) -> list[str]:
        return split_handles(self.cleaned_data.get("team_people", ""))

    def watch_fields(self) -> dict[str, Any]:
        """What the create and update actions take, from the cleaned form."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "query": data["query"],
            "team_group_id": data["team_group"],
            "team_people": self.handles(),
            "is_active": data["is_active"],
        }
