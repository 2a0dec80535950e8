"""Forms that parse compliance input; the actions validate and authorise.

People are named by handle and groups by slug. The lookups are not scoped
by ``plein.access``: these forms are only shown to compliance officers and
org admins, who must reach deactivated people and secret groups too.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.groups.models import Group
from plein.people.models import User


class _LookupMixin:
    cleaned_data: dict[str, Any]

    def _person(self) -> User | None:
        handle = (self.cleaned_data.get("person") or "").strip().lstrip("@")
        if not handle:
            return None
        person = User.objects.filter(handle__iexact=handle).first()
        if person is None:
            raise forms.ValidationError(
                {
                    "person": _("Nobody has the handle “%(handle)s”.")
                    % {"handle": handle}
                }
            )
        return person

    def _group(self) -> Group | None:
        slug = (self.cleaned_data.get("group") or "").strip()
        if not slug:
            return None
        group = Group.objects.filter(slug__iexact=slug).first()
        if group is None:
            raise forms.ValidationError(
                {"group": _("No group has the address “%(slug)s”.") % {"slug": slug}}
            )
        return group


class ExportForm(_LookupMixin, forms.Form):
    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=64,
        help_text=_("Their handle, e.g. jan.devries. Former colleagues too."),
    )
    group = forms.CharField(
        label=_("Group"),
        required=False,
        max_length=80,
        help_text=_("The group's address (slug), e.g. finance."),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        required=False,
        max_length=500,
        help_text=_("Every word must occur, in the text or an earlier version."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["person"] = self._person()
        data["group"] = self._group()
        return data


class HoldForm(_LookupMixin, forms.Form):
    matter = forms.CharField(
        label=_("Matter"),
        max_length=200,
        required=False,
        help_text=_("The case or investigation; holds with one name form a matter."),
    )
    person = forms.CharField(
        label=_("Person"), required=False, max_length=64, help_text=_("Handle.")
    )
    group = forms.CharField(
        label=_("Group"), required=False, max_length=80, help_text=_("Slug.")
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["person"] = self._person()
        data["group"] = self._group()
        return data


class RetentionForm(_LookupMixin, forms.Form):
    group = forms.CharField(
        label=_("Group"),
        required=False,
        max_length=80,
        help_text=_("Leave empty for the organisation's term."),
    )
    days = forms.IntegerField(label=_("Days to keep"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["group"] = self._group()
        return data
