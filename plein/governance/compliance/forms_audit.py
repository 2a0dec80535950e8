"""The audit log page's filters."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.governance.compliance.audit import AuditFilters


class AuditFilterForm(forms.Form):
    actor = forms.CharField(
        label=pgettext_lazy("audit", "Actor"),
        required=False,
        max_length=254,
        help_text=_("A person's id or e-mail address."),
    )
    action = forms.CharField(
        label=pgettext_lazy("audit", "Action"),
        required=False,
        max_length=100,
        help_text=_(
            'An action such as posts.post.edited, or a prefix such as "posts.".'
        ),
    )
    since = forms.DateField(
        label=pgettext_lazy("audit", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=pgettext_lazy("audit", "Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def filters(self) -> AuditFilters:
        """The cleaned filters (empty ones when the form is invalid)."""
        if not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        return AuditFilters(
            actor=data.get("actor") or "",
            action=data.get("action") or "",
            since=data.get("since"),
            until=data.get("until"),
        )
