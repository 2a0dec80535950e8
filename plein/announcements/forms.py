"""The "Required readers" fields, for the composer and the post page.

The form only parses: who may be named, and whether they can see the post,
is decided by ``check_require_readers``, whose errors come back on the
``required_readers`` and ``due_date`` fields with the typed text kept.
"""

import datetime
import zoneinfo
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.people.models import Department

# The action's field names for the form's.
READERS_FIELD_ALIASES = {"due_at": "due_date"}


class RequiredReadersFields(forms.Form):
    """Fields shared by the composer and the "add required readers" form."""

    required_readers = forms.CharField(
        label=_("People"),
        required=False,
        max_length=5000,
        help_text=_("Handles or e-mail addresses, separated by commas."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    reader_groups = forms.TypedMultipleChoiceField(
        label=_("Whole groups"), required=False, coerce=int
    )
    reader_departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        required=False,
        queryset=Department.objects.all(),
        help_text=_("Sub-departments are included."),
    )
    requires_action = forms.BooleanField(
        label=_("Ask for an action (“Done” instead of “Mark as read”)"), required=False
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def set_reader_groups(self, groups: Any) -> None:
        # self.fields holds a copy of each field declared above.
        field = cast(forms.TypedMultipleChoiceField, self.fields["reader_groups"])
        field.choices = [(g.pk, g.name) for g in groups]

    def has_required_readers(self) -> bool:
        data = self.cleaned_data
        return bool(
            data.get("required_readers", "").strip()
            or data.get("reader_groups")
            or data.get("reader_departments")
        )

    def reader_refs(self) -> list[str]:
        return [
            r for r in self.cleaned_data["required_readers"].split(",") if r.strip()
        ]

    def due_at(self, user: Any) -> datetime.datetime | None:
        """The end of the due day in the author's time zone."""
        return self.due_at_for(self.cleaned_data.get("due_date"), user)

    @staticmethod
    def due_at_for(day: datetime.date | None, user: Any) -> datetime.datetime | None:
        """The end of ``day`` in ``user``'s time zone (None for no day)."""
        if day is None:
            return None
        try:
            zone = zoneinfo.ZoneInfo(user.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = zoneinfo.ZoneInfo("Europe/Amsterdam")
        return datetime.datetime.combine(day, datetime.time(23, 59), tzinfo=zone)


class RequiredReadersForm(RequiredReadersFields):
    """Adding required readers to a post that already exists."""

    def __init__(self, *args: Any, groups: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_reader_groups(groups)


def save_required_readers(form: RequiredReadersFields, user: Any, post: Any) -> Any:
    """Name the readers the form holds, through ``check_require_readers``.

    Runs in the caller's transaction; raises what the action raises.
    """
    from plein.announcements.actions import check_require_readers, resolve_people_refs

    data = form.cleaned_data
    return check_require_readers(
        user,
        post,
        people=resolve_people_refs(form.reader_refs()),
        group_ids=data.get("reader_groups") or [],
        department_ids=[d.pk for d in data.get("reader_departments") or []],
        requires_action=data.get("requires_action", False),
        due_at=form.due_at(user),
    )
