"""The push choices per kind of notification, as one form."""

from typing import Any

from django import forms

from plein.channels.push.actions import get_push_choices, pushable_kinds
from plein.people.models import User


class PushChoicesForm(forms.Form):
    """One checkbox per kind that may be pushed, named ``push_<kind>``."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = pushable_kinds()
        choices = get_push_choices(user)
        for kind in self.kinds:
            self.fields[f"push_{kind.code}"] = forms.BooleanField(
                label=kind.label, required=False, initial=choices[kind.code]
            )

    def kind_fields(self) -> list[Any]:
        return [self[f"push_{kind.code}"] for kind in self.kinds]

    def choices(self) -> dict[str, bool]:
        return {
            kind.code: bool(self.cleaned_data[f"push_{kind.code}"])
            for kind in self.kinds
        }
